package io.github.reconnectingsocket.reliability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.LivenessTimeoutException;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.test.faults.FaultProxy;
import io.github.reconnectingsocket.test.faults.FaultServer;
import io.github.reconnectingsocket.harness.NioConnection;
import io.github.reconnectingsocket.harness.NioSocketFactory;
import io.github.reconnectingsocket.harness.Recorder;
import io.github.reconnectingsocket.test.faults.Resources;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 5: liveness on a real stalled connection (the fault toolkit's proxy
 * stops forwarding but keeps both TCP connections open, as a blackholed route does). A
 * heartbeat is echoed every 50 ms and each echo calls {@code alive()}; once the proxy
 * stalls, the silence is detected within the liveness timeout + 100 ms of the last
 * {@code alive()}, counted as a disconnection with a {@link LivenessTimeoutException},
 * and the socket reopens with backoff, with {@code resetAfter} set.
 */
class LivenessIT {

	private static final Duration LIVENESS = Duration.ofMillis(300);

	@AutoClose
	final Resources resources = new Resources();

	@Test
	void aStalledConnectionIsDroppedWithinTheLivenessTimeoutAndReopened() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		FaultProxy proxy = this.resources.use(FaultProxy.start(server.address()));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(proxy.address()));
		Recorder<NioConnection> recorder = new Recorder<>(client);
		ReconnectingSocket<NioConnection> socket = this.resources.use(recorder.build((builder) -> builder.name("stalls")
			.livenessTimeout(LIVENESS)
			.backoff(Backoff.builder()
				.initialDelay(Duration.ofMillis(100))
				.maxDelay(Duration.ofSeconds(2))
				.randomisationFactor(0)
				.resetAfter(Duration.ofSeconds(5))
				.build())));
		ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "liveness-it-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		this.resources.use(heartbeat::shutdownNow);
		heartbeat.scheduleAtFixedRate(() -> socket.socket().ifPresent((connection) -> {
			try {
				connection.send("beat\n");
			}
			catch (RuntimeException ex) {
				// closed meanwhile
			}
		}), 0, 50, TimeUnit.MILLISECONDS);
		socket.start();
		NioConnection first = socket.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS);
		// alive for three liveness timeouts: the heartbeat keeps it open
		await().during(LIVENESS.multipliedBy(3))
			.atMost(Duration.ofSeconds(5))
			.until(() -> socket.state() == SocketState.OPENED && socket.socket().orElse(null) == first);
		assertThat(first.received()).contains("beat");

		proxy.stall();
		recorder.awaitTrace("stopped>opening create:first opening>opened onOpen:first onClose opened>closed.*");
		StateChange dropped = recorder.changes()
			.stream()
			.filter((change) -> change.from() == SocketState.OPENED)
			.findFirst()
			.orElseThrow();
		long silentFor = dropped.time().toEpochMilli() - first.lastAliveMillis();
		System.out.println("[liveness] dropped " + silentFor + " ms after the last alive()");
		assertThat(silentFor).isBetween(LIVENESS.toMillis(), LIVENESS.toMillis() + 100);
		assertThat(dropped.to()).isEqualTo(SocketState.CLOSED);
		assertThat(dropped.lastError()).isInstanceOf(LivenessTimeoutException.class);
		assertThat(dropped.nextAttemptAt()).isEqualTo(dropped.time().plusMillis(100));
		assertThat(first.isClosed()).as("destroyed").isTrue();
		SocketSnapshot snapshot = socket.snapshot();
		assertThat(snapshot.counters().livenessTimeouts()).isGreaterThanOrEqualTo(1);
		assertThat(snapshot.counters().disconnections()).isEqualTo(snapshot.counters().livenessTimeouts());

		// the stalled proxy still accepts: every new connection opens, stays silent and
		// is dropped again,
		// and without a reset (resetAfter 5 s) the backoff grows: 100, 100, 200 ms
		recorder
			.awaitTrace("(\\S+ ){5}opened>closed closed>reopening create reopening>opened onOpen onClose opened>closed"
					+ " closed>reopening create reopening>opened onOpen onClose opened>closed.*");
		assertThat(recorder.scheduledDelays()).startsWith(100L, 100L, 200L);

		proxy.resume();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> socket.state() == SocketState.OPENED
					&& socket.socket().map(NioConnection::received).orElse("").contains("beat"));
		long drops = socket.snapshot().counters().livenessTimeouts();
		await().during(LIVENESS.multipliedBy(3))
			.atMost(Duration.ofSeconds(5))
			.until(() -> socket.snapshot().counters().livenessTimeouts() == drops);
		List<StateChange> changes = recorder.changes();
		assertThat(changes.get(changes.size() - 1).to()).isEqualTo(SocketState.OPENED);
	}

}
