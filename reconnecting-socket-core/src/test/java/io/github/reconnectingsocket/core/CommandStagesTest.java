package io.github.reconnectingsocket.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.github.reconnectingsocket.backoff.Backoff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What commands return and what listeners are told, on a virtual clock and a direct
 * executor: the stages of {@code start()}, {@code reconnect()}, {@code stop()} (with its
 * outcome) and {@code whenOpen()}; the fields of {@link StateChange}; ignored commands
 * and signals counted with their {@link Info.Kind}; {@code stateAndSocket()}.
 */
class CommandStagesTest {

	// ---------------------------------------------------------------- start() and
	// reconnect()

	@Test
	void startCompletesOnceHandledWithTheSnapshotAfterIt() {
		Harness h = new Harness();
		List<String> seenByListenersFirst = new ArrayList<>();
		CompletableFuture<SocketSnapshot> started = h.socket.start()
			.whenComplete((snapshot, error) -> seenByListenersFirst.addAll(h.factory.log))
			.toCompletableFuture();
		assertThat(started).isCompleted();
		assertThat(started.join().state()).isEqualTo(SocketState.OPENING);
		assertThat(started.join().counters().attempts()).isEqualTo(1);
		// the stage completes after the listeners heard of the transition
		assertThat(seenByListenersFirst).startsWith("stopped -> opening");
	}

	@Test
	void anIgnoredStartCompletesToo_countedAsIgnored() {
		Harness h = new Harness().opened();
		List<Info> infos = new ArrayList<>();
		h.socket.addInfoListener(infos::add);
		SocketSnapshot snapshot = h.socket.start().toCompletableFuture().join();
		assertThat(snapshot.state()).isEqualTo(SocketState.OPENED);
		assertThat(snapshot.counters().ignoredCommands()).isEqualTo(1);
		assertThat(infos).extracting(Info::kind).containsExactly(Info.Kind.IGNORED_COMMAND);
	}

	@Test
	void reconnectCompletesWithTheSnapshotAfterIt() {
		Harness h = new Harness().opened();
		SocketSnapshot snapshot = h.socket.reconnect().toCompletableFuture().join();
		assertThat(snapshot.state()).isEqualTo(SocketState.REOPENING);
		assertThat(snapshot.attempt()).isEqualTo(2);
		assertThat(h.log()).containsExactly("destroy #1", "onClose #1", "opened -> reopening", "create #2");
	}

	@Test
	void ignoredCommandsAndSignalsAreCountedWithTheirKind() {
		Harness h = new Harness();
		List<Info> infos = new ArrayList<>();
		h.socket.addInfoListener(infos::add);
		h.socket.reconnect(); // stopped: ignored
		h.socket.start();
		h.socket.reconnect(); // opening: ignored
		h.factory.last().open();
		h.factory.last().open(); // duplicate: ignored
		SocketHandle first = h.factory.last().handle;
		h.factory.closeOnDestroy = false;
		h.socket.reconnect();
		first.close(); // stale
		first.error(new java.io.IOException("stale")); // stale
		SocketSnapshot.Counters counters = h.socket.snapshot().counters();
		assertThat(counters.ignoredCommands()).isEqualTo(2);
		assertThat(counters.ignoredSignals()).isEqualTo(3);
		assertThat(infos).filteredOn((info) -> info.kind() == Info.Kind.IGNORED_COMMAND).hasSize(2);
		assertThat(infos).filteredOn((info) -> info.kind() == Info.Kind.IGNORED_SIGNAL).hasSize(3);
	}

	// ---------------------------------------------------------------- stop()

	@Test
	void stopOutcomeIsClosedWhenTheSocketCloses() {
		Harness h = new Harness().opened();
		assertThat(h.socket.stop().toCompletableFuture().join()).isEqualTo(StopOutcome.CLOSED);
	}

