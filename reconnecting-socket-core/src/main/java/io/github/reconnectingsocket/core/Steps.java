package io.github.reconnectingsocket.core;

import java.util.concurrent.CompletionStage;

import io.github.reconnectingsocket.backoff.BackoffSequence;
import org.jspecify.annotations.Nullable;

/**
 * The steps the {@link Machine}'s rules are made of, with the state they keep: the
 * current attempt, the backoff sequence, the stages callers wait on. Confined to the
 * {@link MachineContext}. Every state change goes through {@link #transition}, which
 * asserts the confinement and refuses any edge that {@link SocketState#successors()}
 * lacks.
 *
 * @param <S> the socket type
 */
final class Steps<S> {

	private final Machine<S> machine;

	private final Options<S> options;

	private final Statistics statistics;

	private final Callbacks<S> callbacks;

	private final MachineContext context;

	private final TimerSlot timer;

	final BackoffSequence backoff;

	final Waiters<S> waiters;

	/**
	 * {@code resetAfter} unset: the backoff resets as soon as a connection opens, as in
	 * the npm original.
	 */
	final boolean resetOnOpen;

	/**
	 * How long a connection must stay open before the backoff resets;
	 * {@link Timeouts#NONE} for never.
	 */
	final long resetAfterMillis;

	final long reviveAfterMillis;

	/** Read by any thread through {@code socket()}. */
	volatile @Nullable S openSocket;

	@Nullable Attempt<S> current;

	long attemptIds;

	boolean firstOpen;

	long resetDueMillis = Timeouts.NONE;

	private boolean pumpPacer;

	// An attempt opened: the pacer's waiting members are to hear it after the step.
	private boolean tellRecovery;

	// Registered with the pacer as waiting in CLOSED after a failed attempt.
	boolean recovering;

	Steps(Machine<S> machine, Options<S> options, Statistics statistics, Callbacks<S> callbacks, MachineContext context,
			TimerSlot timer) {
		this.machine = machine;
		this.options = options;
		this.statistics = statistics;
		this.callbacks = callbacks;
		this.context = context;
		this.timer = timer;
		this.backoff = options.backoff().newSequence(options.random());
		this.waiters = new Waiters<>(options, callbacks);
		this.resetOnOpen = options.backoff().resetAfter() == null;
		this.resetAfterMillis = Timeouts.positiveOrNone("backoff.resetAfter", options.backoff().resetAfter());
		this.reviveAfterMillis = Timeouts.positiveOrNone("backoff.reviveAfter", options.backoff().reviveAfter());
	}

	void beginAttempt(SocketState connecting) {
		Attempt<S> attempt = new Attempt<>(++this.attemptIds, this.machine);
		this.current = attempt;
		this.statistics.attempt++;
		this.statistics.attempts++;
		this.statistics.noNextAttempt();
		transition(connecting);
		ConnectionPacer pacer = this.options.pacer();
		if (pacer != null && !attempt.acquirePermit(pacer)) {
			// Its open timeout starts with its permit: the wait is the pacer's, not the
			// server's.
			this.statistics.waitingForPermit = true;
			info(Info.Kind.PACED, "attempt " + attempt.id + " waits for a permit of " + pacer);
			return;
		}
		create(attempt);
	}

	/**
	 * The attempt may begin: its open timeout, its {@code create()} or {@code connect()}.
	 */
	void create(Attempt<S> attempt) {
		this.statistics.waitingForPermit = false;
		this.timer.schedule(this.options.openTimeoutMillis(), nowMillis());
		this.callbacks.create(attempt, this.firstOpen, this.machine);
	}

	/**
	 * The attempt is over as an attempt (opened, failed, given up): its pacer permit goes
	 * back.
	 */
	void releasePermit(@Nullable Attempt<S> attempt) {
		ConnectionPacer pacer = this.options.pacer();
		if (pacer != null && attempt != null && attempt.releasePermit(pacer)) {
			this.pumpPacer = true;
		}
	}

	/**
	 * After the step, outside its lock: hands on the permits the step gave back, and
	 * tells the group that an attempt opened.
	 */
	void afterStep() {
		if (this.pumpPacer) {
			this.pumpPacer = false;
			this.options.pacer().pump();
		}
		if (this.tellRecovery) {
			this.tellRecovery = false;
			this.options.pacer().recover();
		}
	}

