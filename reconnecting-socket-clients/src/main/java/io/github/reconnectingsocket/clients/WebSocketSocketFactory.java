package io.github.reconnectingsocket.clients;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import io.github.reconnectingsocket.core.AsyncSocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import org.jspecify.annotations.Nullable;

/**
 * Opens WebSocket connections with the JDK's {@link java.net.http.WebSocket}. Built by
 * {@link WebSocketClientBuilder#buildFactory()}; give it to
 * {@code ReconnectingSocket.builder(factory)}, or let
 * {@link WebSocketClientBuilder#build()} do both.
 *
 * <p>
 * Each attempt is a handshake (within the connect timeout when one is set, and within the
 * socket's open timeout in any case); its stage completes with the open
 * {@link WebSocketConnection}, or fails with an {@link IOException} naming the URI and,
 * for a refused upgrade, the HTTP status. A Close frame from the peer ends the connection
 * with a {@link WebSocketClosedException} (code and reason) as its error.
 * {@link #destroy} sends a Close frame, waits up to 1 s for it to be sent, then aborts.
 *
 * <p>
 * HTTP clients: the one given to the builder; else, with an {@link SSLContext}, one per
 * context (a new one when the supplier returns a new context); else one shared by all the
 * factories of the JVM. Each JDK {@code HttpClient} has one selector thread, whatever its
 * number of connections.
 */
public final class WebSocketSocketFactory implements AsyncSocketFactory<WebSocketConnection> {

	private final WebSocketClientOptions options;

	private volatile @Nullable ClientForContext clientForContext;

	WebSocketSocketFactory(WebSocketClientOptions options) {
		this.options = options;
	}

	@Override
	public CompletionStage<WebSocketConnection> connect(SocketHandle handle, boolean firstOpen) {
		WebSocketConnection connection = new WebSocketConnection(this.options, handle);
		CompletableFuture<WebSocket> handshake = webSocketBuilder().buildAsync(this.options.uri(),
				new InboundListener(connection, handle, this.options));
		CompletableFuture<WebSocketConnection> opened = new CompletableFuture<>();
		handshake.whenComplete((webSocket, ex) -> {
			if (ex != null) {
				opened.completeExceptionally(handshakeFailed(WebSocketConnection.unwrap(ex)));
			}
			else if (opened.complete(connection)) {
				connection.attach(webSocket);
				connection.start();
			}
			else {
				// Given up (open timeout, stop) while the handshake went on.
				webSocket.abort();
			}
		});
		opened.whenComplete((done, ex) -> {
			if (opened.isCancelled()) {
				handshake.cancel(true);
			}
		});
		return opened;
	}

	@Override
	public void destroy(WebSocketConnection connection) throws InterruptedException {
		connection.destroy();
	}

	@Override
	public void onOpen(WebSocketConnection connection, boolean firstOpen) {
		this.options.onOpen().accept(connection);
	}

	@Override
	public String toString() {
		return "WebSocketSocketFactory[" + this.options.peer() + "]";
	}

	private WebSocket.Builder webSocketBuilder() {
		WebSocket.Builder builder = httpClient().newWebSocketBuilder();
		this.options.headers().forEach((name, values) -> values.forEach((value) -> builder.header(name, value)));
		List<String> subprotocols = this.options.subprotocols();
		if (!subprotocols.isEmpty()) {
			builder.subprotocols(subprotocols.get(0),
					subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
		}
		if (this.options.connectTimeoutMillis() > 0) {
			builder.connectTimeout(Duration.ofMillis(this.options.connectTimeoutMillis()));
		}
		return builder;
	}

	private HttpClient httpClient() {
		HttpClient given = this.options.httpClient();
		if (given != null) {
			return given;
		}
		Supplier<SSLContext> ssl = this.options.sslContext();
		if (ssl == null) {
			return SharedHttpClient.INSTANCE;
		}
		SSLContext context = ssl.get();
		ClientForContext cached = this.clientForContext;
		if (cached == null || cached.context != context) {
			cached = new ClientForContext(context, HttpClient.newBuilder().sslContext(context).build());
			this.clientForContext = cached;
		}
		return cached.client;
	}

	private IOException handshakeFailed(Throwable cause) {
		String why = (cause instanceof WebSocketHandshakeException refused)
				? "the server answered HTTP " + refused.getResponse().statusCode() : cause.toString();
		return new IOException("WebSocket handshake with " + this.options.peer() + " failed: " + why, cause);
	}

	private record ClientForContext(SSLContext context, HttpClient client) {
	}

	/** The client of every factory without TLS material of its own. */
	private static final class SharedHttpClient {

		static final HttpClient INSTANCE = HttpClient.newHttpClient();

	}

}
