package io.github.reconnectingsocket.sample;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The WebSocket echo endpoint, at {@value #PATH} on the application's own server: every
 * text or binary message goes back to its sender. Pings are answered with pongs by the
 * server itself (Tomcat), as RFC 6455 requires.
 */
@Component
class WebSocketEchoHandler extends AbstractWebSocketHandler {

	/** Where the endpoint is served. */
	static final String PATH = "/ws-echo";

	private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		this.sessions.add(session);
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
		session.sendMessage(message);
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
		session.sendMessage(message);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		this.sessions.remove(session);
	}

	/**
	 * @return the number of open sessions
	 */
	int sessions() {
		return this.sessions.size();
	}

}
