package io.github.reconnectingsocket.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * The stages callers wait on: {@code stop()} until STOPPED, {@code whenOpen()} until OPENED. Confined
 * to the machine's context; each stage completes on the lane of callbacks, after the listeners have
 * heard of the transition, never on the machine's thread.
 *
 * @param <S> the socket type
 */
final class Waiters<S> {

	private final String name;

	private final Callbacks<S> callbacks;

	private final List<CompletableFuture<StopOutcome>> stops = new ArrayList<>(1);

	private final List<CompletableFuture<S>> opens = new ArrayList<>(1);

	Waiters(String name, Callbacks<S> callbacks) {
		this.name = name;
		this.callbacks = callbacks;
	}

	void addStop(CompletableFuture<StopOutcome> stopped) {
		this.stops.add(stopped);
	}

	void addOpen(CompletableFuture<S> opened) {
		this.opens.add(opened);
	}

	void completeStops(StopOutcome outcome) {
		for (CompletableFuture<StopOutcome> stopped : this.stops) {
			this.callbacks.complete(stopped, outcome);
		}
		this.stops.clear();
	}

	void completeOpen(S socket) {
		for (CompletableFuture<S> opened : this.opens) {
			this.callbacks.complete(opened, socket);
		}
		this.opens.clear();
	}

	/** The machine will not open unless started again: CLOSING, or FAILED. */
	void failOpen(SocketState state, @Nullable Throwable lastError) {
		for (CompletableFuture<S> opened : this.opens) {
			this.callbacks.fail(opened, new SocketNotOpenException(this.name, state, lastError));
		}
		this.opens.clear();
	}

}