	void open(Attempt<S> attempt) {
		this.timer.cancel();
		releasePermit(attempt);
		boolean wasFirstOpen = this.firstOpen;
		this.firstOpen = false;
		this.openSocket = attempt.socket;
		this.statistics.opens++;
		long now = nowMillis();
		attempt.lastAliveMillis = now;
		if (this.resetOnOpen) {
			resetBackoff();
		}
		else if (this.resetAfterMillis != Timeouts.NONE) {
			this.resetDueMillis = Timeouts.plus(now, this.resetAfterMillis);
		}
		transition(SocketState.OPENED);
		ConnectionPacer pacer = this.options.pacer();
		this.tellRecovery = pacer != null && pacer.recoveryOn();
		this.callbacks.onOpen(attempt.socket, wasFirstOpen);
		this.waiters.completeOpen(attempt.socket);
		armOpenedTimer(now, attempt);
	}

	void armOpenedTimer(long now, Attempt<S> attempt) {
		long liveness = this.options.livenessTimeoutMillis();
		long livenessDue = (liveness != Timeouts.NONE) ? Timeouts.plus(attempt.lastAliveMillis, liveness)
				: Timeouts.NONE;
		long due = (livenessDue == Timeouts.NONE) ? this.resetDueMillis
				: (this.resetDueMillis == Timeouts.NONE) ? livenessDue : Math.min(livenessDue, this.resetDueMillis);
		this.timer.schedule((due != Timeouts.NONE) ? Math.max(0, due - now) : Timeouts.NONE, now);
	}

	void attemptFailed(Attempt<S> attempt) {
		releasePermit(attempt);
		this.statistics.failedAttempts++;
		int failures = ++this.statistics.consecutiveFailures;
		Retry decision = decide(attempt.error, failures);
		Integer failAfter = this.options.backoff().failAfter();
		if (decision.isGiveUp() || (failAfter != null && failures >= failAfter)) {
			giveUp(failures, decision);
		}
		else {
			scheduleNextAttempt(attempt, decision.delayMillis());
			joinRecovery();
		}
	}

	void leaveRecovery() {
		this.recovering = false;
		this.options.pacer().leave(this.machine);
	}

	// Waiting after a failure, with a next attempt: an open of the group may hurry it.
	private void joinRecovery() {
		ConnectionPacer pacer = this.options.pacer();
		if (pacer != null && pacer.recoveryOn() && this.timer.dueMillis() != Timeouts.NONE) {
			this.recovering = true;
			pacer.join(this.machine);
		}
	}

	Retry decide(@Nullable Throwable error, int failures) {
		try {
			Retry decision = this.options.retryPolicy().onFailedAttempt(error, failures);
			return (decision != null) ? decision : Retry.withBackoff();
		}
		catch (Throwable ex) {
			info(Info.Kind.CALLBACK_FAILED, "retry policy threw: " + ex);
			return Retry.withBackoff();
		}
	}

	void giveUp(int failures, Retry decision) {
		this.statistics.failures++;
		info(Info.Kind.GAVE_UP, decision.isGiveUp() ? "giving up: the retry policy said so"
				: "giving up after " + failures + " consecutive failed attempts");
		long revive = this.reviveAfterMillis;
		long now = nowMillis();
		if (revive != Timeouts.NONE) {
			this.statistics.nextAttemptAt(Timeouts.plus(now, revive));
		}
		transition(SocketState.FAILED);
		this.callbacks.onFail(this.statistics.lastError);
		if (revive == Timeouts.NONE) {
			this.waiters.failOpen(SocketState.FAILED, this.statistics.lastError);
		}
		this.timer.schedule(revive, now);
	}

	/**
	 * @param chosenDelayMillis the retry policy's delay, or -1 for the backoff's
	 */
	void scheduleNextAttempt(Attempt<S> ended, long chosenDelayMillis) {
		long delay = (ended.retryAfterMillis != Timeouts.NONE) ? ended.retryAfterMillis
				: (chosenDelayMillis >= 0) ? chosenDelayMillis : this.backoff.nextDelayMillis();
		if (delay >= Timeouts.FOREVER_MILLIS) {
			delay = Timeouts.NONE;
		}
		long now = nowMillis();
		if (delay != Timeouts.NONE) {
			this.statistics.nextAttemptAt(Timeouts.plus(now, delay));
		}
		transition(SocketState.CLOSED);
		if (this.callbacks.wantsInfo()) {
			info(Info.Kind.NEXT_ATTEMPT,
					(delay != Timeouts.NONE) ? "next attempt in " + delay + " ms" : "no next attempt");
		}
		this.timer.schedule(delay, now);
	}

