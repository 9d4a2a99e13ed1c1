package io.github.reconnectingsocket.core;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.reconnectingsocket.backoff.Backoff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reviving from FAILED ({@code Backoff.reviveAfter}), the retry policy and the handle's
 * {@code retryAfter} hint, on a virtual clock: exact order, delays and counters.
 */
class ReviveAndRetryTest {

	static final class AuthenticationRefused extends IOException {

		AuthenticationRefused() {
			super("bad credentials");
		}

	}

	private static final RetryPolicy PER_ERROR = (error, failures) -> {
		if (error instanceof AuthenticationRefused) {
			return Retry.giveUp();
		}
		if (error instanceof ConnectException) {
			return Retry.after(Duration.ofMillis(250));
		}
		return Retry.withBackoff();
	};

	// ---------------------------------------------------------------- revive

	@Test
	void failedRevivesAfterReviveAfterCountedAndVisible() {
		Harness h = new Harness(Backoff.builder().failAfter(1).reviveAfter(Duration.ofSeconds(60)).build());
		h.socket.start();
		h.log();
		h.factory.last().close();
		assertThat(h.log()).containsExactly("onClose #1", "opening -> failed", "onFail null");
		SocketSnapshot failed = h.socket.snapshot();
		assertThat(failed.nextAttemptAt()).isEqualTo(h.clock.instant().plusSeconds(60));
		assertThat(h.changes.get(h.changes.size() - 1).nextAttemptAt()).isEqualTo(failed.nextAttemptAt());
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofSeconds(60));
		h.advance(59_999);
		assertThat(h.log()).isEmpty();
		h.advance(1);
		// never opened since start(): firstOpen still true
		assertThat(h.log()).containsExactly("failed -> opening", "create #2 first");
		assertThat(h.socket.snapshot().counters().revivals()).isEqualTo(1);
		assertThat(h.socket.snapshot().nextAttemptAt()).isNull();
		assertThat(h.infos).contains("reviving after giving up");
		// the revived attempt fails too: FAILED again, with the next revive scheduled
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.FAILED);
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofSeconds(60));
		assertThat(h.socket.snapshot().counters().failures()).isEqualTo(2);
	}

	@Test
	void aRevivedSocketOpensAndTheBackoffStartsAfresh() {
		Harness h = new Harness(
				Backoff.builder().failAfter(2).randomisationFactor(0).reviveAfter(Duration.ofSeconds(30)).build());
		h.socket.start();
		h.factory.last().close();
		h.clock.advanceToNextTask();
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.FAILED);
		h.advance(30_000);
		assertThat(h.socket.snapshot().consecutiveFailures()).isZero();
		h.factory.last().close();
		assertThat(h.state()).as("one failure after the revive: not yet failAfter").isEqualTo(SocketState.CLOSED);
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofSeconds(1));
	}

	/**
	 * With reviveAfter, FAILED is a circuit breaker's open state, not the end: the
	 * machine will try again by itself. whenOpen() fails there with "it will not open
	 * unless started", which is not true; it should wait for the revived attempt (and
	 * fail only on stop, or in FAILED without a revive).
	 */
	@Test
	void whenOpenWaitsThroughFailedWhenARevivalIsDue() {
		Harness h = new Harness(Backoff.builder().failAfter(1).reviveAfter(Duration.ofSeconds(60)).build());
		h.socket.start();
		java.util.concurrent.CompletableFuture<ScriptedFactory.Sock> waiting = h.socket.whenOpen()
			.toCompletableFuture();
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.FAILED);
		java.util.concurrent.CompletableFuture<ScriptedFactory.Sock> askedInFailed = h.socket.whenOpen()
			.toCompletableFuture();
		assertThat(waiting).isNotDone();
		assertThat(askedInFailed).isNotDone();
		h.advance(60_000);
		h.factory.last().open();
		assertThat(waiting).isCompletedWithValue(h.factory.last());
		assertThat(askedInFailed).isCompletedWithValue(h.factory.last());
	}

	@Test
	void stopInFailedCancelsTheRevive() {
		Harness h = new Harness(Backoff.builder().failAfter(1).reviveAfter(Duration.ofSeconds(60)).build());
		h.socket.start();
		h.factory.last().close();
		h.socket.stop();
		assertThat(h.state()).isEqualTo(SocketState.STOPPED);
		assertThat(h.clock.pendingTasks()).isZero();
		assertThat(h.socket.snapshot().nextAttemptAt()).isNull();
		h.advance(120_000);
		assertThat(h.socket.snapshot().counters().revivals()).isZero();
	}

	@Test
	void withoutReviveAfterFailedStaysFailedWithNoTimerAndNoNextAttempt() {
		Harness h = new Harness(Backoff.builder().failAfter(1).build());
		h.socket.start();
		h.factory.last().close();
		assertThat(h.clock.pendingTasks()).isZero();
		assertThat(h.socket.snapshot().nextAttemptAt()).isNull();
		assertThat(h.changes.get(h.changes.size() - 1).nextAttemptAt()).isNull();
	}

	// ---------------------------------------------------------------- retry policy

	@Test
	void theRetryPolicyGivesUpAtOnceForAnErrorNoRetryCanCure() {
		Harness h = new Harness(Backoff.builder().build(), (b) -> b.retryPolicy(PER_ERROR));
		h.socket.start();
		h.log();
		h.factory.last().handle.error(new AuthenticationRefused());
		h.factory.last().close();
		assertThat(h.log()).containsExactly("onClose #1", "opening -> failed", "onFail bad credentials");
		assertThat(h.socket.snapshot().counters().failures()).isEqualTo(1);
		assertThat(h.clock.pendingTasks()).isZero();
		assertThat(h.infos).contains("giving up: the retry policy said so");
	}

	@Test
	void theRetryPolicyRetriesAfterItsDelayWithoutAdvancingTheBackoff() {
		Harness h = new Harness(Backoff.builder().randomisationFactor(0).build(), (b) -> b.retryPolicy(PER_ERROR));
		h.socket.start();
		h.factory.last().handle.error(new ConnectException("refused"));
		h.factory.last().close();
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofMillis(250));
		assertThat(h.socket.snapshot().nextAttemptAt()).isEqualTo(h.clock.instant().plusMillis(250));
		h.advance(250);
		assertThat(h.state()).isEqualTo(SocketState.REOPENING);
		h.factory.last().handle.error(new IOException("other"));
		h.factory.last().close();
		// the backoff did not advance for the policy's delay: its first delay comes now
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofSeconds(1));
	}

	@Test
	void theRetryPolicySeesTheErrorAndTheFailureCount() {
		List<String> asked = new ArrayList<>();
		Harness h = new Harness(Backoff.builder().build(), (b) -> b.retryPolicy((error, failures) -> {
			asked.add(((error != null) ? error.getMessage() : null) + " x" + failures);
			return Retry.withBackoff();
		}));
		h.socket.start();
		h.factory.last().error("first");
		h.factory.last().close();
		h.clock.advanceToNextTask();
		h.factory.last().error("second");
		h.factory.last().close();
		assertThat(asked).containsExactly("first x1", "second x2");
	}

	/**
	 * RetryPolicy's contract: the error is "why the attempt failed (the last error
	 * reported), or null when the socket closed without reporting one". The machine hands
	 * over the instance's last error instead, which may belong to an earlier attempt: a
	 * policy that gives up on an authentication error would give up again on a later
	 * attempt that failed for another reason.
	 */
	@Test
	void anAttemptThatFailedWithoutAnErrorOfItsOwnIsReportedToThePolicyAsNull() {
		List<String> asked = new ArrayList<>();
		Harness h = new Harness(Backoff.builder().build(), (b) -> b.retryPolicy((error, failures) -> {
			asked.add(((error != null) ? error.getMessage() : null) + " x" + failures);
			return Retry.withBackoff();
		}));
		h.socket.start();
		h.factory.last().error("first");
		h.factory.last().close();
		h.clock.advanceToNextTask();
		h.factory.last().close();
		assertThat(asked).containsExactly("first x1", "null x2");
	}

	@Test
	void failAfterStillGivesUpWhateverThePolicySays() {
		Harness h = new Harness(Backoff.builder().failAfter(2).build(),
				(b) -> b.retryPolicy((error, failures) -> Retry.after(Duration.ZERO)));
		h.socket.start();
		h.factory.last().close();
		h.clock.runDueTasks();
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.FAILED);
	}

	@Test
	void aThrowingRetryPolicyFallsBackToTheBackoff() {
		List<Info> infos = new ArrayList<>();
		Harness h = new Harness(Backoff.builder().randomisationFactor(0).build(),
				(b) -> b.infoListener(infos::add).retryPolicy((error, failures) -> {
					throw new IllegalStateException("policy bug");
				}));
		h.socket.start();
		h.factory.last().close();
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofSeconds(1));
		assertThat(infos)
			.anyMatch((info) -> info.kind() == Info.Kind.CALLBACK_FAILED && info.message().contains("policy bug"));
	}

	// ---------------------------------------------------------------- retryAfter hint

	@Test
	void aRetryAfterHintSetsTheDelayAfterAFailedAttempt() {
		Harness h = new Harness(Backoff.builder().randomisationFactor(0).build());
		h.socket.start();
		h.factory.last().handle.retryAfter(Duration.ofSeconds(7));
		h.factory.last().close();
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofSeconds(7));
		h.advance(7000);
		h.factory.last().close();
		assertThat(h.clock.pendingDelays()).as("the hint was for one attempt; the backoff did not advance")
			.containsExactly(Duration.ofSeconds(1));
	}

	@Test
	void aRetryAfterHintSetsTheDelayAfterADisconnection() {
		Harness h = new Harness(Backoff.builder().randomisationFactor(0).build()).opened();
		h.factory.last().handle.retryAfter(Duration.ofMillis(1500));
		h.factory.last().close();
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofMillis(1500));
		assertThat(h.changes.get(h.changes.size() - 1).nextAttemptAt()).isEqualTo(h.clock.instant().plusMillis(1500));
	}

	@Test
	void aRetryAfterHintDoesNotStopThePolicyFromGivingUp() {
		Harness h = new Harness(Backoff.builder().build(), (b) -> b.retryPolicy(PER_ERROR));
		h.socket.start();
		h.factory.last().handle.retryAfter(Duration.ofSeconds(7));
		h.factory.last().handle.error(new AuthenticationRefused());
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.FAILED);
	}

	@Test
	void aRetryAfterHintFromAStaleHandleChangesNothing() {
		Harness h = new Harness(Backoff.builder().randomisationFactor(0).build()).opened();
		SocketHandle first = h.factory.last().handle;
		h.socket.reconnect();
		first.retryAfter(Duration.ofSeconds(9));
		h.factory.last().close();
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofSeconds(1));
	}

	@Test
	void aNegativeRetryAfterIsRefused() {
		Harness h = new Harness();
		h.socket.start();
		assertThatExceptionOfType(InvalidOptionException.class)
			.isThrownBy(() -> h.factory.last().handle.retryAfter(Duration.ofMillis(-1)))
			.withMessageContaining("retryAfter");
	}

}
