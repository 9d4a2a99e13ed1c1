package io.github.reconnectingsocket.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.reconnectingsocket.backoff.Backoff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ConnectionPacer}: the cap on attempts in flight and the rate, on one virtual
 * clock.
 */
class ConnectionPacerTest {

	private final VirtualClock clock = new VirtualClock();

	private final List<ScriptedFactory> factories = new ArrayList<>();

	private final List<String> infos = new ArrayList<>();

	private List<ReconnectingSocket<ScriptedFactory.Sock>> sockets(int n, ConnectionPacer pacer) {
		List<ReconnectingSocket<ScriptedFactory.Sock>> sockets = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			ScriptedFactory factory = new ScriptedFactory();
			this.factories.add(factory);
			sockets.add(ReconnectingSocket.builder(factory)
				.name("s" + i)
				.backoff(Backoff.builder().randomisationFactor(0).build())
				.openTimeout(Duration.ofSeconds(5))
				.virtualClock(this.clock)
				.executor(Runnable::run)
				.pacer(pacer)
				.infoListener((info) -> {
					if (info.kind() == Info.Kind.PACED) {
						this.infos.add(info.message());
					}
				})
				.build());
		}
		return sockets;
	}

	private int created() {
		return this.factories.stream().mapToInt((factory) -> factory.sockets.size()).sum();
	}

	@Test
	void atMostMaxInFlightAttemptsBeginAndEachOutcomeLetsTheNextOneBegin() {
		ConnectionPacer pacer = ConnectionPacer.of(2, 0, this.clock);
		List<ReconnectingSocket<ScriptedFactory.Sock>> sockets = sockets(4, pacer);
		sockets.forEach(ReconnectingSocket::start);
		assertThat(created()).isEqualTo(2);
		assertThat(pacer.inFlight()).isEqualTo(2);
		assertThat(pacer.waiting()).isEqualTo(2);
		assertThat(sockets.get(2).state()).isEqualTo(SocketState.OPENING);
		assertThat(sockets.get(2).snapshot().waitingForPermit()).isTrue();
		assertThat(sockets.get(0).snapshot().waitingForPermit()).isFalse();
		assertThat(this.infos).hasSize(2)
			.first()
			.asString()
			.startsWith("attempt 1 waits for a permit of ConnectionPacer[");

		this.factories.get(0).last().open(); // an open ends the attempt: s2 begins
		assertThat(created()).isEqualTo(3);
		assertThat(sockets.get(2).snapshot().waitingForPermit()).isFalse();
		this.factories.get(1).last().close(); // so does a failure: s3 begins, s1 waits
												// behind nobody
		assertThat(created()).isEqualTo(4);
		assertThat(pacer.inFlight()).isEqualTo(2);
		assertThat(pacer.waiting()).isZero();
		assertThat(pacer.paced()).isEqualTo(2);
	}

	@Test
	void theOpenTimeoutStartsWithThePermit() {
		ConnectionPacer pacer = ConnectionPacer.of(1, 0, this.clock);
		List<ReconnectingSocket<ScriptedFactory.Sock>> sockets = sockets(2, pacer);
		sockets.forEach(ReconnectingSocket::start);
		this.clock.advance(Duration.ofMillis(4_000));
		this.factories.get(0).last().open();
		assertThat(created()).isEqualTo(2);
		// 4 s of waiting do not count: the second attempt still has its 5 s.
		this.clock.advance(Duration.ofMillis(4_999));
		assertThat(sockets.get(1).state()).isEqualTo(SocketState.OPENING);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(sockets.get(1).state()).isEqualTo(SocketState.CLOSED);
	}

	@Test
	void theRateLetsABurstOfTenMillisecondsThenOneAttemptPerInterval() {
		ConnectionPacer pacer = ConnectionPacer.of(0, 1000, this.clock);
		sockets(30, pacer).forEach(ReconnectingSocket::start);
		// 1,000 per second: 1 ms apart, with 10 ms of burst: 11 at once.
		assertThat(created()).isEqualTo(11);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(created()).isEqualTo(12);
		this.clock.advance(Duration.ofMillis(9));
		assertThat(created()).isEqualTo(21);
		this.clock.advance(Duration.ofMillis(100));
		assertThat(created()).isEqualTo(30);
		assertThat(pacer.waiting()).isZero();
	}

	@Test
	void stopWhileWaitingStopsAtOnceAndTheTurnPassesOn() {
		ConnectionPacer pacer = ConnectionPacer.of(1, 0, this.clock);
		List<ReconnectingSocket<ScriptedFactory.Sock>> sockets = sockets(3, pacer);
		sockets.forEach(ReconnectingSocket::start);
		assertThat(sockets.get(1).stop().toCompletableFuture().join()).isEqualTo(StopOutcome.CLOSED);
		assertThat(sockets.get(1).state()).isEqualTo(SocketState.STOPPED);
		this.factories.get(0).last().open();
		// s1 gave up its place: s2 begins; s1 never created anything.
		assertThat(this.factories.get(1).sockets).isEmpty();
		assertThat(this.factories.get(2).sockets).hasSize(1);
		assertThat(pacer.inFlight()).isEqualTo(1);
	}

	@Test
	void aStoppedAttemptGivesItsPermitBack() {
		ConnectionPacer pacer = ConnectionPacer.of(1, 0, this.clock);
		List<ReconnectingSocket<ScriptedFactory.Sock>> sockets = sockets(2, pacer);
		sockets.forEach(ReconnectingSocket::start);
		sockets.get(0).stop();
		assertThat(sockets.get(0).state()).isEqualTo(SocketState.STOPPED);
		assertThat(this.factories.get(1).sockets).hasSize(1);
		assertThat(pacer.inFlight()).isEqualTo(1);
	}

	@Test
	void retriesWaitTheirTurnToo() {
		ConnectionPacer pacer = ConnectionPacer.of(1, 0, this.clock);
		List<ReconnectingSocket<ScriptedFactory.Sock>> sockets = sockets(2, pacer);
		sockets.forEach(ReconnectingSocket::start);
		this.factories.get(0).last().open();
		this.factories.get(1).last().open();
		this.factories.get(0).last().close();
		this.factories.get(1).last().close();
		this.clock.advance(Duration.ofSeconds(1)); // both fall due; one begins
		assertThat(sockets).extracting(ReconnectingSocket::state).containsOnly(SocketState.REOPENING);
		assertThat(sockets.get(1).snapshot().waitingForPermit()).isTrue();
		this.factories.get(0).last().open();
		assertThat(this.factories.get(1).sockets).hasSize(2);
	}

	@Test
	void aSocketTellsWhichPacerItWaitsFor() {
		ConnectionPacer pacer = ConnectionPacer.of(1, 0, this.clock);
		assertThat(sockets(1, pacer).get(0).pacer()).containsSame(pacer);
		assertThat(ReconnectingSocket.builder(new ScriptedFactory()).build().pacer()).isEmpty();
	}

	@Test
	void namedPacersAreJvmWideAndTheLastLimitsWin() {
		ConnectionPacer first = ConnectionPacer.named("pacer-test-group", 5, 0);
		ConnectionPacer again = ConnectionPacer.named("pacer-test-group", 7, 100);
		assertThat(again).isSameAs(first);
		assertThat(first.maxInFlight()).isEqualTo(7);
		assertThat(first.attemptsPerSecond()).isEqualTo(100);
		assertThat(first.name()).isEqualTo("pacer-test-group");
		assertThatExceptionOfType(InvalidOptionException.class).isThrownBy(() -> ConnectionPacer.of(-1, 0))
			.withMessageContaining("pacing.maxInFlight");
	}

}