	/**
	 * In OPENED one slot serves both reset-after and liveness: it falls due at the
	 * earlier of them.
	 */
	void openedTimerDue() {
		long now = nowMillis();
		Attempt<S> attempt = this.current;
		if (this.resetDueMillis != Timeouts.NONE && now >= this.resetDueMillis) {
			this.resetDueMillis = Timeouts.NONE;
			info(Info.Kind.BACKOFF_RESET, "connection stayed open for " + this.resetAfterMillis + " ms: backoff reset");
			resetBackoff();
		}
		long liveness = this.options.livenessTimeoutMillis();
		long silent = now - attempt.lastAliveMillis;
		if (liveness != Timeouts.NONE && silent >= liveness) {
			recordError(attempt, new LivenessTimeoutException(silent, liveness));
			this.statistics.livenessTimeouts++;
			this.statistics.disconnections++;
			info(Info.Kind.LIVENESS_EXPIRED, "attempt " + attempt.id + " silent for " + silent + " ms: dropped");
			destroy(attempt);
			socketDone(attempt);
			scheduleNextAttempt(attempt, -1);
		}
		else {
			armOpenedTimer(now, attempt);
		}
	}

	/** The one place where the state changes. */
	void transition(SocketState to) {
		this.context.throwIfNotInThisContext();
		SocketState from = state();
		if (!from.canMoveTo(to)) {
			throw new IllegalStateException("No transition " + from.seedName() + " -> " + to.seedName()
					+ " in the table (socket '" + name() + "')");
		}
		if (this.recovering) {
			// Out of CLOSED (an attempt, a stop): no longer the group's to hurry.
			leaveRecovery();
		}
		this.statistics.enter(to, nowMillis());
		if (!this.callbacks.stateListeners().isEmpty()) {
			this.callbacks.stateChanged(this.statistics.change(from));
		}
	}

	/**
	 * Gives up an attempt the machine no longer waits for: its connect, its socket, its
	 * onClose.
	 */
	void abandon(Attempt<S> attempt) {
		releasePermit(attempt);
		attempt.givenUp = true;
		cancelConnect(attempt);
		destroy(attempt);
		socketDone(attempt);
	}

	/**
	 * Queues {@code onClose} for a socket the machine is finished with: once per created
	 * socket.
	 */
	void socketDone(Attempt<S> attempt) {
		releasePermit(attempt);
		attempt.givenUp = true;
		if (this.current == attempt) {
			this.current = null;
			this.openSocket = null;
		}
		if (attempt.socket != null && !attempt.closed) {
			attempt.closed = true;
			this.callbacks.onClose(attempt.socket);
		}
	}

	/** Queues {@code destroy()} once per socket. */
	void destroy(Attempt<S> attempt) {
		if (!attempt.destroyed && attempt.socket != null) {
			attempt.destroyed = true;
			this.callbacks.destroy(attempt, attempt.socket, this.machine);
		}
	}

	void cancelConnect(Attempt<S> attempt) {
		CompletionStage<S> stage = attempt.stage;
		if (stage != null && attempt.creating) {
			// Not here: cancelling runs the client's code (and whatever it attached to
			// the stage).
			this.callbacks.cancel(stage);
		}
	}

	void resetBackoff() {
		this.backoff.reset();
		this.statistics.consecutiveFailures = 0;
	}

	/**
	 * Records the error of the current attempt (or connection): the last error, and the
	 * attempt's own.
	 */
	void recordError(Attempt<S> attempt, Throwable error) {
		attempt.error = error;
		recordError(error);
	}

	void recordError(Throwable error) {
		this.statistics.error(error, nowMillis());
	}

	void ignoredSignal(String message) {
		this.statistics.ignoredSignals++;
		info(Info.Kind.IGNORED_SIGNAL, message);
	}

	void info(Info.Kind kind, String message) {
		this.callbacks.info(kind, message);
	}

	String opening() {
		return this.options.async() ? "connect()" : "create()";
	}

	private SocketState state() {
		return this.statistics.state;
	}

	private long nowMillis() {
		return this.options.clock().millis();
	}

	private String name() {
		return this.options.name();
	}

}
