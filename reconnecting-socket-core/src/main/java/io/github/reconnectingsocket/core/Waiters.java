package io.github.reconnectingsocket.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * The stages callers wait on: {@code stop()} until STOPPED, {@code whenOpen()} until
 * OPENED. Confined to the machine's context. Each stage completes on the lane of
 * callbacks, after the listeners have heard of the transition, never on the machine's
 * thread.
 *
 * <p>
 * A stop is answered within its stop timeout whatever user code does: should its
 * completion still wait behind a callback that blocks the lane at the stop's deadline, a
 * guard completes it apart.
 *
 * @param <S> the socket type
 */
final class Waiters<S> {

	private final Options<S> options;

	private final Callbacks<S> callbacks;

	private final List<Stop> stops = new ArrayList<>(1);

	private final List<CompletableFuture<S>> opens = new ArrayList<>(1);

	Waiters(Options<S> options, Callbacks<S> callbacks) {
		this.options = options;
		this.callbacks = callbacks;
	}

	/**
	 * @param stopped the stop's stage
	 * @param nowMillis when the stop was asked for, by the machine's clock
	 */
	void addStop(CompletableFuture<StopOutcome> stopped, long nowMillis) {
		long timeout = this.options.stopTimeoutMillis();
		this.stops
			.add(new Stop(stopped, (timeout != Timeouts.NONE) ? Timeouts.plus(nowMillis, timeout) : Timeouts.NONE));
	}

	void addOpen(CompletableFuture<S> opened) {
		this.opens.add(opened);
	}

	void completeStops(StopOutcome outcome, long nowMillis) {
		for (Stop stop : this.stops) {
			this.callbacks.complete(stop.stage(), outcome, guard(stop, outcome, nowMillis));
		}
		this.stops.clear();
	}

	void completeOpen(S socket) {
		if (this.opens.isEmpty()) {
			return; // the usual case, on every open: no iterator
		}
		for (CompletableFuture<S> opened : this.opens) {
			this.callbacks.complete(opened, socket);
		}
		this.opens.clear();
	}

	/**
	 * The machine will not open unless started again: CLOSING, or FAILED with no revive.
	 */
	void failOpen(SocketState state, @Nullable Throwable lastError) {
		for (CompletableFuture<S> opened : this.opens) {
			this.callbacks.fail(opened, new SocketNotOpenException(this.options.name(), state, lastError));
		}
		this.opens.clear();
	}

	private Scheduler.@Nullable Cancellable guard(Stop stop, StopOutcome outcome, long nowMillis) {
		if (stop.deadlineMillis() == Timeouts.NONE) {
			return null;
		}
		long delay = Math.max(0, stop.deadlineMillis() - nowMillis);
		Scheduler.Cancellable guard = this.options.scheduler()
			.schedule(() -> this.callbacks.completeApart(stop.stage(), outcome), delay);
		stop.stage().whenComplete((done, ex) -> guard.cancel());
		return guard;
	}

	/**
	 * One stop waiting for STOPPED.
	 *
	 * @param stage completed once STOPPED
	 * @param deadlineMillis when it must be answered, or {@link Timeouts#NONE}
	 */
	private record Stop(CompletableFuture<StopOutcome> stage, long deadlineMillis) {
	}

}
