package io.github.reconnectingsocket.clients;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.StateAndSocket;

/** Sends through a socket's open connection, or fails at once naming the socket and its state. */
final class OpenConnection {

	private OpenConnection() {
	}

	static <C> CompletionStage<Void> send(ReconnectingSocket<C> socket, Function<C, CompletionStage<Void>> send) {
		StateAndSocket<C> now = socket.stateAndSocket();
		C connection = now.socket();
		if (connection == null) {
			return CompletableFuture.failedFuture(new NotConnectedException(socket.name(), now.state()));
		}
		return send.apply(connection);
	}

}
