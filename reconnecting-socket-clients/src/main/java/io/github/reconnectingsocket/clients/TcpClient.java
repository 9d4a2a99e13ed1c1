package io.github.reconnectingsocket.clients;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.StopOutcome;

/**
 * A reconnecting TCP client: a {@link ReconnectingSocket} of {@link TcpConnection}s and a
 * typed {@link #send}.
 *
 * <pre>{@code
 * TcpClient<String> ledger = TcpClient.builder("ledger.internal", 9000, Framing.lines(8192))
 *     .onMessage((line) -> System.out.println("received " + line))
 *     .socket((socket) -> socket.name("ledger").livenessTimeout(Duration.ofSeconds(30)))
 *     .build();
 * ledger.start();
 * ledger.send("hello");   // fails at once with NotConnectedException until OPENED
 * }</pre>
 *
 * @param <M> the message type: {@code String} for lines, {@code byte[]} otherwise
 */
public final class TcpClient<M> {

	private final ReconnectingSocket<TcpConnection<M>> socket;

	private TcpClient(ReconnectingSocket<TcpConnection<M>> socket) {
		this.socket = socket;
	}

	/**
	 * @param host the server's host name or address
	 * @param port the server's port, 1 to 65535
	 * @param framing how messages are cut: {@link Framing#lines},
	 * {@link Framing#lengthPrefixed}, {@link Framing#raw}
	 * @param <M> the message type
	 * @return a builder
	 * @throws io.github.reconnectingsocket.core.InvalidOptionException for a blank host
	 * or a port out of range
	 */
	public static <M> TcpClientBuilder<M> builder(String host, int port, Framing<M> framing) {
		return new TcpClientBuilder<>(host, port, framing);
	}

	/**
	 * @param socket a socket built from a {@link TcpSocketFactory}
	 * @param <M> the message type
	 * @return a client sending through it
	 */
	public static <M> TcpClient<M> of(ReconnectingSocket<TcpConnection<M>> socket) {
		return new TcpClient<>(Objects.requireNonNull(socket, "socket must not be null"));
	}

	/**
	 * Sends through the open connection.
	 * @param message the message
	 * @return completed once written to the socket; failed at once with
	 * {@link NotConnectedException} when the socket is not OPENED, and as
	 * {@link TcpConnection#send} says otherwise
	 */
	public CompletionStage<Void> send(M message) {
		Objects.requireNonNull(message, "message must not be null");
		return OpenConnection.send(this.socket, message, TcpConnection::send);
	}

	/**
	 * @return the managed socket: state, snapshot, listeners, {@code reconnect()},
	 * {@code whenOpen()}
	 */
	public ReconnectingSocket<TcpConnection<M>> socket() {
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
		return "TcpClient[" + this.socket + "]";
	}

}
