package io.github.reconnectingsocket.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.github.reconnectingsocket.backoff.Backoff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ConnectionPacer#recoveryWindow}: when one instance of the group opens, those
 * waiting in CLOSED after a failed attempt have their next attempt moved within the
 * window; on one virtual clock, with a direct executor.
 */
class RecoveryWindowTest {

	private static final Backoff TEN_SECONDS = Backoff.builder()
		.strategy("fixed")
		.initialDelay(Duration.ofSeconds(10))
		.randomisationFactor(0)
		.build();

	private final VirtualClock clock = new VirtualClock();

	private final Instant start = this.clock.clock().instant();

	private final List<ScriptedFactory> factories = new ArrayList<>();

	private final List<String> log = new ArrayList<>();

	private ReconnectingSocket<ScriptedFactory.Sock> socket(ConnectionPacer pacer, double random,
			UnaryOperator<ReconnectingSocketBuilder<ScriptedFactory.Sock>> customizer) {
		ScriptedFactory factory = new ScriptedFactory();
		factory.createFailure = new IllegalStateException("server down");
		String name = "s" + this.factories.size();
		this.factories.add(factory);
		return customizer.apply(ReconnectingSocket.builder(factory)
			.name(name)
			.backoff(TEN_SECONDS)
			.openTimeout(null)
			.virtualClock(this.clock)
			.executor(Runnable::run)
			.random(() -> random)
			.pacer(pacer)
			.stateListener(
					(change) -> this.log.add(name + " " + change.from().seedName() + " -> " + change.to().seedName()))
			.infoListener((info) -> {
				if (info.kind() == Info.Kind.RECOVERY) {
					this.log.add(name + " " + info.message());
				}
			})).build();
	}

	private ReconnectingSocket<ScriptedFactory.Sock> socket(ConnectionPacer pacer, double random) {
		return socket(pacer, random, UnaryOperator.identity());
	}

	/** The server is back for the first socket: it reconnects and opens. */
	private void firstOneGetsThrough(ReconnectingSocket<ScriptedFactory.Sock> first) {
		this.factories.get(0).createFailure = null;
		first.reconnect();
		this.factories.get(0).last().open();
	}

	private Instant at(long millis) {
		return this.start.plusMillis(millis);
	}

	@Test
	void oneOpenMovesTheOthersNextAttemptsWithinTheWindowAndTheyOpen() {
		ConnectionPacer pacer = ConnectionPacer.of(0, 0, this.clock).recoveryWindow(Duration.ofMillis(500));
		ReconnectingSocket<ScriptedFactory.Sock> s0 = socket(pacer, 0.5);
		ReconnectingSocket<ScriptedFactory.Sock> s1 = socket(pacer, 0.2);
		ReconnectingSocket<ScriptedFactory.Sock> s2 = socket(pacer, 0.6);
		List.of(s0, s1, s2).forEach(ReconnectingSocket::start);
		assertThat(pacer.recovering()).isEqualTo(3);
		assertThat(s1.snapshot().nextAttemptAt()).isEqualTo(at(10_000));
		this.clock.advance(Duration.ofMillis(1_000));
		this.log.clear();

		firstOneGetsThrough(s0);
		// The group's members hear it in no particular order.
		assertThat(this.log).hasSize(4)
			.startsWith("s0 closed -> reopening", "s0 reopening -> opened")
			.contains("s1 an attempt of pacing group unnamed opened: next attempt in 100 ms instead of 9000 ms",
					"s2 an attempt of pacing group unnamed opened: next attempt in 300 ms instead of 9000 ms");
		assertThat(s1.snapshot().nextAttemptAt()).isEqualTo(at(1_100));
		assertThat(s2.snapshot().nextAttemptAt()).isEqualTo(at(1_300));
		assertThat(pacer.recovering()).isZero();

		this.log.clear();
		this.factories.forEach((factory) -> factory.createFailure = null);
		this.clock.advance(Duration.ofMillis(99));
		assertThat(this.log).isEmpty();
		this.clock.advance(Duration.ofMillis(1));
		this.factories.get(1).last().open();
		this.clock.advance(Duration.ofMillis(200));
		this.factories.get(2).last().open();
		assertThat(this.log).containsExactly("s1 closed -> reopening", "s1 reopening -> opened",
				"s2 closed -> reopening", "s2 reopening -> opened");
		assertThat(List.of(s0, s1, s2)).extracting(ReconnectingSocket::state).containsOnly(SocketState.OPENED);
	}

