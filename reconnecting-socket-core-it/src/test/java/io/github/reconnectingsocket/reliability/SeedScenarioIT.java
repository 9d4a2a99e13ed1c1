package io.github.reconnectingsocket.reliability;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.test.faults.FaultServer;
import io.github.reconnectingsocket.harness.NioConnection;
import io.github.reconnectingsocket.harness.NioSocketFactory;
import io.github.reconnectingsocket.test.faults.PortHolder;
import io.github.reconnectingsocket.harness.Recorder;
import io.github.reconnectingsocket.test.faults.Resources;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The npm package's own integration test, over real loopback TCP: open and echo; the
 * server killed and back later, then reopened; stop, then start 500 ms later;
 * {@code failAfter: 4} against a closed port. The outage lasts 3 s as in the seed; the
 * backoff starts at 100 ms rather than 1 s, so the reopen follows the server's return
 * closely.
 */
class SeedScenarioIT {

	private static final String OPEN_FIRST = "stopped>opening create:first opening>opened onOpen:first";

	@AutoClose
	final Resources resources = new Resources();

	@Test
	void opensEchoesSurvivesAServerOutageAndStartsAgainAfterStop() {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		Recorder<NioConnection> recorder = new Recorder<>(client);
		ReconnectingSocket<NioConnection> socket = this.resources.use(recorder.build((builder) -> builder.name("seed")
			.backoff(Backoff.builder()
				.initialDelay(Duration.ofMillis(100))
				.maxDelay(Duration.ofMillis(400))
				.randomisationFactor(0)
				.build())));

		// open and echo
		socket.start();
		recorder.awaitTrace(OPEN_FIRST);
		assertThat(recorder.created().get(0).firstOpen()).isTrue();
		echo(socket, "hello");

		// the server dies, comes back 3 s later: refused attempts meanwhile, then a
		// reopen, not a first open
		server.kill();
		CompletableFuture.runAsync(server::restart, CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS));
		String outage = OPEN_FIRST + " onClose opened>closed( closed>reopening create onClose reopening>closed)+"
				+ " closed>reopening create reopening>opened onOpen";
		recorder.awaitTrace(outage);
		echo(socket, "again");
		List<StateChange> changes = recorder.changes();
		assertThat(changes).filteredOn((c) -> c.from() == SocketState.REOPENING && c.to() == SocketState.CLOSED)
			.isNotEmpty()
			.allSatisfy((c) -> assertThat(c.lastError()).isInstanceOf(ConnectException.class));
		long lost = recorder.nanosOf(SocketState.OPENED, SocketState.CLOSED).get(0);
		long back = recorder.nanosOf(SocketState.REOPENING, SocketState.OPENED).get(0);
		assertThat(Duration.ofNanos(back - lost)).isGreaterThanOrEqualTo(Duration.ofMillis(2_900));

		// stop, then start 500 ms later: a first open again
		await().atMost(Recorder.PATIENCE).until(() -> socket.stop().toCompletableFuture().isDone());
		CompletableFuture.runAsync(socket::start, CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));
		recorder.awaitTrace(outage + " opened>closing onClose closing>stopped " + OPEN_FIRST);
		long stopped = recorder.nanosOf(SocketState.CLOSING, SocketState.STOPPED).get(0);
		long started = recorder.nanosOf(SocketState.STOPPED, SocketState.OPENING).get(1);
		assertThat(Duration.ofNanos(started - stopped)).isGreaterThanOrEqualTo(Duration.ofMillis(490));
		echo(socket, "third");
		assertThat(recorder.created().get(recorder.created().size() - 1).firstOpen()).isTrue();

		socket.stop().toCompletableFuture().join();
		recorder.assertEverySocketClosedOnce();
		assertThat(client.openChannels()).isZero();
	}

	@Test
	void failAfterFourAgainstAClosedPortEndsFailedWithConnectionRefused() {
		PortHolder closed = this.resources.use(PortHolder.hold());
		NioSocketFactory client = this.resources.use(new NioSocketFactory(closed.address()));
		Recorder<NioConnection> recorder = new Recorder<>(client);
		ReconnectingSocket<NioConnection> socket = this.resources.use(recorder.build((builder) -> builder.name("seed")
			.backoff(Backoff.builder()
				.initialDelay(Duration.ofMillis(50))
				.maxDelay(Duration.ofMillis(200))
				.randomisationFactor(0)
				.failAfter(4)
				.build())));

		socket.start();
		recorder.awaitTrace("stopped>opening create:first onClose opening>closed"
				+ "( closed>reopening create:first onClose reopening>closed){2}"
				+ " closed>reopening create:first onClose reopening>failed onFail:ConnectException");
		assertThat(socket.state()).isEqualTo(SocketState.FAILED);
		assertThat(recorder.failures()).hasSize(1);
		assertThat(recorder.failures().get(0)).isInstanceOf(ConnectException.class).hasMessage("Connection refused");
		assertThat(socket.snapshot().consecutiveFailures()).isEqualTo(4);
		assertThat(recorder.scheduledDelays()).containsExactly(50L, 50L, 100L);
		// FAILED is final: no timer brings it back
		String failed = recorder.trace();
		await().during(Duration.ofMillis(400))
			.atMost(Duration.ofSeconds(2))
			.until(() -> recorder.trace().equals(failed));
		recorder.assertEverySocketClosedOnce();
		assertThat(client.openChannels()).isZero();
	}

	private static void echo(ReconnectingSocket<NioConnection> socket, String text) {
		NioConnection connection = socket.socket().orElseThrow();
		connection.send(text);
		await().atMost(Recorder.PATIENCE).until(() -> connection.received().equals(text));
	}

}
