package io.github.reconnectingsocket.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.reconnectingsocket.backoff.Backoff;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Defect "durations near Long.MAX_VALUE": a duration of "forever" for any timeout means
 * no timer, and the machine never wedges (no OPENING that cannot open, no stop that
 * cannot complete). The backoff's own overflow (fibonacci from 1 ms with a cap of
 * forever, retry 92) is pinned in {@code backoff.BackoffOverflowTest}; here only what the
 * machine does with such delays.
 */
class ForeverDurationsTest {

	private static final Duration FOREVER_MILLIS = Duration.ofMillis(Long.MAX_VALUE);

	private static final Duration FOREVER_SECONDS = Duration.ofSeconds(Long.MAX_VALUE);

	private static Duration forever(String which) {
		return which.equals("millis") ? FOREVER_MILLIS : FOREVER_SECONDS;
	}

	@ParameterizedTest
	@ValueSource(strings = { "millis", "seconds" })
	void anOpenTimeoutOfForeverArmsNoTimerAndTheAttemptStillOpens(String which) {
		Harness h = new Harness(Backoff.builder().build(), (b) -> b.openTimeout(forever(which)));
		assertThat(h.socket.openTimeout()).isEmpty();
		h.socket.start();
		assertThat(h.clock.pendingTasks()).isZero();
		h.advance(Duration.ofDays(365).toMillis());
		assertThat(h.state()).isEqualTo(SocketState.OPENING);
		h.factory.last().open();
		assertThat(h.state()).isEqualTo(SocketState.OPENED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "millis", "seconds" })
	void aStopTimeoutOfForeverWaitsForTheCloseAndThenStops(String which) {
		Harness h = new Harness(Backoff.builder().build(), (b) -> b.stopTimeout(forever(which))).opened();
		assertThat(h.socket.stopTimeout()).isEmpty();
		h.factory.closeOnDestroy = false;
		CompletableFuture<StopOutcome> stopped = h.socket.stop().toCompletableFuture();
		assertThat(h.clock.pendingTasks()).isZero();
		h.advance(Duration.ofDays(365).toMillis());
		assertThat(stopped).isNotDone();
		h.factory.last().close();
		assertThat(stopped).isCompletedWithValue(StopOutcome.CLOSED);
		assertThat(h.state()).isEqualTo(SocketState.STOPPED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "millis", "seconds" })
	void aLivenessTimeoutOfForeverNeverDropsTheSocket(String which) {
		Harness h = new Harness(Backoff.builder().build(), (b) -> b.livenessTimeout(forever(which))).opened();
		assertThat(h.socket.livenessTimeout()).isEmpty();
		assertThat(h.clock.pendingTasks()).isZero();
		h.advance(Duration.ofDays(365).toMillis());
		assertThat(h.state()).isEqualTo(SocketState.OPENED);
	}

	/**
	 * resetAfter is "how long a connection must stay open before the failures and the
	 * backoff reset"; forever must mean never, not "on open" (what null means).
	 */
	@Test
	void aResetAfterOfForeverArmsNoTimerAndNeverResets() {
		Harness h = new Harness(Backoff.builder().randomisationFactor(0).resetAfter(FOREVER_MILLIS).build());
		h.socket.start();
		h.factory.last().close(); // 1 s
		h.clock.advanceToNextTask();
		h.factory.last().close(); // 1 s
		h.clock.advanceToNextTask();
		h.factory.last().open();
		assertThat(h.socket.snapshot().consecutiveFailures()).as("not reset on open").isEqualTo(2);
		assertThat(h.clock.pendingTasks()).isZero();
		h.advance(Duration.ofDays(365).toMillis());
		h.factory.last().close();
		assertThat(h.clock.pendingDelays()).as("fibonacci's third delay").containsExactly(Duration.ofSeconds(2));
	}

	@Test
	void aReviveAfterOfForeverLeavesFailedWithNoTimer() {
		Harness h = new Harness(Backoff.builder().failAfter(1).reviveAfter(FOREVER_MILLIS).build());
		h.socket.start();
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.FAILED);
		assertThat(h.clock.pendingTasks()).isZero();
		assertThat(h.socket.snapshot().nextAttemptAt()).isNull();
		h.socket.start();
		assertThat(h.state()).as("start() still leaves FAILED").isEqualTo(SocketState.OPENING);
	}

	@Test
	void timersOfForeverInEveryOptionTogetherStillStartOpenAndStop() {
		Harness h = new Harness(Backoff.builder().resetAfter(FOREVER_MILLIS).reviveAfter(FOREVER_MILLIS).build(),
				(b) -> b.openTimeout(FOREVER_SECONDS).stopTimeout(FOREVER_SECONDS).livenessTimeout(FOREVER_SECONDS));
		h.opened();
		assertThat(h.socket.stop().toCompletableFuture()).isCompletedWithValue(StopOutcome.CLOSED);
		assertThat(h.clock.pendingTasks()).isZero();
	}

	@Test
	void delaysGrowingPastForeverStayMonotonicAndNeverWrapAround() {
		Harness h = new Harness(Backoff.builder()
			.initialDelay(Duration.ofMillis(1))
			.maxDelay(FOREVER_MILLIS)
			.randomisationFactor(0)
			.build());
		h.socket.start();
		List<Long> delays = new ArrayList<>();
		for (int i = 0; i < 120 && h.state() != SocketState.STOPPED; i++) {
			h.factory.last().close();
			Duration next = h.clock.nextTaskDelay();
			if (next == null) {
				break; // a delay of forever: no next attempt
			}
			delays.add(next.toMillis());
			assertThat(h.clock.runNextTask()).isTrue();
		}
		assertThat(delays).hasSizeGreaterThan(80).allSatisfy((delay) -> assertThat(delay).isPositive());
		assertThat(delays).isSorted();
		// the machine still answers
		assertThat(h.socket.stop().toCompletableFuture()).isCompletedWithValue(StopOutcome.CLOSED);
	}

}
