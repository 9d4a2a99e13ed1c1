package io.github.reconnectingsocket.reliability;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.Retry;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.test.faults.FaultServer;
import io.github.reconnectingsocket.harness.NioConnection;
import io.github.reconnectingsocket.harness.NioSocketFactory;
import io.github.reconnectingsocket.harness.Recorder;
import io.github.reconnectingsocket.test.faults.Resources;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, items 6 and 7 on real loopback sockets: recovery from FAILED after
 * {@code reviveAfter}, counted and visible as {@code nextAttemptAt}; a retry policy that
 * gives up at once on one error type or retries after its own delay; and the handle's
 * {@code retryAfter} hint.
 */
class ReviveAndRetryIT {

	@AutoClose
	final Resources resources = new Resources();

	@Test
	void failedRevivesAfterReviveAfterAndOpensOnceTheServerIsBack() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		server.kill();
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		Recorder<NioConnection> recorder = new Recorder<>(client);
		ReconnectingSocket<NioConnection> socket = this.resources
			.use(recorder.build((builder) -> builder.name("revives")
				.backoff(Backoff.builder()
					.strategy("fixed")
					.initialDelay(Duration.ofMillis(20))
					.failAfter(2)
					.reviveAfter(Duration.ofMillis(400))
					.build())));
		socket.start();
		recorder.awaitState(SocketState.FAILED);
		StateChange failed = recorder.changes().get(recorder.changes().size() - 1);
		assertThat(failed.nextAttemptAt()).isEqualTo(failed.time().plusMillis(400));
		SocketSnapshot snapshot = socket.snapshot();
		if (snapshot.state() == SocketState.FAILED) {
			assertThat(snapshot.nextAttemptAt()).isEqualTo(snapshot.since().plusMillis(400));
		}
		assertThat(failed.lastError()).isInstanceOf(ConnectException.class);
		server.restart();
		recorder.awaitState(SocketState.OPENED);
		recorder.awaitTrace("stopped>opening create:first onClose opening>closed closed>reopening create:first onClose"
				+ " reopening>failed onFail:ConnectException"
				// on a slow machine the server may come back after a revived attempt was
				// refused
				+ "( failed>opening create:first onClose opening>failed onFail:ConnectException)*"
				+ " failed>opening create:first opening>opened onOpen:first");
		long revivals = socket.snapshot().counters().revivals();
		assertThat(revivals).isGreaterThanOrEqualTo(1);
		assertThat(socket.snapshot().counters().failures()).isEqualTo(revivals);
		List<Long> revivedAt = recorder.nanosOf(SocketState.FAILED, SocketState.OPENING);
		List<Long> failedAt = recorder.nanosOf(SocketState.REOPENING, SocketState.FAILED);
		assertThat(TimeUnit.NANOSECONDS.toMillis(revivedAt.get(0) - failedAt.get(0))).isGreaterThanOrEqualTo(400);
	}

	@Test
	void theRetryPolicyGivesUpAtOnceOnARefusal() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		server.kill();
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		Recorder<NioConnection> recorder = new Recorder<>(client);
		this.resources.use(recorder.build((builder) -> builder.name("gives-up")
			.retryPolicy(
					(error, failures) -> (error instanceof ConnectException) ? Retry.giveUp() : Retry.withBackoff())))
			.start();
		recorder.awaitTrace("stopped>opening create:first onClose opening>failed onFail:ConnectException");
		assertThat(recorder.machine().snapshot().counters().attempts()).isEqualTo(1);
	}

	@Test
	void theRetryPolicyRetriesAfterItsOwnDelay() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		server.kill();
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		Recorder<NioConnection> recorder = new Recorder<>(client);
		this.resources.use(recorder.build((builder) -> builder.name("retries-after")
			// the backoff alone would wait 5 s
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ofSeconds(5)).build())
			.retryPolicy((error, failures) -> (error instanceof ConnectException) ? Retry.after(Duration.ofMillis(150))
					: Retry.withBackoff())))
			.start();
		recorder.awaitTrace("stopped>opening create:first onClose opening>closed( closed>reopening create:first onClose"
				+ " reopening>closed){3}.*");
		assertThat(recorder.scheduledDelays()).startsWith(150L, 150L, 150L, 150L);
		assertMeasuredDelays(recorder, 150, 1000);
	}

	@Test
	void theRetryAfterHintSetsTheNextDelay() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.FLAP));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		// a server that closes at once, and said "retry after 250 ms" (as a 503 with
		// Retry-After would)
		SocketFactory<NioConnection> hinted = new SocketFactory<>() {

			@Override
			public NioConnection create(SocketHandle handle, boolean firstOpen) throws Exception {
				handle.retryAfter(Duration.ofMillis(250));
				return client.create(handle, firstOpen);
			}

			@Override
			public void destroy(NioConnection connection) {
				client.destroy(connection);
			}

			@Override
			public void onClose(NioConnection connection) {
				client.onClose(connection);
			}

		};
		Recorder<NioConnection> recorder = new Recorder<>(hinted);
		this.resources.use(recorder.build((builder) -> builder.name("hinted")
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ofMillis(10)).build()))).start();
		recorder.awaitTrace("stopped>opening create:first opening>opened onOpen:first onClose opened>closed"
				+ "( closed>reopening create reopening>opened onOpen onClose opened>closed){2}.*");
		assertThat(recorder.scheduledDelays()).startsWith(250L, 250L, 250L);
		assertMeasuredDelays(recorder, 250, 1000);
	}

	private static void assertMeasuredDelays(Recorder<NioConnection> recorder, long atLeast, long below) {
		List<StateChange> changes = recorder.changes();
		int measured = 0;
		for (int i = 1; i < changes.size(); i++) {
			if (changes.get(i).from() == SocketState.CLOSED && changes.get(i).to() == SocketState.REOPENING) {
				long waited = changes.get(i).time().toEpochMilli() - changes.get(i - 1).time().toEpochMilli();
				assertThat(waited).isBetween(atLeast, below);
				measured++;
			}
		}
		assertThat(measured).isGreaterThanOrEqualTo(2);
	}

}
