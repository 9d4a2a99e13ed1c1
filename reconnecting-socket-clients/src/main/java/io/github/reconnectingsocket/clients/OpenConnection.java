package io.github.reconnectingsocket.clients;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.StateAndSocket;

/**
 * Sends through a socket's open connection, or fails at once naming the socket and its
 * state.
 */
final class OpenConnection {

	private OpenConnection() {
	}

	/**
	 * @param socket the socket
	 * @param message the message
	 * @param send sends the message through a connection
	 * @return the send's stage, or a failed one when not OPENED
	 */
	static <C, M> CompletionStage<Void> send(ReconnectingSocket<C> socket, M message,
			BiFunction<C, M, CompletionStage<Void>> send) {
		// The lock-free read first: the consistent pair only to explain a refusal.
		C connection = socket.socket().orElse(null);
		if (connection == null) {
			StateAndSocket<C> now = socket.stateAndSocket();
			connection = now.socket();
			if (connection == null) {
				return CompletableFuture.failedFuture(new NotConnectedException(socket.name(), now.state()));
			}
		}
		return send.apply(connection, message);
	}

}
