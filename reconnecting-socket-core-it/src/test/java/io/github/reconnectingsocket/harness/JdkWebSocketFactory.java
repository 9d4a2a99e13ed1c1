package io.github.reconnectingsocket.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reconnectingsocket.core.AsyncSocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;

/**
 * An {@link AsyncSocketFactory} over the JDK's {@code java.net.http.WebSocket}:
 * {@code connect()} is {@code buildAsync(...)}, whose stage completes once the handshake
 * is done; every inbound message and pong calls {@code alive()}; the server's close and
 * any error end the attempt through the handle; {@code destroy()} is {@code abort()},
 * which calls no listener. Records what it received and the stages it handed out, so that
 * tests can check their cancellation.
 */
public final class JdkWebSocketFactory implements AsyncSocketFactory<WebSocket> {

	private final HttpClient client;

	private final URI uri;

	private final List<String> received = new CopyOnWriteArrayList<>();

	private final List<CompletableFuture<WebSocket>> connects = new CopyOnWriteArrayList<>();

	private final AtomicInteger destroyed = new AtomicInteger();

	private final AtomicInteger closed = new AtomicInteger();

	private volatile boolean uncancellable;

	/**
	 * @param client the shared HTTP client
	 * @param uri the server
	 */
	public JdkWebSocketFactory(HttpClient client, URI uri) {
		this.client = client;
		this.uri = uri;
	}

	/**
	 * Hands out stages the machine cannot cancel ({@code minimalCompletionStage()}), so
	 * that a WebSocket whose handshake completes after the attempt was given up still
	 * arrives.
	 * @return this factory
	 */
	public JdkWebSocketFactory uncancellable() {
		this.uncancellable = true;
		return this;
	}

	@Override
	public CompletionStage<WebSocket> connect(SocketHandle handle, boolean firstOpen) {
		CompletableFuture<WebSocket> connect = this.client.newWebSocketBuilder()
			.buildAsync(this.uri, new WebSocket.Listener() {

				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					handle.alive();
					JdkWebSocketFactory.this.received.add(data.toString());
					webSocket.request(1);
					return null;
				}

				@Override
				public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
					handle.alive();
					webSocket.request(1);
					return null;
				}

				@Override
				public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
					handle.close();
					return null;
				}

				@Override
				public void onError(WebSocket webSocket, Throwable error) {
					handle.error(error);
					handle.close();
				}

			});
		this.connects.add(connect);
		return this.uncancellable ? connect.minimalCompletionStage() : connect;
	}

	@Override
	public void destroy(WebSocket webSocket) {
		this.destroyed.incrementAndGet();
		webSocket.abort();
	}

	@Override
	public void onClose(WebSocket webSocket) {
		this.closed.incrementAndGet();
	}

	/**
	 * @return the text messages received, in order
	 */
	public List<String> received() {
		return List.copyOf(this.received);
	}

	/**
	 * @return the stages {@code buildAsync} returned, in order
	 */
	public List<CompletableFuture<WebSocket>> connects() {
		return List.copyOf(this.connects);
	}

	/**
	 * @return {@code destroy()} calls
	 */
	public int destroyed() {
		return this.destroyed.get();
	}

	/**
	 * @return {@code onClose()} calls
	 */
	public int closed() {
		return this.closed.get();
	}

}
