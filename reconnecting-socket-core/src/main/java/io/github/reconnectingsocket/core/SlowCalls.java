package io.github.reconnectingsocket.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Notices a user call that holds its thread longer than the instance's slow-call
 * threshold: one JVM-wide watchdog, on the library's timer thread, scans the calls in
 * progress; each slow call is reported once, by real time whatever clock the instance
 * uses.
 */
final class SlowCalls {

	private final String name;

	private final long thresholdNanos;

	private final Consumer<Call> onSlow;

	/**
	 * @param name the instance's name
	 * @param thresholdMillis the threshold, or {@link Timeouts#NONE} to watch nothing
	 * @param onSlow told once of each slow call, on the watchdog's thread
	 */
	SlowCalls(String name, long thresholdMillis, Consumer<Call> onSlow) {
		this.name = name;
		this.thresholdNanos = (thresholdMillis != Timeouts.NONE) ? TimeUnit.MILLISECONDS.toNanos(thresholdMillis)
				: Timeouts.NONE;
		this.onSlow = onSlow;
		if (thresholdMillis != Timeouts.NONE) {
			Watchdog.INSTANCE.scanAtLeastEvery(thresholdMillis);
		}
	}

	/**
	 * @param what the call, for example {@code create()}
	 * @param inLane whether it runs on the instance's lane of callbacks
	 * @return the call to pass to {@link #end}, or null when nothing is watched
	 */
	@Nullable Call begin(String what, boolean inLane) {
		if (this.thresholdNanos == Timeouts.NONE) {
			return null;
		}
		Call call = new Call(this, what, inLane, Thread.currentThread(), System.nanoTime());
		Watchdog.INSTANCE.calls.add(call);
		return call;
	}

	void end(@Nullable Call call) {
		if (call != null) {
			Watchdog.INSTANCE.calls.remove(call);
		}
	}

	/**
	 * One user call in progress.
	 *
	 * @param owner the instance's watcher
	 * @param what the call
	 * @param inLane whether it runs on the lane of callbacks
	 * @param thread the thread it holds
	 * @param startNanos when it began
	 */
	record Call(SlowCalls owner, String what, boolean inLane, Thread thread, long startNanos) {

		@Override
		public boolean equals(Object other) {
			return this == other;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this);
		}

		@Override
		public String toString() {
			return this.owner.name + ": " + this.what;
		}

	}

	private static final class Watchdog {

		static final Watchdog INSTANCE = new Watchdog();

		final Set<Call> calls = ConcurrentHashMap.newKeySet();

		private final Set<Call> reported = ConcurrentHashMap.newKeySet();

		private long periodMillis = Long.MAX_VALUE;

		private @Nullable ScheduledFuture<?> scan;

		/**
		 * Scans often enough that a call is reported within a quarter of the threshold
		 * past it.
		 */
		synchronized void scanAtLeastEvery(long thresholdMillis) {
			long period = Math.max(10, Math.min(1000, thresholdMillis / 4));
			if (period < this.periodMillis) {
				this.periodMillis = period;
				if (this.scan != null) {
					this.scan.cancel(false);
				}
				ScheduledExecutorService timer = SharedThreads.timer();
				this.scan = timer.scheduleWithFixedDelay(this::scan, period, period, TimeUnit.MILLISECONDS);
			}
		}

		private void scan() {
			long now = System.nanoTime();
			this.reported.retainAll(this.calls);
			for (Call call : this.calls) {
				if (now - call.startNanos() >= call.owner().thresholdNanos && this.reported.add(call)) {
					try {
						call.owner().onSlow.accept(call);
					}
					catch (RuntimeException ex) {
						Machine.LOGGER.log(System.Logger.Level.WARNING, "Reporting " + call + " failed", ex);
					}
				}
			}
		}

	}

}