	@Test
	void stopOutcomeIsClosedWhenStoppedAlreadyOrNothingWasOpen() {
		Harness h = new Harness();
		assertThat(h.socket.stop().toCompletableFuture().join()).isEqualTo(StopOutcome.CLOSED);
		h.socket.start();
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.CLOSED);
		assertThat(h.socket.stop().toCompletableFuture().join()).isEqualTo(StopOutcome.CLOSED);
	}

	@Test
	void stopOutcomeIsTimedOutWhenTheCloseNeverCame() {
		Harness h = new Harness(Backoff.builder().build(), (b) -> b.stopTimeout(Duration.ofMillis(300))).opened();
		List<Info> infos = new ArrayList<>();
		h.socket.addInfoListener(infos::add);
		h.factory.closeOnDestroy = false;
		CompletableFuture<StopOutcome> stopped = h.socket.stop().toCompletableFuture();
		h.advance(299);
		assertThat(stopped).isNotDone();
		h.advance(1);
		assertThat(stopped).isCompletedWithValue(StopOutcome.TIMED_OUT);
		assertThat(h.log()).containsExactly("opened -> closing", "destroy #1", "onClose #1", "closing -> stopped");
		assertThat(infos).filteredOn((info) -> info.kind() == Info.Kind.STOP_TIMED_OUT)
			.singleElement()
			.extracting(Info::message)
			.isEqualTo("stopped after the stop timeout of 300 ms: destroy() returned but close() never came");
	}

	@Test
	void stopOutcomeIsTimedOutAtOnceWithAStopTimeoutOfZero() {
		Harness h = new Harness(Backoff.builder().build(), (b) -> b.stopTimeout(Duration.ZERO)).opened();
		h.factory.closeOnDestroy = false;
		CompletableFuture<StopOutcome> stopped = h.socket.stop().toCompletableFuture();
		assertThat(stopped).isCompletedWithValue(StopOutcome.TIMED_OUT);
		assertThat(h.state()).isEqualTo(SocketState.STOPPED);
		assertThat(h.clock.pendingTasks()).isZero();
	}

	@Test
	void stopOutcomeIsClosedWhenDestroyThrows() {
		Harness h = new Harness(Backoff.builder().build(), (b) -> b.stopTimeout(Duration.ofSeconds(5))).opened();
		h.factory.destroyFailure = new IllegalStateException("destroy bug");
		assertThat(h.socket.stop().toCompletableFuture().join()).isEqualTo(StopOutcome.CLOSED);
		assertThat(h.clock.pendingTasks()).isZero();
	}

	@Test
	void everyStopWaitingOnTheSameClosingGetsTheSameOutcome() {
		Harness h = new Harness(Backoff.builder().build(), (b) -> b.stopTimeout(Duration.ofMillis(300))).opened();
		h.factory.closeOnDestroy = false;
		CompletableFuture<StopOutcome> first = h.socket.stop().toCompletableFuture();
		CompletableFuture<StopOutcome> second = h.socket.stop().toCompletableFuture();
		h.advance(300);
		assertThat(first).isCompletedWithValue(StopOutcome.TIMED_OUT);
		assertThat(second).isCompletedWithValue(StopOutcome.TIMED_OUT);
	}

	// ---------------------------------------------------------------- whenOpen()

	@Test
	void whenOpenCompletesWithTheSocketOnTheNextOpen() {
		Harness h = new Harness();
		CompletableFuture<ScriptedFactory.Sock> open = h.socket.whenOpen().toCompletableFuture();
		h.socket.start();
		h.factory.last().close();
		h.clock.advanceToNextTask();
		assertThat(open).isNotDone();
		h.factory.last().open();
		assertThat(open).isCompletedWithValue(h.factory.last());
	}

	@Test
	void whenOpenCompletesAtOnceWhenOpened() {
		Harness h = new Harness().opened();
		assertThat(h.socket.whenOpen().toCompletableFuture()).isCompletedWithValue(h.factory.last());
	}

	@Test
	void whenOpenFailsOnStop() {
		Harness h = new Harness();
		h.socket.start();
		CompletableFuture<ScriptedFactory.Sock> open = h.socket.whenOpen().toCompletableFuture();
		h.socket.stop();
		assertThatThrownBy(open::get).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(SocketNotOpenException.class)
			.hasMessageContaining("test")
			.hasMessageContaining("closing");
	}

	@Test
	void whenOpenFailsWhenTheMachineGivesUpWithTheLastError() {
		Harness h = new Harness(Backoff.builder().failAfter(1).build());
		h.socket.start();
		CompletableFuture<ScriptedFactory.Sock> open = h.socket.whenOpen().toCompletableFuture();
		h.factory.last().error("refused");
		h.factory.last().close();
		assertThat(open).isCompletedExceptionally();
		assertThatThrownBy(open::get).cause().isInstanceOf(SocketNotOpenException.class).hasRootCauseMessage("refused");
		// and at once while FAILED
		assertThat(h.socket.whenOpen().toCompletableFuture()).isCompletedExceptionally();
	}

	// ---------------------------------------------------------------- StateChange and
	// stateAndSocket()

	@Test
	void stateChangesCarryFailuresOutageAndNextAttempt() {
		Harness h = new Harness(Backoff.builder().randomisationFactor(0).build());
		Instant started = h.clock.instant();
		h.socket.start();
		h.advance(100);
		h.factory.last().close();
		StateChange closed = h.changes.get(h.changes.size() - 1);
		assertThat(closed.to()).isEqualTo(SocketState.CLOSED);
		assertThat(closed.consecutiveFailures()).isEqualTo(1);
		assertThat(closed.disconnectedSince()).isEqualTo(started);
		assertThat(closed.nextAttemptAt()).isEqualTo(h.clock.instant().plusSeconds(1));
		assertThat(closed.time()).isEqualTo(h.clock.instant());
		h.advance(1000);
		StateChange reopening = h.changes.get(h.changes.size() - 1);
		assertThat(reopening.nextAttemptAt()).isNull();
		assertThat(reopening.disconnectedSince()).isEqualTo(started);
		assertThat(reopening.attempt()).isEqualTo(2);
		h.factory.last().open();
		StateChange opened = h.changes.get(h.changes.size() - 1);
		assertThat(opened.disconnectedSince()).isNull();
		assertThat(opened.consecutiveFailures()).isZero();
		assertThat(opened.nextAttemptAt()).isNull();
	}

	/**
	 * StateChange.nextAttemptAt is documented as set only "entering CLOSED, or FAILED
	 * with a revive"; a stop from CLOSED publishes closed -> closing still carrying the
	 * cancelled attempt's time.
	 */
	@Test
	void aStopFromClosedPublishesNoNextAttempt() {
		Harness h = new Harness(Backoff.builder().randomisationFactor(0).build());
		h.socket.start();
		h.factory.last().close();
		h.socket.stop();
		StateChange closing = h.changes.get(h.changes.size() - 2);
		assertThat(closing.to()).isEqualTo(SocketState.CLOSING);
		assertThat(closing.nextAttemptAt()).as("no attempt is due once stopping").isNull();
	}

	@Test
	void stateAndSocketAreReadTogether() {
		Harness h = new Harness();
		assertThat(h.socket.stateAndSocket())
			.isEqualTo(new StateAndSocket<ScriptedFactory.Sock>(SocketState.STOPPED, null));
		h.socket.start();
		assertThat(h.socket.stateAndSocket().socket()).isNull();
		h.factory.last().open();
		StateAndSocket<ScriptedFactory.Sock> opened = h.socket.stateAndSocket();
		assertThat(opened.state()).isEqualTo(SocketState.OPENED);
		assertThat(opened.socket()).isSameAs(h.factory.last());
		h.factory.closeOnDestroy = false;
		h.socket.stop();
		StateAndSocket<ScriptedFactory.Sock> closing = h.socket.stateAndSocket();
		assertThat(closing.state()).isEqualTo(SocketState.CLOSING);
		assertThat(closing.socket()).isNull();
	}

}
