package io.github.reconnectingsocket.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * The rules: what each command, signal and timer does in each state. Every method but
 * {@link #signal}, {@link #command} and the queries runs on the {@link MachineContext}
 * and never calls user code: what user code must hear of a step is queued on the
 * {@link Callbacks}, which run it afterwards on other threads. The steps the rules are
 * made of, and the one place where the state changes, are in {@link Steps}.
 *
 * @param <S> the socket type
 */
final class Machine<S> {

	static final System.Logger LOGGER = System.getLogger(ReconnectingSocket.class.getName());

	private final Options<S> options;

	private final Statistics statistics;

	private final Callbacks<S> callbacks;

	private final MachineContext context;

	private final TimerSlot timer;

	private final Steps<S> steps;

	// Confined to the context.
	private boolean startAfterStop;

	Machine(Options<S> options) {
		this.options = options;
		this.statistics = new Statistics(options.name(), options.clock().millis());
		this.callbacks = new Callbacks<>(options);
		this.context = new MachineContext(this.statistics, this::afterStep, (thread, ex) -> LOGGER
			.log(System.Logger.Level.ERROR, "Unexpected failure in reconnecting socket '" + options.name() + "'", ex));
		this.timer = new TimerSlot(options.scheduler(), this.context, this::timerDue);
		this.steps = new Steps<>(this, options, this.statistics, this.callbacks, this.context, this.timer);
	}

	// ---------------------------------------------------------------- from any thread

	/** Called by the context after each step, outside its lock. */
	private void afterStep() {
		this.callbacks.afterStep();
		this.steps.afterStep();
	}

	/** Queues a signal from a socket (or from the machine's own callbacks). */
	void signal(Runnable step) {
		this.context.execute(step);
	}

	/**
	 * Queues a signal as a constant step and its argument: nothing allocated when the
	 * context is idle.
	 */
	<A> void signal(MachineContext.Step<A> step, A argument) {
		this.context.execute(step, argument);
	}

	/**
	 * Queues a command; one issued from inside a callback does not wait behind that
	 * callback.
	 */
	void command(Runnable step) {
		boolean fromCallback = this.callbacks.calledFromLane();
		this.context.execute(() -> {
			if (fromCallback) {
				this.callbacks.detach();
			}
			step.run();
		});
	}

	String name() {
		return this.options.name();
	}

	long nowMillis() {
		return this.options.clock().millis();
	}

	SocketState state() {
		return this.statistics.state;
	}

	@Nullable S openSocket() {
		return this.steps.openSocket;
	}

	Statistics statistics() {
		return this.statistics;
	}

	Callbacks<S> callbacks() {
		return this.callbacks;
	}

	// ---------------------------------------------------------------- commands

	void start(CompletableFuture<SocketSnapshot> handled) {
		switch (state()) {
			case STOPPED, FAILED -> this.steps.startFresh();
			case CLOSING -> {
				this.startAfterStop = true;
				this.steps.info(Info.Kind.START_DEFERRED, "start() while closing: will start once stopped");
			}
			default -> this.steps.ignoredCommand("start() ignored: already started (" + state().seedName() + ")");
		}
		this.callbacks.complete(handled, this.statistics.snapshot());
	}

	void stop(CompletableFuture<StopOutcome> stopped) {
		switch (state()) {
			case STOPPED -> {
				this.startAfterStop = false;
				this.steps.waiters.addStop(stopped, nowMillis());
				this.steps.waiters.completeStops(StopOutcome.CLOSED, nowMillis());
			}
			case CLOSING -> {
				this.startAfterStop = false;
				this.steps.waiters.addStop(stopped, nowMillis());
			}
			default -> beginStop(stopped);
		}
	}

	void reconnect(CompletableFuture<SocketSnapshot> handled) {
		switch (state()) {
			case OPENED -> {
				Attempt<S> attempt = this.steps.current;
				this.steps.info(Info.Kind.DESTROYED, "reconnect(): dropping the open socket of attempt " + attempt.id);
				this.timer.cancel();
				this.steps.destroy(attempt);
				this.steps.socketDone(attempt);
				this.steps.resetBackoff();
				this.steps.beginAttempt(SocketState.REOPENING);
			}
			case CLOSED -> {
				this.steps.info(Info.Kind.NEXT_ATTEMPT, "reconnect(): skipping the rest of the delay");
				this.timer.cancel();
				this.steps.resetBackoff();
				this.steps.beginAttempt(SocketState.REOPENING);
			}
			default -> this.steps.ignoredCommand("reconnect() ignored in state " + state().seedName());
		}
		this.callbacks.complete(handled, this.statistics.snapshot());
	}

	void whenOpen(CompletableFuture<S> opened) {
		switch (state()) {
			case OPENED -> this.callbacks.complete(opened, this.steps.openSocket);
			case CLOSING ->
				this.callbacks.fail(opened, new SocketNotOpenException(name(), state(), this.statistics.lastError));
			case FAILED -> {
				if (this.steps.reviveAfterMillis != Timeouts.NONE) {
					this.steps.waiters.addOpen(opened); // it will revive
				}
				else {
					this.callbacks.fail(opened, new SocketNotOpenException(name(), state(), this.statistics.lastError));
				}
			}
			default -> this.steps.waiters.addOpen(opened);
		}
	}

	// ---------------------------------------------------------------- signals

	void created(Attempt<S> attempt, S socket) {
		attempt.creating = false;
		attempt.socket = socket;
		if (attempt != this.steps.current) {
			// Given up (timeout, stop, reconnect) before its socket came: nothing may
			// leak.
			if (!attempt.closePending) {
				this.steps.info(Info.Kind.DESTROYED, "destroying the late socket of given-up attempt " + attempt.id);
				this.steps.destroy(attempt);
			}
			this.steps.socketDone(attempt);
		}
		else if (state() == SocketState.CLOSING) {
			if (attempt.closePending) {
				closed(attempt);
			}
			else {
				this.steps.destroy(attempt);
			}
		}
		else if (this.options.async()) {
			this.steps.open(attempt);
		}
		else {
			if (attempt.openPending) {
				opened(attempt);
			}
			if (attempt.closePending) {
				closed(attempt);
			}
		}
	}

	void createFailed(Attempt<S> attempt, Throwable error) {
		attempt.creating = false;
		if (attempt != this.steps.current) {
			this.steps.info(Info.Kind.IGNORED_SIGNAL, "given-up attempt " + attempt.id + " ended with " + error);
			return;
		}
		this.timer.cancel();
		this.steps.releasePermit(attempt);
		this.steps.current = null;
		if (state() == SocketState.CLOSING) {
			finishStop(StopOutcome.CLOSED); // a connect cancelled by the stop is no error
											// worth keeping
			return;
		}
		this.steps.recordError(attempt, error);
		this.steps.info(Info.Kind.ATTEMPT_FAILED,
				this.steps.opening() + " failed on attempt " + attempt.id + ": " + error);
		this.steps.attemptFailed(attempt);
	}

	/** Its {@link ConnectionPacer} let the attempt begin. */
	void permitGranted(Attempt<S> attempt) {
		if (attempt != this.steps.current || !state().isConnecting()) {
			this.steps.releasePermit(attempt); // given up while the grant was on its way
			return;
		}
		this.steps.create(attempt);
	}

	void connecting(Attempt<S> attempt, CompletionStage<S> stage) {
		attempt.stage = stage;
		if (attempt != this.steps.current || state() == SocketState.CLOSING) {
			this.steps.cancelConnect(attempt);
		}
	}

	void opened(Attempt<S> attempt) {
		if (attempt.creating) {
			attempt.openPending = true;
		}
		else if (attempt != this.steps.current) {
			this.steps.ignoredSignal("ignored stale open() from attempt " + attempt.id);
			if (attempt.socket != null && !attempt.destroyed) {
				this.steps.info(Info.Kind.DESTROYED,
						"destroying the socket of stale attempt " + attempt.id + " so it does not leak");
				this.steps.destroy(attempt);
			}
		}
		else if (!state().isConnecting()) {
			this.steps.ignoredSignal("ignored open() from attempt " + attempt.id + " in state " + state().seedName());
		}
		else {
			this.steps.open(attempt);
		}
	}

	void closed(Attempt<S> attempt) {
		if (attempt.creating) {
			attempt.closePending = true;
			return;
		}
		if (attempt != this.steps.current) {
			this.steps.ignoredSignal("ignored stale close() from attempt " + attempt.id);
			return;
		}
		this.timer.cancel();
		this.steps.socketDone(attempt);
		switch (state()) {
			case OPENED -> {
				this.statistics.disconnections++;
				this.steps.scheduleNextAttempt(attempt, -1);
			}
			case OPENING, REOPENING -> this.steps.attemptFailed(attempt);
			case CLOSING -> finishStop(StopOutcome.CLOSED);
			default -> throw new IllegalStateException("A current attempt in state " + state());
		}
	}

	void errored(Attempt<S> attempt, Throwable error) {
		if (attempt != this.steps.current) {
			this.steps.ignoredSignal("ignored stale error() from attempt " + attempt.id + ": " + error);
			return;
		}
		this.steps.recordError(attempt, error);
		this.steps.info(Info.Kind.SOCKET_ERROR, "error from attempt " + attempt.id + ": " + error);
	}

	void destroyReturned(Attempt<S> attempt, @Nullable Throwable failure) {
		attempt.destroyReturned = true;
		if (failure != null) {
			this.steps.info(Info.Kind.CALLBACK_FAILED, "destroy() threw for attempt " + attempt.id + ": " + failure);
		}
		// No close() to wait for: a destroy() that threw, or an asynchronous socket, is
		// closed once it returns.
		if (attempt == this.steps.current && state() == SocketState.CLOSING
				&& (failure != null || this.options.async())) {
			this.timer.cancel();
			this.steps.socketDone(attempt);
			finishStop(StopOutcome.CLOSED);
		}
	}

	// ---------------------------------------------------------------- timers

	private void timerDue() {
		switch (state()) {
			case CLOSED -> this.steps.beginAttempt(SocketState.REOPENING);
			case OPENING, REOPENING -> openTimedOut();
			case OPENED -> this.steps.openedTimerDue();
			case CLOSING -> stopTimedOut();
			case FAILED -> revive();
			default -> throw new IllegalStateException("A timer in state " + state());
		}
	}

	private void openTimedOut() {
		Attempt<S> attempt = this.steps.current;
		this.callbacks.detachIfCreating(attempt);
		this.steps.recordError(attempt,
				new OpenTimeoutException(this.statistics.attempt, this.options.openTimeoutMillis()));
		this.steps.info(Info.Kind.ATTEMPT_FAILED,
				"attempt " + attempt.id + " did not open within " + this.options.openTimeoutMillis() + " ms");
		this.steps.abandon(attempt);
		this.steps.attemptFailed(attempt);
	}

	private void stopTimedOut() {
		this.callbacks.detach();
		Attempt<S> attempt = this.steps.current;
		this.steps.warnStopTimedOut(attempt);
		if (attempt != null) {
			this.steps.abandon(attempt);
		}
		finishStop(StopOutcome.TIMED_OUT);
	}

	private void revive() {
		this.statistics.revivals++;
		this.steps.info(Info.Kind.REVIVED, "reviving after giving up");
		this.steps.resetBackoff();
		this.steps.beginAttempt(SocketState.OPENING);
	}

	// ---------------------------------------------------------------- the rules' own
	// steps

	private void beginStop(CompletableFuture<StopOutcome> stopped) {
		this.steps.waiters.addStop(stopped, nowMillis());
		this.timer.cancel();
		this.steps.resetDueMillis = Timeouts.NONE;
		this.statistics.noNextAttempt();
		// The socket is being torn down: no longer the open socket, even before it has
		// closed.
		this.steps.openSocket = null;
		this.steps.transition(SocketState.CLOSING);
		this.steps.waiters.failOpen(SocketState.CLOSING, this.statistics.lastError);
		Attempt<S> attempt = this.steps.current;
		if (attempt != null && attempt.waitingForPermit()) {
			// Never begun: no create() to wait for, no socket to close.
			this.steps.releasePermit(attempt);
			this.steps.current = null;
			attempt = null;
		}
		if (attempt == null) {
			finishStop(StopOutcome.CLOSED);
		}
		else if (this.options.stopTimeoutMillis() == 0) {
			this.steps.abandon(attempt);
			finishStop(StopOutcome.TIMED_OUT);
		}
		else {
			attempt.givenUp = true; // a create() not begun yet is skipped
			this.timer.schedule(this.options.stopTimeoutMillis(), nowMillis());
			this.steps.cancelConnect(attempt);
			this.steps.destroy(attempt);
		}
	}

	private void finishStop(StopOutcome outcome) {
		this.steps.stopped(outcome);
		if (this.startAfterStop) {
			this.startAfterStop = false;
			this.steps.startFresh();
		}
	}

}
