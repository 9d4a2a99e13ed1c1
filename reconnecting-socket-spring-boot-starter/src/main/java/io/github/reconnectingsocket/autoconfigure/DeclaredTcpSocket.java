package io.github.reconnectingsocket.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

import io.github.reconnectingsocket.clients.Framing;
import io.github.reconnectingsocket.clients.TcpClient;
import io.github.reconnectingsocket.clients.TcpClientBuilder;
import io.github.reconnectingsocket.clients.TcpConnection;
import io.github.reconnectingsocket.clients.TcpSocketFactory;
import io.github.reconnectingsocket.core.InvalidOptionException;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.ResolvableType;

/**
 * A socket declared under {@code reconnecting-socket.sockets.<name>.tcp}: a
 * {@link TcpSocketFactory} bean and a {@link TcpClient} bean, of {@code String} messages
 * with the lines framing and of {@code byte[]} messages otherwise.
 */
final class DeclaredTcpSocket implements DeclaredSocket {

	private final TcpSocketProperties properties;

	private final DeclaredSocketSupport support;

	DeclaredTcpSocket(TcpSocketProperties properties, DeclaredSocketSupport support) {
		this.properties = properties;
		this.support = support;
	}

	@Override
	public String name() {
		return this.support.name();
	}

	@Override
	public ResolvableType factoryType() {
		return ResolvableType.forClassWithGenerics(TcpSocketFactory.class, messageType());
	}

	@Override
	public ResolvableType clientType() {
		return ResolvableType.forClassWithGenerics(TcpClient.class, messageType());
	}

	private Class<?> messageType() {
		return (this.properties.framing() == TcpSocketProperties.Framing.LINES) ? String.class : byte[].class;
	}

	@Override
	public DeclaredSocketSupport support() {
		return this.support;
	}

	@Override
	public void validate() {
		builder(framing(), (message) -> {
		}).buildFactory();
		DeclaredSocket.super.validate();
	}

	@Override
	public SocketFactory<?> createFactory(ListableBeanFactory beanFactory, ApplicationEventPublisher publisher) {
		TcpClientBuilder<?> builder = builder(framing(), this.support.messagePublisher(publisher));
		String bundle = this.properties.sslBundle();
		if (bundle != null && !bundle.isBlank()) {
			builder.ssl(this.support.sslContext(bundle, beanFactory));
		}
		return builder.buildFactory();
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object createClient(ReconnectingSocket<?> socket) {
		return TcpClient.of((ReconnectingSocket<TcpConnection<Object>>) socket);
	}

	@Override
	public @Nullable Duration livenessTimeout() {
		return DeclaredSocket.livenessTimeout(this.properties.livenessTimeout(), this.properties.heartbeatInterval());
	}

	private Framing<?> framing() {
		return this.support.checked(() -> switch (this.properties.framing()) {
			case LINES -> Framing.lines(this.properties.maxLineLength());
			case LENGTH_PREFIXED -> Framing.lengthPrefixed(this.properties.maxFrameSize());
			case RAW -> Framing.raw();
		});
	}

	@SuppressWarnings("unchecked")
	private <M> TcpClientBuilder<M> builder(Framing<M> framing, Consumer<?> handler) {
		TcpSocketProperties tcp = this.properties;
		if (tcp.host() == null) {
			throw this.support.invalid("host", null, "a host name or an IP address (required)", null);
		}
		if (tcp.port() == null) {
			throw this.support.invalid("port", null, "1 to 65535 (required)", null);
		}
		return this.support.checked(() -> {
			TcpClientBuilder<M> builder = TcpClient.builder(tcp.host(), tcp.port(), framing)
				.onMessage((Consumer<M>) handler)
				.connectTimeout(tcp.connectTimeout())
				.keepAlive(tcp.keepAlive())
				.noDelay(tcp.noDelay())
				.writeQueueLimit(tcp.writeQueueLimit())
				.hostnameVerification(tcp.hostnameVerification());
			heartbeat(builder, framing);
			return builder;
		});
	}

	@SuppressWarnings("unchecked")
	private <M> void heartbeat(TcpClientBuilder<M> builder, Framing<M> framing) {
		Duration interval = this.properties.heartbeatInterval();
		String message = this.properties.heartbeatMessage();
		if (interval == null) {
			return;
		}
		if (message == null) {
			throw this.support.invalid("heartbeat-message", null,
					"the message to send every heartbeat-interval " + "(required with heartbeat-interval)", null);
		}
		Object payload = (this.properties.framing() == TcpSocketProperties.Framing.LINES) ? message
				: message.getBytes(StandardCharsets.UTF_8);
		try {
			builder.heartbeat(interval, (M) payload);
		}
		catch (InvalidOptionException ex) {
			throw ex;
		}
		catch (IllegalArgumentException ex) {
			throw this.support.invalid("heartbeat-message", message,
					"a message the " + framing + " framing can " + "carry (" + ex.getMessage() + ")", ex);
		}
	}

}
