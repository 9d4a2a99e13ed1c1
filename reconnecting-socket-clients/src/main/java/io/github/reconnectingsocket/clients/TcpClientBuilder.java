package io.github.reconnectingsocket.clients;

import java.nio.channels.AsynchronousChannelGroup;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import io.github.reconnectingsocket.core.InvalidOptionException;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link TcpClient}, or only its {@link TcpSocketFactory}. Each option is
 * checked as it is set, naming the option, the value and what is allowed
 * ({@link InvalidOptionException}).
 *
 * @param <M> the message type, set by the framing
 */
public final class TcpClientBuilder<M> {

	/**
	 * Default {@link #writeQueueLimit(int)}: messages accepted and not yet written, per
	 * connection.
	 */
	public static final int DEFAULT_WRITE_QUEUE_LIMIT = 1024;

	private final String host;

	private final int port;

	private final Framing<M> framing;

	private Consumer<M> messageHandler = (message) -> {
	};

	private long connectTimeoutMillis;

	private boolean keepAlive = true;

	private boolean noDelay = true;

	private int writeQueueLimit = DEFAULT_WRITE_QUEUE_LIMIT;

	private long heartbeatMillis;

	private @Nullable M heartbeatMessage;

	private @Nullable Supplier<SSLContext> sslContext;

	private boolean hostnameVerification = true;

	private @Nullable AsynchronousChannelGroup channelGroup;

	private Consumer<TcpConnection<M>> onOpen = (connection) -> {
	};

	private Consumer<ReconnectingSocketBuilder<TcpConnection<M>>> socket = (builder) -> {
	};

	TcpClientBuilder(String host, int port, Framing<M> framing) {
		if (host == null || host.isBlank()) {
			throw new InvalidOptionException("host", host, "a host name or an IP address");
		}
		if (port < 1 || port > 65535) {
			throw new InvalidOptionException("port", port, "1 to 65535");
		}
		this.host = host;
		this.port = port;
		this.framing = Objects.requireNonNull(framing, "framing must not be null");
	}

	/**
	 * @param handler receives each inbound message, on the connection's selector thread
	 * (shared with other connections): it must not block (hand long work to an executor);
	 * one that throws is logged and reading goes on
	 * @return this builder
	 */
	public TcpClientBuilder<M> onMessage(Consumer<M> handler) {
		this.messageHandler = Objects.requireNonNull(handler, "handler must not be null");
		return this;
	}

	/**
	 * @param connectTimeout how long the TCP connect and the TLS handshake may take;
	 * {@code null} (default) leaves it to the socket's open timeout (30 s by default),
	 * which bounds every attempt
	 * @return this builder
	 */
	public TcpClientBuilder<M> connectTimeout(@Nullable Duration connectTimeout) {
		this.connectTimeoutMillis = (connectTimeout != null) ? positiveMillis("connectTimeout", connectTimeout) : 0;
		return this;
	}

	/**
	 * @param keepAlive {@code SO_KEEPALIVE} (default {@code true}): the operating system
	 * probes an idle connection, after two hours by default on Linux; use
	 * {@link #heartbeat} and a liveness timeout to notice a dead peer sooner
	 * @return this builder
	 */
	public TcpClientBuilder<M> keepAlive(boolean keepAlive) {
		this.keepAlive = keepAlive;
		return this;
	}

	/**
	 * @param noDelay {@code TCP_NODELAY} (default {@code true}): small messages leave at
	 * once
	 * @return this builder
	 */
	public TcpClientBuilder<M> noDelay(boolean noDelay) {
		this.noDelay = noDelay;
		return this;
	}

	/**
	 * @param limit messages accepted by {@code send} and not yet written, per connection,
	 * beyond which {@code send} fails with {@link WriteQueueFullException} (default
	 * 1,024)
	 * @return this builder
	 */
	public TcpClientBuilder<M> writeQueueLimit(int limit) {
		if (limit < 1) {
			throw new InvalidOptionException("writeQueueLimit", limit, "1 or more messages");
		}
		this.writeQueueLimit = limit;
		return this;
	}

