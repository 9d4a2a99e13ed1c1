package io.github.reconnectingsocket.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ConnectionPacer;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.test.faults.FaultServer;
import io.github.reconnectingsocket.harness.NioConnection;
import io.github.reconnectingsocket.harness.NioSocketFactory;
import io.github.reconnectingsocket.test.faults.Resources;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@link ConnectionPacer} over real loopback sockets and the default threads: a crowd
 * that starts at once, and reconnects after the server is killed and restarted, never has
 * more attempts in flight than the cap, and every socket opens in the end.
 */
class PacingIT {

	static final int SOCKETS = 200;

	static final int MAX_IN_FLIGHT = 8;

	@AutoClose
	final Resources resources = new Resources();

	@Test
	void aCrowdReconnectsWithNoMoreAttemptsInFlightThanTheCap() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		ConnectionPacer pacer = ConnectionPacer.of(MAX_IN_FLIGHT, 0);
		AtomicInteger open = new AtomicInteger();
		AtomicInteger creating = new AtomicInteger();
		AtomicInteger mostCreating = new AtomicInteger();
		List<ReconnectingSocket<NioConnection>> sockets = new ArrayList<>();
		for (int i = 0; i < SOCKETS; i++) {
			sockets.add(this.resources.use(ReconnectingSocket.builder(NioConnection.class)
				.name("paced-" + i)
				.backoff(Backoff.builder().initialDelay(Duration.ofMillis(50)).maxDelay(Duration.ofMillis(200)).build())
				.pacer(pacer)
				.create((handle, firstOpen) -> {
					// create() runs only with a permit: never more of them at once than
					// the cap.
					mostCreating.accumulateAndGet(creating.incrementAndGet(), Math::max);
					try {
						return client.create(handle, firstOpen);
					}
					finally {
						creating.decrementAndGet();
					}
				})
				.destroy(client::destroy)
				.onOpen((connection, firstOpen) -> open.incrementAndGet())
				.onClose((connection) -> client.onClose(connection))
				.stateListener((change) -> {
					if (change.from() == SocketState.OPENED) {
						open.decrementAndGet();
					}
				})
				.build()));
		}
		sockets.forEach(ReconnectingSocket::start);
		await().atMost(Duration.ofSeconds(60)).until(() -> open.get() == SOCKETS);
		assertThat(pacer.paced()).as("attempts that had to wait").isPositive();

		long pacedBefore = pacer.paced();
		server.kill();
		await().atMost(Duration.ofSeconds(60)).until(() -> open.get() == 0);
		server.restart();
		await().atMost(Duration.ofSeconds(60)).until(() -> open.get() == SOCKETS);
		assertThat(pacer.paced()).isGreaterThan(pacedBefore);
		assertThat(mostCreating.get()).isLessThanOrEqualTo(MAX_IN_FLIGHT);
		await().atMost(Duration.ofSeconds(10)).until(() -> pacer.inFlight() == 0 && pacer.waiting() == 0);
		assertThat(sockets).allSatisfy((socket) -> assertThat(socket.snapshot().waitingForPermit()).isFalse());
	}

}
