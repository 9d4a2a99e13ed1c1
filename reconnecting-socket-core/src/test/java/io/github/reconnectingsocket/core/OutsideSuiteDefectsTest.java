package io.github.reconnectingsocket.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reconnectingsocket.backoff.Backoff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The defects and API awkwardness found by the outside test suite (issue 10), one test
 * each, on a virtual clock. The ones that need real threads are in
 * {@code reliability.OutsideSuiteDefectsIT} (module {@code reconnecting-socket-core-it});
 * durations near Long.MAX_VALUE in {@link ForeverDurationsTest}; the backoff overflow in
 * {@code backoff.BackoffOverflowTest}.
 */
class OutsideSuiteDefectsTest {

	private static int recurseForever(int depth) {
		return recurseForever(depth + 1) + 1;
	}

	@Test
	void aStackOverflowInAStateListenerOnClosedLeavesTheMachineWithItsTimer() {
		List<Info> infos = new ArrayList<>();
		Harness h = new Harness(Backoff.builder().randomisationFactor(0).build(),
				(b) -> b.infoListener(infos::add).stateListener((change) -> {
					if (change.to() == SocketState.CLOSED) {
						recurseForever(0);
					}
				}));
		h.opened();
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.CLOSED);
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofSeconds(1));
		assertThat(infos).anyMatch(
				(info) -> info.kind() == Info.Kind.CALLBACK_FAILED && info.message().contains("StackOverflowError"));
		h.advance(1000);
		assertThat(h.state()).isEqualTo(SocketState.REOPENING);
		h.factory.last().open();
		assertThat(h.state()).isEqualTo(SocketState.OPENED);
	}

	@Test
	void runNextTaskStepsThroughAZeroDelayLoopOfThrowingCreates() {
		VirtualClock clock = new VirtualClock();
		AtomicInteger creates = new AtomicInteger();
		// one exception, thrown every time: a million stack traces would make the guard
		// below slow
		java.io.IOException refused = new java.io.IOException("refused");
		ReconnectingSocket<String> socket = ReconnectingSocket.builder(String.class).create((handle, firstOpen) -> {
			creates.incrementAndGet();
			throw refused;
		}).destroy((s) -> {
		})
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ZERO).build())
			.openTimeout(null)
			.virtualClock(clock)
			.executor(Runnable::run)
			.build();
		socket.start();
		assertThat(creates).hasValue(1);
		assertThat(socket.state()).isEqualTo(SocketState.CLOSED);
		for (int i = 2; i <= 10; i++) {
			assertThat(clock.runNextTask()).isTrue();
			assertThat(creates).hasValue(i);
			assertThat(socket.state()).isEqualTo(SocketState.CLOSED);
			assertThat(clock.pendingDelays()).containsExactly(Duration.ZERO);
		}
		assertThat(clock.elapsed()).isZero();
		// advance() refuses to spin for good, and says what to use instead
		assertThatIllegalStateException().isThrownBy(() -> clock.advance(Duration.ZERO))
			.withMessageContaining("runNextTask()");
		socket.stop();
		assertThat(clock.pendingTasks()).isZero();
		assertThat(clock.runNextTask()).isFalse();
	}

	@Test
	void theLambdaBuilderNeedsNoTypeWitnessWhenGivenTheSocketClass() {
		List<Integer> lengths = new ArrayList<>();
		// S is inferred as String from the class: onOpen may call String's methods
		ReconnectingSocket<String> socket = ReconnectingSocket.builder(String.class).create((handle, firstOpen) -> {
			handle.open();
			return "hello";
		})
			.destroy((s) -> lengths.add(-s.length()))
			.onOpen((s, firstOpen) -> lengths.add(s.length()))
			.executor(Runnable::run)
			.virtualClock(new VirtualClock())
			.build();
		socket.start();
		assertThat(socket.socket()).contains("hello");
		socket.stop();
		assertThat(lengths).containsExactly(5, -5);
	}

	@Test
	void stopTimeoutZeroNeverCallsForTheCloseAndSaysTimedOut() {
		Harness h = new Harness(Backoff.builder().build(), (b) -> b.stopTimeout(Duration.ZERO)).opened();
		h.factory.closeOnDestroy = false;
		assertThat(h.socket.stop().toCompletableFuture()).isCompletedWithValue(StopOutcome.TIMED_OUT);
		assertThat(h.log()).containsExactly("opened -> closing", "destroy #1", "onClose #1", "closing -> stopped");
	}

}