	/**
	 * @param interval how often to send the message while connected
	 * @param message sent every interval, to keep the peer's and middle boxes' idle
	 * timers from closing the connection, and to make a peer that answers it feed the
	 * liveness timeout
	 * @return this builder
	 */
	public TcpClientBuilder<M> heartbeat(Duration interval, M message) {
		this.heartbeatMillis = positiveMillis("heartbeat.interval", interval);
		this.heartbeatMessage = Objects.requireNonNull(message, "message must not be null");
		this.framing.encode(message);
		return this;
	}

	/**
	 * @param sslContext TLS with this context's keys and trust, host name verified by
	 * default
	 * @return this builder
	 */
	public TcpClientBuilder<M> ssl(SSLContext sslContext) {
		Objects.requireNonNull(sslContext, "sslContext must not be null");
		return ssl(() -> sslContext);
	}

	/**
	 * @param sslContext TLS with the context it returns, read at every connection
	 * attempt: to rotate certificates, make it return the new context and call
	 * {@code reconnect()}
	 * @return this builder
	 */
	public TcpClientBuilder<M> ssl(Supplier<SSLContext> sslContext) {
		this.sslContext = Objects.requireNonNull(sslContext, "sslContext must not be null");
		return this;
	}

	/**
	 * @param verify whether TLS checks that the server's certificate names the host
	 * (default {@code true}); turn it off only for a test
	 * @return this builder
	 */
	public TcpClientBuilder<M> hostnameVerification(boolean verify) {
		this.hostnameVerification = verify;
		return this;
	}

	/**
	 * Gives this client's connections a selector thread of their own instead of the
	 * shared one, so that a handler that blocks holds up only this client. The group
	 * itself is no longer used: the connections are {@code SocketChannel}s on a selector,
	 * not asynchronous channels.
	 * @param group ignored but for its presence
	 * @return this builder
	 * @deprecated since the transport moved to a selector; to be removed. Hand blocking
	 * work from the message handler to an executor of your own instead, or set the system
	 * property {@code reconnecting-socket.clients.io-threads} for more shared threads.
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	public TcpClientBuilder<M> channelGroup(AsynchronousChannelGroup group) {
		this.channelGroup = Objects.requireNonNull(group, "group must not be null");
		return this;
	}

	/**
	 * @param onOpen runs on every connection once it is open (after the socket's OPENED),
	 * for example to log in or subscribe; off the state machine's thread
	 * @return this builder
	 */
	public TcpClientBuilder<M> onOpen(Consumer<TcpConnection<M>> onOpen) {
		this.onOpen = Objects.requireNonNull(onOpen, "onOpen must not be null");
		return this;
	}

	/**
	 * @param customizer sets the socket's options for {@link #build()}: name (default
	 * {@code host:port}), backoff, open timeout, liveness timeout...; each call adds one,
	 * run in order
	 * @return this builder
	 */
	public TcpClientBuilder<M> socket(Consumer<ReconnectingSocketBuilder<TcpConnection<M>>> customizer) {
		this.socket = this.socket.andThen(Objects.requireNonNull(customizer, "customizer must not be null"));
		return this;
	}

	/**
	 * @return the factory alone, for a {@code ReconnectingSocket} built elsewhere (see
	 * {@link TcpClient#of})
	 */
	public TcpSocketFactory<M> buildFactory() {
		return new TcpSocketFactory<>(new TcpClientOptions<>(this.host, this.port, this.framing, this.messageHandler,
				this.connectTimeoutMillis, this.keepAlive, this.noDelay, this.writeQueueLimit, this.heartbeatMillis,
				this.heartbeatMessage, this.sslContext, this.hostnameVerification, this.channelGroup, this.onOpen));
	}

	/**
	 * @return the client and its socket, STOPPED: call {@link TcpClient#start()}
	 */
	public TcpClient<M> build() {
		ReconnectingSocketBuilder<TcpConnection<M>> builder = ReconnectingSocket.builder(buildFactory())
			.name(this.host + ":" + this.port);
		this.socket.accept(builder);
		return TcpClient.of(builder.build());
	}

	static long positiveMillis(String option, Duration duration) {
		Objects.requireNonNull(duration, option + " must not be null");
		if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(365)) > 0) {
			throw new InvalidOptionException(option, duration, "a positive duration of at most 365 days");
		}
		return Math.max(1, duration.toMillis());
	}

}
