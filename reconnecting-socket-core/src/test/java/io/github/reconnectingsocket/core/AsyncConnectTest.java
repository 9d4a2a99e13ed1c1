package io.github.reconnectingsocket.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import io.github.reconnectingsocket.backoff.Backoff;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The asynchronous connect on a virtual clock and a direct executor: the exact order of
 * calls and transitions when the connect succeeds, fails, times out, or delivers its
 * socket after the attempt was given up. Each behaviour holds for the class style
 * ({@code builder(factory)}) and the lambda style
 * ({@code builder(Sock.class).connect(...)}).
 */
class AsyncConnectTest {

	enum Style {

		CLASS, LAMBDA

	}

	private final VirtualClock clock = new VirtualClock();

	private final ScriptedAsyncFactory factory = new ScriptedAsyncFactory();

	private final List<StateChange> changes = new ArrayList<>();

	private final List<Info> infos = new ArrayList<>();

	private ReconnectingSocket<ScriptedFactory.Sock> build(Style style,
			UnaryOperator<ReconnectingSocketBuilder<ScriptedFactory.Sock>> customizer) {
		ReconnectingSocketBuilder<ScriptedFactory.Sock> builder = (style == Style.CLASS)
				? ReconnectingSocket.builder(this.factory)
				: ReconnectingSocket.builder(ScriptedFactory.Sock.class)
					.connect(this.factory::connect)
					.destroy(this.factory::destroy)
					.onOpen(this.factory::onOpen)
					.onClose(this.factory::onClose)
					.onFail(this.factory::onFail);
		builder.name("async")
			.backoff(Backoff.builder().randomisationFactor(0).build())
			.openTimeout(Duration.ofMillis(500))
			.virtualClock(this.clock)
			.executor(Runnable::run)
			.stateListener((change) -> {
				this.changes.add(change);
				this.factory.log.add(change.from().seedName() + " -> " + change.to().seedName());
			})
			.infoListener(this.infos::add);
		return customizer.apply(builder).build();
	}

