package io.github.reconnectingsocket.clients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;

import static org.awaitility.Awaitility.await;

/** The sockets a test started, stopped after it; and the fast settings tests use. */
final class Clients implements AutoCloseable {

	/** 50 ms between attempts, no jitter: reconnection is quick and predictable. */
	static final Backoff FAST = Backoff.builder()
		.strategy("fixed")
		.initialDelay(Duration.ofMillis(50))
		.jitter("none")
		.build();

	private final List<ReconnectingSocket<?>> sockets = new ArrayList<>();

	<S> ReconnectingSocket<S> started(ReconnectingSocket<S> socket) {
		this.sockets.add(socket);
		socket.start();
		return socket;
	}

	static void awaitState(ReconnectingSocket<?> socket, SocketState state) {
		await().atMost(Duration.ofSeconds(10)).until(() -> socket.state() == state);
	}

	@Override
	public void close() throws Exception {
		for (ReconnectingSocket<?> socket : this.sockets) {
			socket.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
		}
	}

}
