package io.github.reconnectingsocket.core;

import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * The rules for the signals of an attempt and its socket: created, failed to be created,
 * connecting, granted a permit, opened, closed, errored, destroyed. Each runs on the
 * {@link MachineContext}, as the {@link Machine}'s other rules, and first tells a signal
 * of the current attempt from a late one of an earlier attempt (by the attempt's
 * identity): a late one is counted, reported and ignored, and its socket destroyed so
 * that nothing leaks.
 *
 * @param <S> the socket type
 */
final class SocketSignals<S> {

	private final Machine<S> machine;

	private final Options<S> options;

	private final Statistics statistics;

	private final TimerSlot timer;

	private final Steps<S> steps;

	SocketSignals(Machine<S> machine, Options<S> options, Statistics statistics, TimerSlot timer, Steps<S> steps) {
		this.machine = machine;
		this.options = options;
		this.statistics = statistics;
		this.timer = timer;
		this.steps = steps;
	}

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
		else if (this.machine.state() == SocketState.CLOSING) {
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
		if (this.machine.state() == SocketState.CLOSING) {
			this.machine.finishStop(StopOutcome.CLOSED); // a connect cancelled by the
															// stop is no error
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
		if (attempt != this.steps.current || !this.machine.state().isConnecting()) {
			this.steps.releasePermit(attempt); // given up while the grant was on its way
			return;
		}
		this.steps.create(attempt);
	}

	void connecting(Attempt<S> attempt, CompletionStage<S> stage) {
		attempt.stage = stage;
		if (attempt != this.steps.current || this.machine.state() == SocketState.CLOSING) {
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
		else if (!this.machine.state().isConnecting()) {
			this.steps.ignoredSignal(
					"ignored open() from attempt " + attempt.id + " in state " + this.machine.state().seedName());
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
		switch (this.machine.state()) {
			case OPENED -> {
				this.statistics.disconnections++;
				this.steps.scheduleNextAttempt(attempt, -1);
			}
			case OPENING, REOPENING -> this.steps.attemptFailed(attempt);
			case CLOSING -> this.machine.finishStop(StopOutcome.CLOSED);
			default -> throw new IllegalStateException("A current attempt in state " + this.machine.state());
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
		if (attempt == this.steps.current && this.machine.state() == SocketState.CLOSING
				&& (failure != null || this.options.async())) {
			this.timer.cancel();
			this.steps.socketDone(attempt);
			this.machine.finishStop(StopOutcome.CLOSED);
		}
	}

}
