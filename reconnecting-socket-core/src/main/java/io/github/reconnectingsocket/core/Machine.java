package io.github.reconnectingsocket.core;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * The rules: what each command and timer does in each state; the rules for the signals of
 * an attempt's socket are in {@link SocketSignals}. Every method but {@link #signal},
 * {@link #command}, {@link #recover} and the queries runs on the {@link MachineContext}
 * and never calls user code: what user code must hear of a step is queued on the
 * {@link Callbacks}, which run it afterwards on other threads. The steps the rules are
 * made of, and the one place where the state changes, are in {@link Steps}.
 *
 * @param <S> the socket type
 */
final class Machine<S> implements ConnectionPacer.Member {

	static final System.Logger LOGGER = System.getLogger(ReconnectingSocket.class.getName());

	private final Options<S> options;

	private final Statistics statistics;

	private final Callbacks<S> callbacks;

	private final MachineContext context;

	private final TimerSlot timer;

	private final Steps<S> steps;

	/** What the machine does with a signal of an attempt's socket. */
	final SocketSignals<S> signals;

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
		this.signals = new SocketSignals<>(this, options, this.statistics, this.timer, this.steps);
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

	/** Another attempt of the pacing group opened: a step on this machine's context. */
	@Override
	public void recover(long windowMillis) {
		this.context.execute(() -> recoverStep(windowMillis));
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
			case STOPPED, FAILED -> startFresh();
			case CLOSING -> {
				this.startAfterStop = true;
				this.steps.info(Info.Kind.START_DEFERRED, "start() while closing: will start once stopped");
			}
			default -> ignoredCommand("start() ignored: already started (" + state().seedName() + ")");
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
			default -> ignoredCommand("reconnect() ignored in state " + state().seedName());
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

	/**
	 * A next attempt due later than the window moves to a random time within it. Only
	 * while waiting in CLOSED after a failed attempt, and once per failure: the machine
	 * leaves the group's waiting set either way, so that the opens of a recovering fleet
	 * do not each visit every member again.
	 */
	private void recoverStep(long windowMillis) {
		if (!this.steps.recovering) {
			return; // left CLOSED, or told already
		}
		this.steps.leaveRecovery();
		long now = nowMillis();
		long due = this.timer.dueMillis();
		if (due == Timeouts.NONE || due - now <= windowMillis) {
			return;
		}
		long delay = Math.min(windowMillis - 1, (long) (this.options.random().getAsDouble() * windowMillis));
		this.statistics.nextAttemptAt(Timeouts.plus(now, delay));
		this.steps.info(Info.Kind.RECOVERY, "an attempt of pacing group " + this.options.pacer().name()
				+ " opened: next attempt in " + delay + " ms instead of " + (due - now) + " ms");
		this.timer.schedule(delay, now);
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
		warnStopTimedOut(attempt);
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

	/** Reaches STOPPED, and starts again if {@code start()} came while closing. */
	void finishStop(StopOutcome outcome) {
		stopped(outcome);
		if (this.startAfterStop) {
			this.startAfterStop = false;
			startFresh();
		}
	}

	/** The first attempt after {@code start()}: a fresh count, no error kept. */
	private void startFresh() {
		this.steps.firstOpen = true;
		this.steps.resetBackoff();
		this.statistics.attempt = 0;
		this.statistics.clearError();
		this.steps.beginAttempt(SocketState.OPENING);
	}

	/**
	 * One WARN, logged before STOPPED is published, naming what the stop still waited
	 * for.
	 */
	private void warnStopTimedOut(@Nullable Attempt<S> attempt) {
		String missing = (attempt == null) ? "nothing"
				: attempt.creating ? this.steps.opening() + " was still running"
						: !attempt.destroyReturned ? "destroy() was still running, or had not started"
								: "destroy() returned but close() never came";
		String message = "stopped after the stop timeout of " + this.options.stopTimeoutMillis() + " ms: " + missing;
		Machine.LOGGER.log(System.Logger.Level.WARNING, "Reconnecting socket '" + name() + "' " + message);
		this.steps.info(Info.Kind.STOP_TIMED_OUT, message);
	}

	/** Reaches STOPPED: nothing current, no timer, the stops completed. */
	private void stopped(StopOutcome outcome) {
		this.steps.releasePermit(this.steps.current);
		this.steps.current = null;
		this.steps.openSocket = null;
		this.steps.resetDueMillis = Timeouts.NONE;
		this.statistics.noNextAttempt();
		this.steps.transition(SocketState.STOPPED);
		this.steps.waiters.completeStops(outcome, nowMillis());
	}

	private void ignoredCommand(String message) {
		this.statistics.ignoredCommands++;
		this.steps.info(Info.Kind.IGNORED_COMMAND, message);
	}

}