	@Test
	void withoutAWindowNothingMoves() {
		ConnectionPacer pacer = ConnectionPacer.of(0, 0, this.clock);
		assertThat(pacer.recoveryWindow()).isZero();
		ReconnectingSocket<ScriptedFactory.Sock> s0 = socket(pacer, 0.5);
		ReconnectingSocket<ScriptedFactory.Sock> s1 = socket(pacer, 0.2);
		List.of(s0, s1).forEach(ReconnectingSocket::start);
		assertThat(pacer.recovering()).isZero();
		this.log.clear();

		firstOneGetsThrough(s0);
		this.clock.advance(Duration.ofMillis(500));
		assertThat(this.log).containsExactly("s0 closed -> reopening", "s0 reopening -> opened");
		assertThat(s1.state()).isEqualTo(SocketState.CLOSED);
		assertThat(s1.snapshot().nextAttemptAt()).isEqualTo(at(10_000));
	}

	@Test
	void anInstanceDueWithinTheWindowKeepsItsTimeAndAFailedOneStaysFailed() {
		ConnectionPacer pacer = ConnectionPacer.of(0, 0, this.clock).recoveryWindow(Duration.ofMillis(500));
		ReconnectingSocket<ScriptedFactory.Sock> s0 = socket(pacer, 0.5);
		ReconnectingSocket<ScriptedFactory.Sock> soon = socket(pacer, 0.2,
				(builder) -> builder.backoff(TEN_SECONDS.toBuilder().initialDelay(Duration.ofMillis(400)).build()));
		ReconnectingSocket<ScriptedFactory.Sock> failed = socket(pacer, 0.2,
				(builder) -> builder.backoff(TEN_SECONDS.toBuilder().failAfter(1).build()));
		List.of(s0, soon, failed).forEach(ReconnectingSocket::start);
		assertThat(failed.state()).isEqualTo(SocketState.FAILED);
		assertThat(pacer.recovering()).isEqualTo(2);
		this.log.clear();

		firstOneGetsThrough(s0);
		assertThat(this.log).containsExactly("s0 closed -> reopening", "s0 reopening -> opened");
		assertThat(soon.snapshot().nextAttemptAt()).isEqualTo(at(400));
		assertThat(failed.state()).isEqualTo(SocketState.FAILED);
		assertThat(pacer.recovering()).isZero(); // told once, though not moved
	}

	@Test
	void anInstanceStoppedWhileWaitingLeavesTheGroup() {
		ConnectionPacer pacer = ConnectionPacer.of(0, 0, this.clock).recoveryWindow(Duration.ofMillis(500));
		ReconnectingSocket<ScriptedFactory.Sock> s0 = socket(pacer, 0.5);
		ReconnectingSocket<ScriptedFactory.Sock> s1 = socket(pacer, 0.2);
		List.of(s0, s1).forEach(ReconnectingSocket::start);
		assertThat(pacer.recovering()).isEqualTo(2);
		s1.stop();
		assertThat(pacer.recovering()).isEqualTo(1);
		this.log.clear();

		firstOneGetsThrough(s0);
		assertThat(this.log).containsExactly("s0 closed -> reopening", "s0 reopening -> opened");
		assertThat(s1.state()).isEqualTo(SocketState.STOPPED);
		assertThat(pacer.recovering()).isZero();
	}

