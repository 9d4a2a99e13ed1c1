package io.github.reconnectingsocket.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.github.reconnectingsocket.backoff.Backoff;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per row of the transition table ({@link SocketState#successors()}, drawn in
 * the README), asserting the exact order of callbacks.
 */
class TransitionTableTest {

	@Test
	void stoppedOnStartGoesOpeningAndCreatesWithFirstOpen() {
		Harness h = new Harness();
		assertThat(h.state()).isEqualTo(SocketState.STOPPED);
		h.socket.start();
		assertThat(h.log()).containsExactly("stopped -> opening", "create #1 first");
		assertThat(h.state()).isEqualTo(SocketState.OPENING);
	}

	@Test
	void failedOnStartGoesOpeningWithFirstOpenAgain() {
		Harness h = new Harness(Backoff.builder().failAfter(1).build());
		h.socket.start();
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.FAILED);
		h.log();
		h.socket.start();
		assertThat(h.log()).containsExactly("failed -> opening", "create #2 first");
		assertThat(h.socket.snapshot().consecutiveFailures()).isZero();
		assertThat(h.socket.snapshot().attempt()).isEqualTo(1);
	}

	@Test
	void openingOnOpenGoesOpenedThenCallsOnOpenWithFirstOpen() {
		Harness h = new Harness();
		h.socket.start();
		h.log();
		h.factory.last().open();
		assertThat(h.log()).containsExactly("opening -> opened", "onOpen #1 first");
		assertThat(h.socket.socket()).containsSame(h.factory.last());
	}

	@Test
	void reopeningOnOpenGoesOpenedWithoutFirstOpenAndResetsFailures() {
		Harness h = new Harness().opened();
		h.factory.last().close();
		h.advance(1000);
		h.factory.last().close(); // a failed attempt
		h.advance(1000);
		assertThat(h.socket.snapshot().consecutiveFailures()).isEqualTo(1);
		h.log();
		h.factory.last().open();
		assertThat(h.log()).containsExactly("reopening -> opened", "onOpen #3");
		assertThat(h.socket.snapshot().consecutiveFailures()).isZero();
	}

	@Test
	void errorKeepsTheStateAndBecomesTheLastError() {
		Harness h = new Harness();
		h.socket.start();
		h.factory.last().error("refused");
		assertThat(h.state()).isEqualTo(SocketState.OPENING);
		assertThat(h.socket.snapshot().lastError()).hasMessage("refused");
		h.factory.last().open();
		h.factory.last().error("reset");
		assertThat(h.state()).isEqualTo(SocketState.OPENED);
		assertThat(h.socket.snapshot().lastError()).isInstanceOf(IOException.class).hasMessage("reset");
		assertThat(h.socket.snapshot().lastErrorAt()).isEqualTo(h.clock.instant());
		assertThat(h.infos).anyMatch((m) -> m.contains("reset"));
	}

	@Test
	void openedOnCloseCallsOnCloseGoesClosedAndSchedulesTheFirstDelay() {
		Harness h = new Harness().opened();
		h.factory.last().close();
		assertThat(h.log()).containsExactly("onClose #1", "opened -> closed");
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofSeconds(1));
		assertThat(h.socket.snapshot().nextAttemptAt()).isEqualTo(h.clock.instant().plusSeconds(1));
		assertThat(h.socket.snapshot().counters().disconnections()).isEqualTo(1);
		assertThat(h.socket.socket()).isEmpty();
	}

	@Test
	void closedWhenTheDelayElapsesGoesReopeningAndCreates() {
		Harness h = new Harness().opened();
		h.factory.last().close();
		h.log();
		h.advance(999);
		assertThat(h.log()).isEmpty();
		h.advance(1);
		assertThat(h.log()).containsExactly("closed -> reopening", "create #2");
		assertThat(h.socket.snapshot().nextAttemptAt()).isNull();
	}

	@Test
	void openingOnCloseIsAFailedAttempt() {
		Harness h = new Harness();
		h.socket.start();
		h.log();
		h.factory.last().close();
		assertThat(h.log()).containsExactly("onClose #1", "opening -> closed");
		assertThat(h.socket.snapshot().consecutiveFailures()).isEqualTo(1);
		assertThat(h.socket.snapshot().counters().failedAttempts()).isEqualTo(1);
	}

	@Test
	void createThrowingIsAFailedAttemptWithItsExceptionAsLastError() {
		Harness h = new Harness(Backoff.builder().failAfter(2).randomisationFactor(0).build());
		h.factory.createFailure = new IllegalStateException("no route");
		h.socket.start();
		assertThat(h.log()).containsExactly("stopped -> opening", "create #1 first", "opening -> closed");
		h.advance(1000);
		assertThat(h.log()).containsExactly("closed -> reopening", "create #2 first", "reopening -> failed",
				"onFail no route");
		assertThat(h.clock.pendingTasks()).isZero();
	}

	@Test
	void createReturningNullIsAFailedAttempt() {
		Harness h = new Harness();
		ReconnectingSocket<Object> socket = ReconnectingSocket.builder()
			.name("null")
			.create((handle, first) -> null)
			.destroy((s) -> {
			})
			.virtualClock(h.clock)
			.executor(Runnable::run)
			.build();
		socket.start();
		assertThat(socket.state()).isEqualTo(SocketState.CLOSED);
		assertThat(socket.snapshot().lastError()).hasMessageContaining("returned null");
	}

	@Test
	void openedOnReconnectDestroysAndOpensAgainAtOnceWithBackoffReset() {
		Harness h = new Harness().opened();
		h.socket.reconnect();
		assertThat(h.log()).containsExactly("destroy #1", "onClose #1", "opened -> reopening", "create #2");
		// the close() the destroyed socket raised afterwards is stale
		assertThat(h.infos).anyMatch((m) -> m.equals("ignored stale close() from attempt 1"));
		assertThat(h.factory.socket(1).closedHooks).isEqualTo(1);
		h.factory.last().open();
		assertThat(h.log()).containsExactly("reopening -> opened", "onOpen #2");
	}

	@Nested
	class Stop {

		@Test
		void whenOpenedDestroysAndStopsOnClose() {
			Harness h = new Harness().opened();
			h.factory.closeOnDestroy = false;
			CompletionStage<StopOutcome> stopped = h.socket.stop();
			assertThat(h.log()).containsExactly("opened -> closing", "destroy #1");
			assertThat(stopped.toCompletableFuture()).isNotDone();
			h.factory.last().close();
			assertThat(h.log()).containsExactly("onClose #1", "closing -> stopped");
			assertThat(stopped.toCompletableFuture()).isCompleted();
			assertThat(h.clock.pendingTasks()).isZero();
		}

		@Test
		void whenOpenedTheSocketBeingDestroyedIsNoLongerTheOpenSocket() {
			Harness h = new Harness().opened();
			h.factory.closeOnDestroy = false;
			List<Optional<ScriptedFactory.Sock>> seenByListener = new ArrayList<>();
			h.socket.addStateListener((change) -> seenByListener.add(h.socket.socket()));
			h.socket.stop();
			assertThat(h.state()).isEqualTo(SocketState.CLOSING);
			assertThat(h.socket.socket()).isEmpty();
			assertThat(seenByListener).containsExactly(Optional.empty());
		}

		@Test
		void whenOpeningDestroysTheSocketBeingOpened() {
			Harness h = new Harness();
			h.socket.start();
			h.log();
			CompletionStage<StopOutcome> stopped = h.socket.stop();
			assertThat(h.log()).containsExactly("opening -> closing", "destroy #1", "onClose #1", "closing -> stopped");
			assertThat(stopped.toCompletableFuture()).isCompleted();
		}

		@Test
		void whenReopening() {
			Harness h = new Harness().opened();
			h.factory.last().close();
			h.advance(1000);
			h.log();
			h.socket.stop();
			assertThat(h.log()).containsExactly("reopening -> closing", "destroy #2", "onClose #2",
					"closing -> stopped");
		}

		@Test
		void whenClosedCancelsTheDelay() {
			Harness h = new Harness().opened();
			h.factory.last().close();
			h.log();
			h.socket.stop();
			assertThat(h.log()).containsExactly("closed -> closing", "closing -> stopped");
			assertThat(h.clock.pendingTasks()).isZero();
			h.advance(60_000);
			assertThat(h.log()).isEmpty();
		}

		@Test
		void whenFailed() {
			Harness h = new Harness(Backoff.builder().failAfter(1).build());
			h.socket.start();
			h.factory.last().close();
			h.log();
			h.socket.stop();
			assertThat(h.log()).containsExactly("failed -> closing", "closing -> stopped");
		}

		@Test
		void whenStoppedCompletesAtOnceAndPublishesNothing() {
			Harness h = new Harness();
			assertThat(h.socket.stop().toCompletableFuture()).isCompleted();
			assertThat(h.log()).isEmpty();
		}

		@Test
		void whenClosingReturnsAStageCompletedWithTheFirst() {
			Harness h = new Harness().opened();
			h.factory.closeOnDestroy = false;
			CompletionStage<StopOutcome> first = h.socket.stop();
			CompletionStage<StopOutcome> second = h.socket.stop();
			assertThat(second.toCompletableFuture()).isNotDone();
			h.factory.last().close();
			assertThat(first.toCompletableFuture()).isCompleted();
			assertThat(second.toCompletableFuture()).isCompleted();
		}

		@Test
		void finishesAfterTheStopTimeoutWhenDestroyNeverLeadsToClose() {
			Harness h = new Harness(Backoff.builder().build(), (b) -> b.stopTimeout(Duration.ofSeconds(2))).opened();
			h.factory.closeOnDestroy = false;
			CompletionStage<StopOutcome> stopped = h.socket.stop();
			h.advance(1999);
			assertThat(stopped.toCompletableFuture()).isNotDone();
			h.log();
			h.advance(1);
			assertThat(h.log()).containsExactly("onClose #1", "closing -> stopped");
			assertThat(stopped.toCompletableFuture()).isCompleted();
			h.factory.last().close();
			assertThat(h.log()).isEmpty();
			assertThat(h.factory.last().closedHooks).isEqualTo(1);
		}

		@Test
		void destroyThatThrowsCountsAsClosed() {
			Harness h = new Harness().opened();
			h.factory.destroyFailure = new IllegalStateException("boom");
			CompletionStage<StopOutcome> stopped = h.socket.stop();
			assertThat(h.log()).containsExactly("opened -> closing", "destroy #1", "onClose #1", "closing -> stopped");
			assertThat(stopped.toCompletableFuture()).isCompleted();
			assertThat(h.infos).anyMatch((m) -> m.contains("destroy() threw") && m.contains("boom"));
		}

	}

	@Test
	void startDuringClosingStartsOnceStopped() {
		Harness h = new Harness().opened();
		h.factory.closeOnDestroy = false;
		CompletionStage<StopOutcome> stopped = h.socket.stop();
		h.socket.start();
		assertThat(h.state()).isEqualTo(SocketState.CLOSING);
		h.log();
		h.factory.last().close();
		assertThat(h.log()).containsExactly("onClose #1", "closing -> stopped", "stopped -> opening",
				"create #2 first");
		assertThat(stopped.toCompletableFuture()).isCompleted();
	}

	@Test
	void stopAfterStartDuringClosingCancelsThatStart() {
		Harness h = new Harness().opened();
		h.factory.closeOnDestroy = false;
		h.socket.stop();
		h.socket.start();
		h.socket.stop();
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.STOPPED);
	}

	@Test
	void startWhileRunningIsIgnored() {
		Harness h = new Harness().opened();
		h.socket.start();
		assertThat(h.log()).isEmpty();
		assertThat(h.infos).contains("start() ignored: already started (opened)");
	}

	@Test
	void reconnectInClosedSkipsTheRestOfTheDelay() {
		Harness h = new Harness().opened();
		h.factory.last().close();
		h.log();
		h.socket.reconnect();
		assertThat(h.log()).containsExactly("closed -> reopening", "create #2");
		assertThat(h.clock.pendingTasks()).isZero();
	}

	@Test
	void reconnectIsIgnoredWhileStoppedOrConnecting() {
		Harness h = new Harness();
		h.socket.reconnect();
		h.socket.start();
		h.log();
		h.socket.reconnect();
		assertThat(h.log()).isEmpty();
		assertThat(h.infos).contains("reconnect() ignored in state stopped", "reconnect() ignored in state opening");
	}

	@Test
	void everyTransitionCarriesNameAttemptLastErrorAndTime() {
		Harness h = new Harness();
		h.socket.start();
		h.factory.last().error("refused");
		h.advance(5);
		h.factory.last().close();
		StateChange last = h.changes.get(h.changes.size() - 1);
		assertThat(last.name()).isEqualTo("test");
		assertThat(last.from()).isEqualTo(SocketState.OPENING);
		assertThat(last.to()).isEqualTo(SocketState.CLOSED);
		assertThat(last.attempt()).isEqualTo(1);
		assertThat(last.lastError()).hasMessage("refused");
		assertThat(last.time()).isEqualTo(h.clock.instant());
		assertThat(h.socket.snapshot().since()).isEqualTo(h.clock.instant());
	}

}