	private ReconnectingSocket<ScriptedFactory.Sock> build(Style style) {
		return build(style, UnaryOperator.identity());
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void aCompletedStageOpensTheSocketAndCancelsTheOpenTimeout(Style style) {
		ReconnectingSocket<ScriptedFactory.Sock> socket = build(style);
		socket.start();
		assertThat(this.factory.drain()).containsExactly("stopped -> opening", "connect #1 first");
		assertThat(this.clock.pendingDelays()).containsExactly(Duration.ofMillis(500));
		ScriptedFactory.Sock sock = this.factory.deliver(1);
		assertThat(this.factory.drain()).containsExactly("opening -> opened", "onOpen #1 first");
		assertThat(socket.state()).isEqualTo(SocketState.OPENED);
		assertThat(socket.socket()).containsSame(sock);
		assertThat(this.clock.pendingTasks()).as("open timeout cancelled").isZero();
		assertThat(socket.snapshot().counters().opens()).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void anExceptionalStageIsAFailedAttemptWithThatError(Style style) {
		ReconnectingSocket<ScriptedFactory.Sock> socket = build(style);
		socket.start();
		this.factory.drain();
		IOException refused = new IOException("refused");
		this.factory.connect(1).completeExceptionally(refused);
		// no socket was made: no onClose
		assertThat(this.factory.drain()).containsExactly("opening -> closed");
		assertThat(socket.snapshot().lastError()).isSameAs(refused);
		assertThat(this.changes.get(this.changes.size() - 1).lastError()).isSameAs(refused);
		assertThat(socket.snapshot().counters().failedAttempts()).isEqualTo(1);
		assertThat(socket.snapshot().consecutiveFailures()).isEqualTo(1);
		assertThat(this.clock.pendingDelays()).containsExactly(Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.factory.drain()).containsExactly("closed -> reopening", "connect #2 first");
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void aConnectThatThrowsIsAFailedAttemptWithItsException(Style style) {
		ReconnectingSocket<ScriptedFactory.Sock> socket = build(style);
		this.factory.connectFailure = new IllegalArgumentException("malformed address");
		socket.start();
		assertThat(this.factory.drain()).containsExactly("stopped -> opening", "connect #1 first", "opening -> closed");
		assertThat(socket.snapshot().lastError()).isSameAs(this.factory.connectFailure);
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void theOpenTimeoutCancelsTheStageAndFailsTheAttempt(Style style) {
		ReconnectingSocket<ScriptedFactory.Sock> socket = build(style);
		socket.start();
		this.factory.drain();
		this.clock.advance(Duration.ofMillis(499));
		assertThat(this.factory.connect(1)).isNotDone();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.factory.connect(1)).isCancelled();
		assertThat(this.factory.drain()).containsExactly("opening -> closed");
		assertThat(socket.snapshot().lastError()).isInstanceOf(OpenTimeoutException.class)
			.hasMessageContaining("500 ms");
		assertThat(this.infos).anyMatch((info) -> info.kind() == Info.Kind.ATTEMPT_FAILED
				&& info.message().equals("attempt 1 did not open within 500 ms"));
		// the cancellation reaches the machine as the stage's exceptional completion:
		// stale, ignored
		assertThat(socket.state()).isEqualTo(SocketState.CLOSED);
		assertThat(socket.snapshot().counters().failedAttempts()).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void aSocketDeliveredAfterTheOpenTimeoutIsDestroyedAndClosed(Style style) {
		ReconnectingSocket<ScriptedFactory.Sock> socket = build(style);
		this.factory.uncancellableStages = true;
		socket.start();
		this.clock.advance(Duration.ofMillis(500));
		assertThat(this.factory.drain()).containsExactly("stopped -> opening", "connect #1 first", "opening -> closed");
		ScriptedFactory.Sock late = this.factory.deliver(1);
		assertThat(this.factory.drain()).containsExactly("destroy #1", "onClose #1");
		assertThat(late.destroyed).isEqualTo(1);
		assertThat(late.closedHooks).isEqualTo(1);
		assertThat(socket.state()).isEqualTo(SocketState.CLOSED);
		assertThat(socket.socket()).isEmpty();
		assertThat(this.infos).anyMatch((info) -> info.kind() == Info.Kind.DESTROYED
				&& info.message().equals("destroying the late socket of given-up attempt 1"));
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void stopWhileConnectingCancelsTheStageAndStopsAtOnce(Style style) {
		ReconnectingSocket<ScriptedFactory.Sock> socket = build(style);
		socket.start();
		this.factory.drain();
		CompletableFuture<StopOutcome> stopped = socket.stop().toCompletableFuture();
		assertThat(this.factory.connect(1)).isCancelled();
		assertThat(this.factory.drain()).containsExactly("opening -> closing", "closing -> stopped");
		assertThat(stopped).isCompletedWithValue(StopOutcome.CLOSED);
		assertThat(this.clock.pendingTasks()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void aStopWhileAnUncancellableConnectRunsEndsWhenItsSocketComesAndIsDestroyed(Style style) {
		ReconnectingSocket<ScriptedFactory.Sock> socket = build(style);
		this.factory.uncancellableStages = true;
		socket.start();
		this.factory.drain();
		CompletableFuture<StopOutcome> stopped = socket.stop().toCompletableFuture();
		assertThat(this.factory.drain()).containsExactly("opening -> closing");
		assertThat(stopped).isNotDone();
		ScriptedFactory.Sock late = this.factory.deliver(1);
		assertThat(this.factory.drain()).containsExactly("destroy #1", "onClose #1", "closing -> stopped");
		assertThat(stopped).isCompletedWithValue(StopOutcome.CLOSED);
		assertThat(late.destroyed).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void aSocketDeliveredAfterTheStopTimedOutIsDestroyedAndClosed(Style style) {
		ReconnectingSocket<ScriptedFactory.Sock> socket = build(style, (b) -> b.stopTimeout(Duration.ofMillis(200)));
		this.factory.uncancellableStages = true;
		socket.start();
		CompletableFuture<StopOutcome> stopped = socket.stop().toCompletableFuture();
		this.clock.advance(Duration.ofMillis(200));
		assertThat(stopped).isCompletedWithValue(StopOutcome.TIMED_OUT);
		assertThat(this.infos).filteredOn((info) -> info.kind() == Info.Kind.STOP_TIMED_OUT)
			.singleElement()
			.extracting(Info::message)
			.isEqualTo("stopped after the stop timeout of 200 ms: connect() was still running");
		this.factory.drain();
		ScriptedFactory.Sock late = this.factory.deliver(1);
		assertThat(this.factory.drain()).containsExactly("destroy #1", "onClose #1");
		assertThat(late.destroyed).isEqualTo(1);
		assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void anAsyncSocketCountsAsClosedOnceDestroyReturns(Style style) {
		ReconnectingSocket<ScriptedFactory.Sock> socket = build(style);
		socket.start();
		this.factory.deliver(1);
		this.factory.drain();
		CompletableFuture<StopOutcome> stopped = socket.stop().toCompletableFuture();
		// no close() through the handle, yet the stop is over
		assertThat(this.factory.drain()).containsExactly("opened -> closing", "destroy #1", "onClose #1",
				"closing -> stopped");
		assertThat(stopped).isCompletedWithValue(StopOutcome.CLOSED);
		assertThat(this.clock.pendingTasks()).as("stop timer cancelled").isZero();
	}

	@Test
	void theConnectionLostAfterOpenIsADisconnection() {
		ReconnectingSocket<ScriptedFactory.Sock> socket = build(Style.CLASS);
		socket.start();
		this.factory.deliver(1);
		this.factory.drain();
		this.factory.handle(1).close();
		assertThat(this.factory.drain()).containsExactly("onClose #1", "opened -> closed");
		assertThat(socket.snapshot().counters().disconnections()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.factory.drain()).containsExactly("closed -> reopening", "connect #2");
	}

	@Test
	void openThroughTheHandleOfAnAsyncFactoryDoesNotOpenBeforeTheStageCompletes() {
		ReconnectingSocket<ScriptedFactory.Sock> socket = build(Style.CLASS);
		socket.start();
		this.factory.drain();
		this.factory.handle(1).open();
		assertThat(socket.state()).isEqualTo(SocketState.OPENING);
		this.factory.deliver(1);
		assertThat(this.factory.drain()).containsExactly("opening -> opened", "onOpen #1 first");
	}

}
