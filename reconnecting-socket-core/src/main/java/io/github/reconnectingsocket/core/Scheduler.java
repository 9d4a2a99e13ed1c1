package io.github.reconnectingsocket.core;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs delayed tasks: backoff delays and timeouts. One scheduler serves many instances; a
 * task only hands work over to its instance's serialized context, so it must not block.
 * {@link VirtualClock} is the one tests use.
 */
@FunctionalInterface
public interface Scheduler {

	/**
	 * @param task the task
	 * @param delayMillis the delay, 0 or more
	 * @return a handle that cancels the task if it has not run yet
	 */
	Cancellable schedule(Runnable task, long delayMillis);

	/** A scheduled task that can still be cancelled. */
	@FunctionalInterface
	interface Cancellable {

		/** Cancels the task; does nothing if it ran already. */
		void cancel();

	}

	/**
	 * @param executor a scheduled executor, for example one of the application's
	 * @return a scheduler on it
	 */
	static Scheduler of(ScheduledExecutorService executor) {
		return (task, delayMillis) -> {
			var future = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
			return () -> future.cancel(false);
		};
	}

}
