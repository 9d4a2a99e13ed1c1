package io.github.reconnectingsocket.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.github.reconnectingsocket.backoff.BackoffSequence;
import org.jspecify.annotations.Nullable;

/**
 * The rules: what each command, signal and timer does in each state. Every method but
 * {@link #signal}, {@link #command} and the queries runs on the {@link MachineContext} and never
 * calls user code: what user code must hear of a step is queued on the {@link Callbacks}, which run
 * it afterwards on other threads. Every state change goes through {@link #transition}, which refuses
 * any edge that {@link SocketState#successors()} lacks.
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

	private final BackoffSequence backoff;

	private final Waiters<S> waiters;

	private volatile @Nullable S openSocket;

	// Confined to the context.
	private @Nullable Attempt<S> current;

	private long attemptIds;

	private boolean firstOpen;

	private boolean startAfterStop;

	private long resetDueMillis = Timeouts.NONE;

	private final long resetAfterMillis;

	private final long reviveAfterMillis;

	Machine(Options<S> options) {
		this.options = options;
		this.statistics = new Statistics(options.name(), options.clock().millis());
		this.callbacks = new Callbacks<>(options);
		this.context = new MachineContext(this.statistics, this.callbacks::afterStep, (thread, ex) -> LOGGER
			.log(System.Logger.Level.ERROR, "Unexpected failure in reconnecting socket '" + options.name() + "'", ex));
		this.timer = new TimerSlot(options.scheduler(), this.context, this::timerDue);
		this.backoff = options.backoff().newSequence(options.random());
		this.waiters = new Waiters<>(options.name(), this.callbacks);
		this.resetAfterMillis = Timeouts.positiveOrNone("backoff.resetAfter", options.backoff().resetAfter());
		this.reviveAfterMillis = Timeouts.positiveOrNone("backoff.reviveAfter", options.backoff().reviveAfter());
	}

	// ---------------------------------------------------------------- from any thread

	/** Queues a signal from a socket (or from the machine's own callbacks). */
	void signal(Runnable step) {
		this.context.execute(step);
	}

	/** Queues a command; one issued from inside a callback does not wait behind that callback. */
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
		return this.openSocket;
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
				info(Info.Kind.START_DEFERRED, "start() while closing: will start once stopped");
			}
			default -> ignoredCommand("start() ignored: already started (" + state().seedName() + ")");
		}
		this.callbacks.complete(handled, this.statistics.snapshot());
	}

	void stop(CompletableFuture<StopOutcome> stopped) {
		switch (state()) {
			case STOPPED -> {
				this.startAfterStop = false;
				this.callbacks.complete(stopped, StopOutcome.CLOSED);
			}
			case CLOSING -> {
				this.startAfterStop = false;
				this.waiters.addStop(stopped);
			}
			default -> beginStop(stopped);
		}
	}

	void reconnect(CompletableFuture<SocketSnapshot> handled) {
		switch (state()) {
			case OPENED -> {
				Attempt<S> attempt = this.current;
				info(Info.Kind.DESTROYED, "reconnect(): dropping the open socket of attempt " + attempt.id);
				this.timer.cancel();
				destroy(attempt);
				socketDone(attempt);
				resetBackoff();
				beginAttempt(SocketState.REOPENING);
			}
			case CLOSED -> {
				info(Info.Kind.NEXT_ATTEMPT, "reconnect(): skipping the rest of the delay");
				this.timer.cancel();
				resetBackoff();
				beginAttempt(SocketState.REOPENING);
			}
			default -> ignoredCommand("reconnect() ignored in state " + state().seedName());
		}
		this.callbacks.complete(handled, this.statistics.snapshot());
	}

	void whenOpen(CompletableFuture<S> opened) {
		switch (state()) {
			case OPENED -> this.callbacks.complete(opened, this.openSocket);
			case FAILED, CLOSING -> this.callbacks.fail(opened,
					new SocketNotOpenException(name(), state(), this.statistics.lastError));
			default -> this.waiters.addOpen(opened);
		}
	}

	// ---------------------------------------------------------------- signals

	void created(Attempt<S> attempt, S socket) {
		attempt.creating = false;
		attempt.socket = socket;
		if (attempt != this.current) {
			// Given up (timeout, stop, reconnect) before its socket came: nothing may leak.
			if (!attempt.closePending) {
				info(Info.Kind.DESTROYED, "destroying the late socket of given-up attempt " + attempt.id);
				destroy(attempt);
			}
			socketDone(attempt);
		}
		else if (state() == SocketState.CLOSING) {
			if (attempt.closePending) {
				closed(attempt);
			}
			else {
				destroy(attempt);
			}
		}
		else if (this.options.async()) {
			open(attempt);
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
		if (attempt != this.current) {
			info(Info.Kind.IGNORED_SIGNAL, "given-up attempt " + attempt.id + " ended with " + error);
			return;
		}
		recordError(error);
		this.timer.cancel();
		this.current = null;
		if (state() == SocketState.CLOSING) {
			finishStop(StopOutcome.CLOSED);
			return;
		}
		info(Info.Kind.ATTEMPT_FAILED, opening() + " failed on attempt " + attempt.id + ": " + error);
		attemptFailed(attempt);
	}

	void connecting(Attempt<S> attempt, CompletionStage<S> stage) {
		attempt.stage = stage;
		if (attempt != this.current || state() == SocketState.CLOSING) {
			cancelConnect(attempt);
		}
	}

	void opened(Attempt<S> attempt) {
		if (attempt.creating) {
			attempt.openPending = true;
		}
		else if (attempt != this.current) {
			ignoredSignal("ignored stale open() from attempt " + attempt.id);
			if (attempt.socket != null && !attempt.destroyed) {
				info(Info.Kind.DESTROYED, "destroying the socket of stale attempt " + attempt.id + " so it does not leak");
				destroy(attempt);
			}
		}
		else if (!state().isConnecting()) {
			ignoredSignal("ignored open() from attempt " + attempt.id + " in state " + state().seedName());
		}
		else {
			open(attempt);
		}
	}

	void closed(Attempt<S> attempt) {
		if (attempt.creating) {
			attempt.closePending = true;
			return;
		}
		if (attempt != this.current) {
			ignoredSignal("ignored stale close() from attempt " + attempt.id);
			return;
		}
		this.timer.cancel();
		socketDone(attempt);
		switch (state()) {
			case OPENED -> {
				this.statistics.disconnections++;
				scheduleNextAttempt(attempt, -1);
			}
			case OPENING, REOPENING -> attemptFailed(attempt);
			case CLOSING -> finishStop(StopOutcome.CLOSED);
			default -> throw new IllegalStateException("A current attempt in state " + state());
		}
	}

	void errored(Attempt<S> attempt, Throwable error) {
		if (attempt != this.current) {
			ignoredSignal("ignored stale error() from attempt " + attempt.id + ": " + error);
			return;
		}
		recordError(error);
		info(Info.Kind.SOCKET_ERROR, "error from attempt " + attempt.id + ": " + error);
	}

	void destroyReturned(Attempt<S> attempt, @Nullable Throwable failure) {
		attempt.destroyReturned = true;
		if (failure != null) {
			info(Info.Kind.CALLBACK_FAILED, "destroy() threw for attempt " + attempt.id + ": " + failure);
		}
		// No close() to wait for: a destroy() that threw, or an asynchronous socket, is closed once it returns.
		if (attempt == this.current && state() == SocketState.CLOSING && (failure != null || this.options.async())) {
			this.timer.cancel();
			socketDone(attempt);
			finishStop(StopOutcome.CLOSED);
		}
	}

	// ---------------------------------------------------------------- timers

	private void timerDue() {
		switch (state()) {
			case CLOSED -> beginAttempt(SocketState.REOPENING);
			case OPENING, REOPENING -> openTimedOut();
			case OPENED -> openedTimerDue();
			case CLOSING -> stopTimedOut();
			case FAILED -> revive();
			default -> throw new IllegalStateException("A timer in state " + state());
		}
	}

	private void openTimedOut() {
		Attempt<S> attempt = this.current;
		this.callbacks.detachIfCreating(attempt);
		recordError(new OpenTimeoutException(this.statistics.attempt, this.options.openTimeoutMillis()));
		info(Info.Kind.ATTEMPT_FAILED, "attempt " + attempt.id + " did not open within "
				+ this.options.openTimeoutMillis() + " ms");
		abandon(attempt);
		attemptFailed(attempt);
	}

	/** In OPENED one slot serves both reset-after and liveness: it falls due at the earlier of them. */
	private void openedTimerDue() {
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
			recordError(new LivenessTimeoutException(silent, liveness));
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

	private void stopTimedOut() {
		this.callbacks.detach();
		Attempt<S> attempt = this.current;
		String missing = (attempt == null) ? "nothing" : attempt.creating ? opening() + " was still running"
				: !attempt.destroyReturned ? "destroy() was still running, or had not started"
						: "destroy() returned but close() never came";
		String message = "stopped after the stop timeout of " + this.options.stopTimeoutMillis() + " ms: " + missing;
		LOGGER.log(System.Logger.Level.WARNING, "Reconnecting socket '" + name() + "' " + message);
		info(Info.Kind.STOP_TIMED_OUT, message);
		if (attempt != null) {
			abandon(attempt);
		}
		finishStop(StopOutcome.TIMED_OUT);
	}

	private void revive() {
		this.statistics.revivals++;
		info(Info.Kind.REVIVED, "reviving after giving up");
		resetBackoff();
		beginAttempt(SocketState.OPENING);
	}

	// ---------------------------------------------------------------- the machine's steps

	private void startFresh() {
		this.firstOpen = true;
		resetBackoff();
		this.statistics.attempt = 0;
		this.statistics.clearError();
		beginAttempt(SocketState.OPENING);
	}

	private void beginStop(CompletableFuture<StopOutcome> stopped) {
		this.waiters.addStop(stopped);
		this.timer.cancel();
		this.resetDueMillis = Timeouts.NONE;
		// The socket is being torn down: no longer the open socket, even before it has closed.
		this.openSocket = null;
		transition(SocketState.CLOSING);
		this.waiters.failOpen(SocketState.CLOSING, this.statistics.lastError);
		Attempt<S> attempt = this.current;
		if (attempt == null) {
			finishStop(StopOutcome.CLOSED);
		}
		else if (this.options.stopTimeoutMillis() == 0) {
			abandon(attempt);
			finishStop(StopOutcome.TIMED_OUT);
		}
		else {
			this.timer.schedule(this.options.stopTimeoutMillis(), nowMillis());
			cancelConnect(attempt);
			destroy(attempt);
		}
	}

	private void beginAttempt(SocketState connecting) {
		Attempt<S> attempt = new Attempt<>(++this.attemptIds, this);
		this.current = attempt;
		this.statistics.attempt++;
		this.statistics.attempts++;
		this.statistics.noNextAttempt();
		transition(connecting);
		this.timer.schedule(this.options.openTimeoutMillis(), nowMillis());
		this.callbacks.create(attempt, this.firstOpen, this);
	}

	private void open(Attempt<S> attempt) {
		this.timer.cancel();
		boolean wasFirstOpen = this.firstOpen;
		this.firstOpen = false;
		this.openSocket = attempt.socket;
		this.statistics.opens++;
		long now = nowMillis();
		attempt.lastAliveMillis = now;
		long resetAfter = this.resetAfterMillis;
		if (resetAfter == Timeouts.NONE) {
			resetBackoff();
		}
		else {
			this.resetDueMillis = Timeouts.plus(now, resetAfter);
		}
		transition(SocketState.OPENED);
		this.callbacks.onOpen(attempt.socket, wasFirstOpen);
		this.waiters.completeOpen(attempt.socket);
		armOpenedTimer(now, attempt);
	}

	private void armOpenedTimer(long now, Attempt<S> attempt) {
		long liveness = this.options.livenessTimeoutMillis();
		long livenessDue = (liveness != Timeouts.NONE) ? Timeouts.plus(attempt.lastAliveMillis, liveness)
				: Timeouts.NONE;
		long due = (livenessDue == Timeouts.NONE) ? this.resetDueMillis : (this.resetDueMillis == Timeouts.NONE)
				? livenessDue : Math.min(livenessDue, this.resetDueMillis);
		this.timer.schedule((due != Timeouts.NONE) ? Math.max(0, due - now) : Timeouts.NONE, now);
	}

	private void attemptFailed(Attempt<S> attempt) {
		this.statistics.failedAttempts++;
		int failures = ++this.statistics.consecutiveFailures;
		Retry decision = decide(failures);
		Integer failAfter = this.options.backoff().failAfter();
		if (decision.isGiveUp() || (failAfter != null && failures >= failAfter)) {
			giveUp(failures, decision);
		}
		else {
			scheduleNextAttempt(attempt, decision.delayMillis());
		}
	}

	private Retry decide(int failures) {
		try {
			Retry decision = this.options.retryPolicy().onFailedAttempt(this.statistics.lastError, failures);
			return (decision != null) ? decision : Retry.withBackoff();
		}
		catch (Throwable ex) {
			info(Info.Kind.CALLBACK_FAILED, "retry policy threw: " + ex);
			return Retry.withBackoff();
		}
	}

	private void giveUp(int failures, Retry decision) {
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
		this.waiters.failOpen(SocketState.FAILED, this.statistics.lastError);
		this.timer.schedule(revive, now);
	}

	/** @param chosenDelayMillis the retry policy's delay, or -1 for the backoff's */
	private void scheduleNextAttempt(Attempt<S> ended, long chosenDelayMillis) {
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
			info(Info.Kind.NEXT_ATTEMPT, (delay != Timeouts.NONE) ? "next attempt in " + delay + " ms" : "no next attempt");
		}
		this.timer.schedule(delay, now);
	}

	private void finishStop(StopOutcome outcome) {
		this.current = null;
		this.openSocket = null;
		this.resetDueMillis = Timeouts.NONE;
		this.statistics.noNextAttempt();
		transition(SocketState.STOPPED);
		this.waiters.completeStops(outcome);
		if (this.startAfterStop) {
			this.startAfterStop = false;
			startFresh();
		}
	}

	/** The one place where the state changes. */
	private void transition(SocketState to) {
		this.context.throwIfNotInThisContext();
		SocketState from = state();
		if (!from.canMoveTo(to)) {
			throw new IllegalStateException("No transition " + from.seedName() + " -> " + to.seedName()
					+ " in the table (socket '" + name() + "')");
		}
		this.statistics.enter(to, nowMillis());
		if (!this.callbacks.stateListeners().isEmpty()) {
			this.callbacks.stateChanged(this.statistics.change(from));
		}
	}

	/** Gives up an attempt the machine no longer waits for: its connect, its socket, its onClose. */
	private void abandon(Attempt<S> attempt) {
		cancelConnect(attempt);
		destroy(attempt);
		socketDone(attempt);
	}

	/** Queues {@code onClose} for a socket the machine is finished with: once per created socket. */
	private void socketDone(Attempt<S> attempt) {
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
	private void destroy(Attempt<S> attempt) {
		if (!attempt.destroyed && attempt.socket != null) {
			attempt.destroyed = true;
			this.callbacks.destroy(attempt, attempt.socket, this);
		}
	}

	private void cancelConnect(Attempt<S> attempt) {
		CompletionStage<S> stage = attempt.stage;
		if (stage != null && attempt.creating) {
			try {
				stage.toCompletableFuture().cancel(true);
			}
			catch (UnsupportedOperationException ex) {
				// A stage that cannot be cancelled: its socket, if it comes, is destroyed as a late one.
			}
		}
	}

	private void resetBackoff() {
		this.backoff.reset();
		this.statistics.consecutiveFailures = 0;
	}

	private void recordError(Throwable error) {
		this.statistics.error(error, nowMillis());
	}

	private void ignoredSignal(String message) {
		this.statistics.ignoredSignals++;
		info(Info.Kind.IGNORED_SIGNAL, message);
	}

	private void ignoredCommand(String message) {
		this.statistics.ignoredCommands++;
		info(Info.Kind.IGNORED_COMMAND, message);
	}

	private void info(Info.Kind kind, String message) {
		this.callbacks.info(kind, message);
	}

	private String opening() {
		return this.options.async() ? "connect()" : "create()";
	}

}
