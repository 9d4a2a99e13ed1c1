package io.github.reconnectingsocket.reliability;

import java.time.Duration;
import java.util.List;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
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
 * A server that accepts and drops every connection at once. Each connection opens, so
 * without {@code resetAfter} the backoff resets every time and the client hammers the
 * server at the initial delay; with {@code resetAfter} the delays grow as if the attempts
 * had failed.
 */
class FlappingBackoffIT {

	private static final int CYCLES = 8;

	private static final String CYCLE = " closed>reopening create reopening>opened onOpen onClose opened>closed";

	/**
	 * The stop lands in CLOSED, in REOPENING or in OPENED, right after the last complete
	 * cycle.
	 */
	private static final String STOP = "( closed>closing| closed>reopening create reopening>closing onClose"
			+ "| closed>reopening create reopening>opened onOpen opened>closing onClose) closing>stopped";

	@AutoClose
	final Resources resources = new Resources();

	private Recorder<NioConnection> flap(Backoff backoff) {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.FLAP));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		Recorder<NioConnection> recorder = new Recorder<>(client);
		ReconnectingSocket<NioConnection> socket = this.resources
			.use(recorder.build((builder) -> builder.name("flapping").backoff(backoff)));
		socket.start();
		await().atMost(Recorder.PATIENCE).until(() -> recorder.scheduledDelays().size() >= CYCLES);
		socket.stop().toCompletableFuture().join();
		recorder.awaitTrace("stopped>opening create:first opening>opened onOpen:first onClose opened>closed" + "("
				+ CYCLE + ")*" + STOP);
		assertThat(recorder.trace()).as("the trace ends with the stop").endsWith("closing>stopped");
		recorder.assertEverySocketClosedOnce();
		assertThat(client.openChannels()).isZero();
		assertThat(server.accepted()).isGreaterThanOrEqualTo(CYCLES);
		return recorder;
	}

	@Test
	void withoutResetAfterEveryDelayIsTheInitialDelay() {
		Recorder<NioConnection> recorder = flap(Backoff.builder()
			.initialDelay(Duration.ofMillis(20))
			.maxDelay(Duration.ofMillis(320))
			.randomisationFactor(0)
			.build());
		assertThat(recorder.scheduledDelays()).hasSizeGreaterThanOrEqualTo(CYCLES).containsOnly(20L);
		assertMeasuredDelaysAtLeast(recorder, recorder.scheduledDelays());
	}

	@Test
	void withResetAfterTheDelaysGrowAlongTheStrategy() {
		Recorder<NioConnection> recorder = flap(Backoff.builder()
			.initialDelay(Duration.ofMillis(20))
			.maxDelay(Duration.ofMillis(320))
			.randomisationFactor(0)
			.resetAfter(Duration.ofSeconds(10))
			.build());
		assertThat(recorder.scheduledDelays().subList(0, CYCLES)).containsExactly(20L, 20L, 40L, 60L, 100L, 160L, 260L,
				320L);
		assertMeasuredDelaysAtLeast(recorder, recorder.scheduledDelays());
		// the connections opened, so none of this counts as a failed attempt
		assertThat(recorder.machine().snapshot().counters().failedAttempts()).isZero();
	}

	/**
	 * The time from each disconnection to the next attempt is at least the delay the
	 * machine scheduled.
	 */
	private static void assertMeasuredDelaysAtLeast(Recorder<NioConnection> recorder, List<Long> scheduled) {
		List<Long> closed = recorder.nanosOf(SocketState.OPENED, SocketState.CLOSED);
		List<Long> reopening = recorder.nanosOf(SocketState.CLOSED, SocketState.REOPENING);
		assertThat(reopening).hasSizeGreaterThanOrEqualTo(CYCLES - 1);
		for (int i = 0; i < reopening.size(); i++) {
			assertThat(Duration.ofNanos(reopening.get(i) - closed.get(i))).as("measured delay before attempt %d", i + 2)
				.isGreaterThanOrEqualTo(Duration.ofMillis(scheduled.get(i)));
		}
	}

}
