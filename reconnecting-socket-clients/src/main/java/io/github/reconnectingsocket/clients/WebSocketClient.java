package io.github.reconnectingsocket.clients;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

import io.github.reconnectingsocket.core.InvalidOptionException;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.StopOutcome;

/**
 * A reconnecting WebSocket client: a {@link ReconnectingSocket} of
 * {@link WebSocketConnection}s and {@link #sendText} / {@link #sendBinary}.
 *
 * <pre>{@code
 * WebSocketClient prices = WebSocketClient.builder("wss://prices.example/stream")
 *     .onText((message) -> System.out.println("received " + message))
 *     .pingInterval(Duration.ofSeconds(15))
 *     .socket((socket) -> socket.name("prices").livenessTimeout(Duration.ofSeconds(45)))
 *     .build();
 * prices.start();
 * prices.sendText("subscribe EURUSD");   // fails at once with NotConnectedException until OPENED
 * }</pre>
 */
public final class WebSocketClient {

	private final ReconnectingSocket<WebSocketConnection> socket;

	private WebSocketClient(ReconnectingSocket<WebSocketConnection> socket) {
		this.socket = socket;
	}

	/**
	 * @param uri a {@code ws://} or {@code wss://} URI
	 * @return a builder
	 * @throws io.github.reconnectingsocket.core.InvalidOptionException for anything else
	 */
	public static WebSocketClientBuilder builder(URI uri) {
		return new WebSocketClientBuilder(uri);
	}

	/**
	 * @param uri a {@code ws://} or {@code wss://} URI
	 * @return a builder
	 * @throws io.github.reconnectingsocket.core.InvalidOptionException for anything else
	 */
	public static WebSocketClientBuilder builder(String uri) {
		return builder(parse(uri));
	}

	private static URI parse(String uri) {
		try {
			return new URI(Objects.requireNonNull(uri, "uri must not be null"));
		}
		catch (URISyntaxException ex) {
			throw new InvalidOptionException("uri", uri, "a valid ws:// or wss:// URI (" + ex.getMessage() + ")");
		}
	}

	/**
	 * @param socket a socket built from a {@link WebSocketSocketFactory}
	 * @return a client sending through it
	 */
	public static WebSocketClient of(ReconnectingSocket<WebSocketConnection> socket) {
		return new WebSocketClient(Objects.requireNonNull(socket, "socket must not be null"));
	}

	/**
	 * @param text a text message
	 * @return completed once sent; failed at once with {@link NotConnectedException} when
	 * the socket is not OPENED, and as {@link WebSocketConnection#sendText} says
	 * otherwise
	 */
	public CompletionStage<Void> sendText(CharSequence text) {
		Objects.requireNonNull(text, "text must not be null");
		return OpenConnection.send(this.socket, text, WebSocketConnection::sendText);
	}

	/**
	 * @param data a binary message, copied
	 * @return as {@link #sendText}
	 */
	public CompletionStage<Void> sendBinary(byte[] data) {
		Objects.requireNonNull(data, "data must not be null");
		return OpenConnection.send(this.socket, data, WebSocketConnection::sendBinary);
	}

	/**
	 * @return the managed socket
	 */
	public ReconnectingSocket<WebSocketConnection> socket() {
		return this.socket;
	}

	/**
	 * @return the socket's name
	 */
	public String name() {
		return this.socket.name();
	}

	/**
	 * @return see {@link ReconnectingSocket#start()}
	 */
	public CompletionStage<SocketSnapshot> start() {
		return this.socket.start();
	}

	/**
	 * @return see {@link ReconnectingSocket#stop()}
	 */
	public CompletionStage<StopOutcome> stop() {
		return this.socket.stop();
	}

	@Override
	public String toString() {
		return "WebSocketClient[" + this.socket + "]";
	}

}
