package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;
import java.util.function.Consumer;

import io.github.reconnectingsocket.clients.WebSocketClient;
import io.github.reconnectingsocket.clients.WebSocketClientBuilder;
import io.github.reconnectingsocket.clients.WebSocketConnection;
import io.github.reconnectingsocket.clients.WebSocketSocketFactory;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.ResolvableType;

/**
 * A socket declared under {@code reconnecting-socket.sockets.<name>.websocket}: a
 * {@link WebSocketSocketFactory} bean and a {@link WebSocketClient} bean. Text messages
 * are published as {@code String}s, binary ones as {@code byte[]}s.
 */
final class DeclaredWebSocket implements DeclaredSocket {

	private final WebSocketSocketProperties properties;

	private final DeclaredSocketSupport support;

	DeclaredWebSocket(WebSocketSocketProperties properties, DeclaredSocketSupport support) {
		this.properties = properties;
		this.support = support;
	}

	@Override
	public String name() {
		return this.support.name();
	}

	@Override
	public ResolvableType factoryType() {
		return ResolvableType.forClass(WebSocketSocketFactory.class);
	}

	@Override
	public ResolvableType clientType() {
		return ResolvableType.forClass(WebSocketClient.class);
	}

	@Override
	public DeclaredSocketSupport support() {
		return this.support;
	}

	@Override
	public void validate() {
		builder((message) -> {
		}).buildFactory();
		DeclaredSocket.super.validate();
	}

	@Override
	public SocketFactory<?> createFactory(ListableBeanFactory beanFactory, ApplicationEventPublisher publisher) {
		WebSocketClientBuilder builder = builder(this.support.messagePublisher(publisher));
		String bundle = this.properties.sslBundle();
		if (bundle != null && !bundle.isBlank()) {
			builder.ssl(this.support.sslContext(bundle, beanFactory));
		}
		return builder.buildFactory();
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object createClient(ReconnectingSocket<?> socket) {
		return WebSocketClient.of((ReconnectingSocket<WebSocketConnection>) socket);
	}

	@Override
	public @Nullable Duration livenessTimeout() {
		return DeclaredSocket.livenessTimeout(this.properties.livenessTimeout(), this.properties.pingInterval());
	}

	private WebSocketClientBuilder builder(Consumer<Object> messages) {
		WebSocketSocketProperties websocket = this.properties;
		String uri = websocket.uri();
		if (uri == null) {
			throw this.support.invalid("uri", null, "a ws:// or wss:// URI (required)", null);
		}
		return this.support.checked(() -> {
			WebSocketClientBuilder builder = WebSocketClient.builder(uri)
				.onText(messages::accept)
				.onBinary(messages::accept)
				.pingInterval(websocket.pingInterval())
				.connectTimeout(websocket.connectTimeout())
				.subprotocols(websocket.subprotocols().toArray(String[]::new))
				.writeQueueLimit(websocket.writeQueueLimit())
				.maxMessageSize(websocket.maxMessageSize());
			websocket.headers().forEach(builder::header);
			return builder;
		});
	}

}
