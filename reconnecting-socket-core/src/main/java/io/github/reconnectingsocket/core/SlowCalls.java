package io.github.reconnectingsocket.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
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

	// The lane's call in progress, in place, so that a lane call allocates nothing: the
	// lane makes
	// one call at a time, but for a call left behind while the lane goes on, which keeps
	// the slot
	// (the next one is then watched as a Call of its own). The slot's thread is claimed
	// by a CAS;
	// its start, written last and cleared at the end, tells the watchdog a consistent
	// read.
	private volatile @Nullable Thread slotThread;

	private String slotWhat = "";

	private long slotCall;

	private volatile long slotStartNanos;

	// Whether the watchdog scans this instance's slot; it stops when it finds the slot
	// empty.
	private volatile boolean registered;

	// Confined to the watchdog's thread: the slot's last call reported.
	private long slotReported;

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
		Thread thread = Thread.currentThread();
		if (inLane && SLOT_THREAD.compareAndSet(this, null, thread)) {
			this.slotWhat = what;
			this.slotCall++;
			this.slotStartNanos = System.nanoTime();
			if (!this.registered) {
				this.registered = true;
				Watchdog.INSTANCE.slots.add(this);
			}
			return IN_SLOT;
		}
		Call call = new Call(this, what, inLane, thread, System.nanoTime());
		Watchdog.INSTANCE.calls.add(call);
		return call;
	}

	void end(@Nullable Call call) {
		if (call == IN_SLOT) {
			this.slotStartNanos = 0;
			this.slotThread = null;
		}
		else if (call != null) {
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

	/**
	 * The slot's call, if it is slow and not yet reported: read consistently, else none.
	 */
	private @Nullable Call slowSlotCall(long now) {
		long start = this.slotStartNanos;
		Thread thread = this.slotThread;
		String what = this.slotWhat;
		long number = this.slotCall;
		if (start == 0 || thread == null || start != this.slotStartNanos || now - start < this.thresholdNanos
				|| number == this.slotReported) {
			return null;
		}
		this.slotReported = number;
		return new Call(this, what, true, thread, start);
	}

	/** Stops scanning an idle slot; the next call registers it again. */
	private void unregisterIfIdle(Set<SlowCalls> slots) {
		if (this.slotThread == null) {
			this.registered = false;
			slots.remove(this);
			// A call that began meanwhile may have seen it still registered.
			if (this.slotThread != null && !this.registered) {
				this.registered = true;
				slots.add(this);
			}
		}
	}

	private static final Call IN_SLOT = new Call(null, "in the slot", true, null, 0);

	private static final AtomicReferenceFieldUpdater<SlowCalls, Thread> SLOT_THREAD = AtomicReferenceFieldUpdater
		.newUpdater(SlowCalls.class, Thread.class, "slotThread");

	private static final class Watchdog {

		static final Watchdog INSTANCE = new Watchdog();

		final Set<Call> calls = ConcurrentHashMap.newKeySet();

		final Set<SlowCalls> slots = ConcurrentHashMap.newKeySet();

		private final Set<Call> reported = ConcurrentHashMap.newKeySet();

		private long periodMillis = Long.MAX_VALUE;

		private Scheduler.@Nullable Cancellable scan;

		/**
		 * Scans often enough that a call is reported within a quarter of the threshold
		 * past it.
		 */
		synchronized void scanAtLeastEvery(long thresholdMillis) {
			long period = Math.max(10, Math.min(1000, thresholdMillis / 4));
			if (period < this.periodMillis) {
				this.periodMillis = period;
				if (this.scan != null) {
					this.scan.cancel();
				}
				this.scan = SharedThreads.timer().scheduleWithFixedDelay(this::scan, period);
			}
		}

		private void scan() {
			long now = System.nanoTime();
			this.reported.retainAll(this.calls);
			for (Call call : this.calls) {
				if (now - call.startNanos() >= call.owner().thresholdNanos && this.reported.add(call)) {
					report(call);
				}
			}
			for (SlowCalls owner : this.slots) {
				Call call = owner.slowSlotCall(now);
				if (call != null) {
					report(call);
				}
				owner.unregisterIfIdle(this.slots);
			}
		}

		private static void report(Call call) {
			try {
				call.owner().onSlow.accept(call);
			}
			catch (RuntimeException ex) {
				Machine.LOGGER.log(System.Logger.Level.WARNING, "Reporting " + call + " failed", ex);
			}
		}

	}

}
