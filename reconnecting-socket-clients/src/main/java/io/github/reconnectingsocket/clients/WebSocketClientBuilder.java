package io.github.reconnectingsocket.clients;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import io.github.reconnectingsocket.core.InvalidOptionException;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link WebSocketClient}, or only its {@link WebSocketSocketFactory}. Each
 * option is checked as it is set ({@link InvalidOptionException} names the option, the
 * value and what is allowed).
 */
public final class WebSocketClientBuilder {

	/** Default {@link #writeQueueLimit(int)}. */
	public static final int DEFAULT_WRITE_QUEUE_LIMIT = 1024;

	/** Default {@link #maxMessageSize(int)}: 1 MiB. */
	public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

	private static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-length", "expect", "host",
			"upgrade");

	private final URI uri;

	private Consumer<String> textHandler = (text) -> {
	};

	private Consumer<byte[]> binaryHandler = (bytes) -> {
	};

	private long pingMillis;

	private long connectTimeoutMillis;

	private final List<String> subprotocols = new ArrayList<>();

	private final Map<String, List<String>> headers = new LinkedHashMap<>();

	private int writeQueueLimit = DEFAULT_WRITE_QUEUE_LIMIT;

	private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

	private @Nullable Supplier<SSLContext> sslContext;

	private @Nullable HttpClient httpClient;

	private Consumer<WebSocketConnection> onOpen = (connection) -> {
	};

	private Consumer<ReconnectingSocketBuilder<WebSocketConnection>> socket = (builder) -> {
	};

	WebSocketClientBuilder(URI uri) {
		this.uri = checkedUri(uri);
	}

	static URI checkedUri(@Nullable URI uri) {
		String scheme = (uri != null) ? uri.getScheme() : null;
		if (uri == null || scheme == null || !Set.of("ws", "wss").contains(scheme.toLowerCase(Locale.ROOT))
				|| uri.getHost() == null || uri.getFragment() != null) {
			throw new InvalidOptionException("uri", uri, "an absolute ws:// or wss:// URI with a host and no fragment");
		}
		return uri;
	}

	/**
	 * @param handler receives each whole text message (parts are assembled), on the HTTP
	 * client's executor; one that throws is logged and reading goes on
	 * @return this builder
	 */
	public WebSocketClientBuilder onText(Consumer<String> handler) {
		this.textHandler = Objects.requireNonNull(handler, "handler must not be null");
		return this;
	}

	/**
	 * @param handler receives each whole binary message, as {@link #onText}
	 * @return this builder
	 */
	public WebSocketClientBuilder onBinary(Consumer<byte[]> handler) {
		this.binaryHandler = Objects.requireNonNull(handler, "handler must not be null");
		return this;
	}

	/**
	 * @param interval send a Ping this often while connected; the Pong, like any message,
	 * feeds the socket's liveness timeout (set that to two or three intervals).
	 * {@code null} (default): no ping
	 * @return this builder
	 */
	public WebSocketClientBuilder pingInterval(@Nullable Duration interval) {
		this.pingMillis = (interval != null) ? TcpClientBuilder.positiveMillis("pingInterval", interval) : 0;
		return this;
	}

	/**
	 * @param connectTimeout how long the TCP connect may take; {@code null} (default)
	 * leaves the whole handshake to the socket's open timeout
	 * @return this builder
	 */
	public WebSocketClientBuilder connectTimeout(@Nullable Duration connectTimeout) {
		this.connectTimeoutMillis = (connectTimeout != null)
				? TcpClientBuilder.positiveMillis("connectTimeout", connectTimeout) : 0;
		return this;
	}

	/**
	 * @param subprotocols offered in order of preference ({@code Sec-WebSocket-Protocol})
	 * @return this builder
	 */
	public WebSocketClientBuilder subprotocols(String... subprotocols) {
		for (String subprotocol : subprotocols) {
			if (subprotocol == null || subprotocol.isBlank() || !subprotocol.chars().allMatch((c) -> c > 32 && c < 127)
					|| subprotocol.contains(",")) {
				throw new InvalidOptionException("subprotocols", subprotocol, "a token of visible ASCII characters");
			}
		}
		this.subprotocols.clear();
		this.subprotocols.addAll(List.of(subprotocols));
		return this;
	}

	/**
	 * @param name a header of the opening handshake
	 * @param value its value; a name given twice sends both values
	 * @return this builder
	 */
	public WebSocketClientBuilder header(String name, String value) {
		if (name == null || name.isBlank() || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))
				|| name.toLowerCase(Locale.ROOT).startsWith("sec-websocket-")) {
			throw new InvalidOptionException("header", name,
					"a header name other than Connection, Content-Length, Expect, Host, Upgrade and Sec-WebSocket-*");
		}
		this.headers.computeIfAbsent(name, (key) -> new ArrayList<>())
			.add(Objects.requireNonNull(value, "value must not be null"));
		return this;
	}

	/**
	 * @param limit messages accepted and not yet sent, per connection, beyond which a
	 * send fails with {@link WriteQueueFullException} (default 1,024)
	 * @return this builder
	 */
	public WebSocketClientBuilder writeQueueLimit(int limit) {
		if (limit < 1) {
			throw new InvalidOptionException("writeQueueLimit", limit, "1 or more messages");
		}
		this.writeQueueLimit = limit;
		return this;
	}

	/**
	 * @param size the largest inbound message, in chars for text and bytes for binary
	 * (default 1 MiB); a larger one is a {@link FramingException} and the connection is
	 * dropped
	 * @return this builder
	 */
	public WebSocketClientBuilder maxMessageSize(int size) {
		if (size < 1) {
			throw new InvalidOptionException("maxMessageSize", size, "1 or more");
		}
		this.maxMessageSize = size;
		return this;
	}

	/**
	 * @param sslContext TLS material for {@code wss://} (default: the JVM's default
	 * context); host names are always verified by the JDK's HTTP client
	 * @return this builder
	 */
	public WebSocketClientBuilder ssl(SSLContext sslContext) {
		Objects.requireNonNull(sslContext, "sslContext must not be null");
		return ssl(() -> sslContext);
	}

	/**
	 * @param sslContext read at every attempt: to rotate certificates, return the new
	 * context and call {@code reconnect()}
	 * @return this builder
	 */
	public WebSocketClientBuilder ssl(Supplier<SSLContext> sslContext) {
		this.sslContext = Objects.requireNonNull(sslContext, "sslContext must not be null");
		return this;
	}

	/**
	 * @param client the JDK HTTP client to open the connections with (its own TLS
	 * settings apply); not together with {@link #ssl}
	 * @return this builder
	 */
	public WebSocketClientBuilder httpClient(HttpClient client) {
		this.httpClient = Objects.requireNonNull(client, "client must not be null");
		return this;
	}

	/**
	 * @param onOpen runs on every connection once it is open, for example to subscribe
	 * @return this builder
	 */
	public WebSocketClientBuilder onOpen(Consumer<WebSocketConnection> onOpen) {
		this.onOpen = Objects.requireNonNull(onOpen, "onOpen must not be null");
		return this;
	}

	/**
	 * @param customizer sets the socket's options for {@link #build()}: name (default:
	 * the URI), backoff, open timeout, liveness timeout...; each call adds one, run in
	 * order
	 * @return this builder
	 */
	public WebSocketClientBuilder socket(Consumer<ReconnectingSocketBuilder<WebSocketConnection>> customizer) {
		this.socket = this.socket.andThen(Objects.requireNonNull(customizer, "customizer must not be null"));
		return this;
	}

	/**
	 * @return the factory alone, for a {@code ReconnectingSocket} built elsewhere (see
	 * {@link WebSocketClient#of})
	 * @throws IllegalStateException when both an HTTP client and an SSL context are given
	 */
	public WebSocketSocketFactory buildFactory() {
		if (this.httpClient != null && this.sslContext != null) {
			throw new IllegalStateException("Give httpClient(...) or ssl(...), not both: the HTTP client's own SSL "
					+ "context would be ignored");
		}
		return new WebSocketSocketFactory(new WebSocketClientOptions(this.uri, this.textHandler, this.binaryHandler,
				this.pingMillis, this.connectTimeoutMillis, List.copyOf(this.subprotocols), copy(this.headers),
				this.writeQueueLimit, this.maxMessageSize, this.sslContext, this.httpClient, this.onOpen));
	}

	/**
	 * @return the client and its socket, STOPPED: call {@link WebSocketClient#start()}
	 */
	public WebSocketClient build() {
		ReconnectingSocketBuilder<WebSocketConnection> builder = ReconnectingSocket.builder(buildFactory())
			.name(this.uri.toString());
		this.socket.accept(builder);
		return WebSocketClient.of(builder.build());
	}

	private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
		return Collections.unmodifiableMap(copy);
	}

}