	@Test
	void aMovedInstanceThatFailsAgainBacksOffAsUsualUntilTheNextOpen() {
		ConnectionPacer pacer = ConnectionPacer.of(0, 0, this.clock).recoveryWindow(Duration.ofMillis(500));
		ReconnectingSocket<ScriptedFactory.Sock> s0 = socket(pacer, 0.5);
		ReconnectingSocket<ScriptedFactory.Sock> s1 = socket(pacer, 0.2);
		List.of(s0, s1).forEach(ReconnectingSocket::start);
		firstOneGetsThrough(s0);
		this.clock.advance(Duration.ofMillis(100)); // s1's moved attempt: still refused
		assertThat(s1.state()).isEqualTo(SocketState.CLOSED);
		assertThat(s1.snapshot().nextAttemptAt()).isEqualTo(at(10_100));
		assertThat(pacer.recovering()).isEqualTo(1);
	}

	@Test
	void anAttemptInProgressIsLeftAloneAndMovedAttemptsStillWaitForTheCap() {
		ConnectionPacer pacer = ConnectionPacer.of(1, 0, this.clock).recoveryWindow(Duration.ofMillis(500));
		ReconnectingSocket<ScriptedFactory.Sock> s0 = socket(pacer, 0.5);
		ReconnectingSocket<ScriptedFactory.Sock> connecting = socket(pacer, 0.2,
				(builder) -> builder.backoff(TEN_SECONDS.toBuilder().initialDelay(Duration.ofMillis(2_000)).build()));
		ReconnectingSocket<ScriptedFactory.Sock> s2 = socket(pacer, 0.2);
		List.of(s0, connecting, s2).forEach(ReconnectingSocket::start);
		this.factories.get(1).createFailure = null;
		this.clock.advance(Duration.ofMillis(2_000)); // created, not open yet: it holds
														// the permit
		assertThat(connecting.state()).isEqualTo(SocketState.REOPENING);
		assertThat(pacer.recovering()).isEqualTo(2);
		this.log.clear();

		this.factories.get(0).createFailure = null;
		s0.reconnect(); // waits for the permit that the connecting attempt holds
		assertThat(s0.snapshot().waitingForPermit()).isTrue();
		this.factories.get(1).last().open(); // the group's first open: s0, on its way, is
												// left alone
		assertThat(this.log).containsExactly("s0 closed -> reopening", "s1 reopening -> opened",
				"s2 an attempt of pacing group unnamed opened: next attempt in 100 ms instead of 8000 ms");
		assertThat(s0.snapshot().waitingForPermit()).isFalse();

		this.log.clear();
		this.factories.get(2).createFailure = null;
		this.clock.advance(Duration.ofMillis(100)); // s0's attempt holds the one permit
		assertThat(s2.snapshot().waitingForPermit()).isTrue();
		this.factories.get(0).last().open();
		this.factories.get(2).last().open();
		assertThat(this.log).containsExactly("s2 closed -> reopening", "s0 reopening -> opened",
				"s2 reopening -> opened");
	}

	@Test
	void aNegativeOrMissingWindowIsRefusedNamingTheOption() {
		ConnectionPacer pacer = ConnectionPacer.of(0, 0, this.clock);
		assertThatExceptionOfType(InvalidOptionException.class)
			.isThrownBy(() -> pacer.recoveryWindow(Duration.ofMillis(-1)))
			.withMessageContaining("pacing.recoveryWindow")
			.withMessageContaining("PT-0.001S")
			.withMessageContaining("0 or more");
		assertThatExceptionOfType(InvalidOptionException.class).isThrownBy(() -> pacer.recoveryWindow(null))
			.withMessageContaining("pacing.recoveryWindow");
		assertThat(ConnectionPacer.named("recovery-test-group", 0, 0).recoveryWindow(Duration.ofSeconds(1)))
			.isSameAs(ConnectionPacer.named("recovery-test-group", 0, 0));
		assertThat(ConnectionPacer.named("recovery-test-group", 0, 0).recoveryWindow())
			.isEqualTo(Duration.ofSeconds(1));
	}

}
