package io.github.reconnectingsocket.spring;

import java.nio.charset.StandardCharsets;

import org.springframework.context.ApplicationEvent;

/**
 * A message received by a socket declared in {@code application.yml}
 * ({@code reconnecting-socket.sockets.<name>.tcp} or {@code .websocket}). Published
 * synchronously on the client's I/O thread: a listener should be quick, or hand the work
 * to an executor ({@code @Async}). Select one socket's messages with
 * {@code @EventListener(condition = "#event.socketName == 'ledger'")}.
 */
public class ReconnectingSocketMessageEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final String socketName;

	private final transient Object payload;

	/**
	 * @param socketName the socket's name
	 * @param payload the message: a {@code String} (a line, a WebSocket text message) or
	 * a {@code byte[]} (a frame, a chunk, a WebSocket binary message)
	 */
	public ReconnectingSocketMessageEvent(String socketName, Object payload) {
		super(socketName);
		this.socketName = socketName;
		this.payload = payload;
	}

	/**
	 * @return the name of the socket that received the message
	 */
	public String getSocketName() {
		return this.socketName;
	}

	/**
	 * @return the message: a {@code String} or a {@code byte[]}
	 */
	public Object getPayload() {
		return this.payload;
	}

	/**
	 * @return whether the message is text
	 */
	public boolean isText() {
		return this.payload instanceof String;
	}

	/**
	 * @return the message as text: itself when text, else its bytes decoded as UTF-8
	 */
	public String getText() {
		return (this.payload instanceof String text) ? text : new String((byte[]) this.payload, StandardCharsets.UTF_8);
	}

	/**
	 * @return the message as bytes: itself when binary, else its UTF-8 encoding
	 */
	public byte[] getBytes() {
		return (this.payload instanceof byte[] bytes) ? bytes.clone()
				: ((String) this.payload).getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "ReconnectingSocketMessageEvent[" + this.socketName + ", "
				+ (isText() ? "text" : ((byte[]) this.payload).length + " bytes") + "]";
	}

}
