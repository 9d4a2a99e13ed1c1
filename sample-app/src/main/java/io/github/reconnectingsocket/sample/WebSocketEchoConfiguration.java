package io.github.reconnectingsocket.sample;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Serves the WebSocket echo endpoint that the {@code ws-echo} socket connects to, with
 * Spring's WebSocket support on the application's own web server.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketEchoConfiguration implements WebSocketConfigurer {

	private final WebSocketEchoHandler handler;

	WebSocketEchoConfiguration(WebSocketEchoHandler handler) {
		this.handler = handler;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(this.handler, WebSocketEchoHandler.PATH);
	}

}
