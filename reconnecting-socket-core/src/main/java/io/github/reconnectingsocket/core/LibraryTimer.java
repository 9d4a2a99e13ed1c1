package io.github.reconnectingsocket.core;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The library's timer: one thread and a {@link TimerHeap}. A machine's {@link TimerSlot}
 * keeps one node and re-arms it in place, so that arming and cancelling its timer, on
 * every transition, allocates nothing; other tasks (the slow-call watchdog, the user
 * pool's checks, {@link Scheduler} calls) get a node each. The thread sleeps until the
 * first node falls due, to the precision of {@link LockSupport#parkNanos}, and sleeps
 * without a deadline when nothing is armed: an idle timer never wakes up.
 *
 * <p>
 * A node falls due on the timer's thread, so its work must be short and must not block,
 * as with any {@link Scheduler}.
 */
final class LibraryTimer implements Scheduler {

	// Far enough that no arithmetic on nanoTime overflows: about 146 years.
	private static final long MAX_DELAY_NANOS = Long.MAX_VALUE >> 1;

	private final TimerHeap heap = new TimerHeap();

	private final Thread thread;

	private final Thread.UncaughtExceptionHandler onUncaught;

	private volatile boolean stopped;

	LibraryTimer(ThreadFactory threads, Thread.UncaughtExceptionHandler onUncaught) {
		this.onUncaught = onUncaught;
		this.thread = threads.newThread(this::run);
		this.thread.start();
	}

	/**
	 * Arms a node, moving it if it was armed already.
	 * @param node the node
	 * @param delayMillis the delay from now, 0 or more
	 * @param tag given back to the node when this arming falls due
	 */
	void arm(TimerHeap.Node node, long delayMillis, long tag) {
		long due = System.nanoTime() + Math.min(TimeUnit.MILLISECONDS.toNanos(delayMillis), MAX_DELAY_NANOS);
		boolean first;
		synchronized (this.heap) {
			first = this.heap.arm(node, due, tag);
		}
		if (first) {
			LockSupport.unpark(this.thread);
		}
	}

	/**
	 * Disarms a node; does nothing if it fell due already, or was never armed. The thread
	 * is not woken: if it waits for this node, it wakes to find nothing due and sleeps
	 * again.
	 * @param node the node
	 */
	void cancel(TimerHeap.Node node) {
		synchronized (this.heap) {
			this.heap.cancel(node);
		}
	}

	@Override
	public Cancellable schedule(Runnable task, long delayMillis) {
		Task node = new Task(task, 0);
		arm(node, delayMillis, 0);
		return node;
	}

	/**
	 * Runs a task every {@code periodMillis}, each run that long after the previous one
	 * ended, until cancelled.
	 * @param task the task
	 * @param periodMillis the period
	 * @return what cancels it
	 */
	Cancellable scheduleWithFixedDelay(Runnable task, long periodMillis) {
		Task node = new Task(task, periodMillis);
		arm(node, periodMillis, 0);
		return node;
	}

	/**
	 * @return the timers armed now
	 */
	int armed() {
		synchronized (this.heap) {
			return this.heap.size();
		}
	}

	/** Ends the thread: for tests; the shared timer runs as long as the JVM. */
	void stop() {
		this.stopped = true;
		LockSupport.unpark(this.thread);
	}

	private void run() {
		while (!this.stopped) {
			TimerHeap.Node due;
			long tag = 0;
			long waitNanos = -1;
			synchronized (this.heap) {
				long now = System.nanoTime();
				due = this.heap.pollDue(now);
				if (due != null) {
					tag = due.tag;
				}
				else if (this.heap.first() != null) {
					waitNanos = this.heap.first().dueNanos - now;
				}
			}
			if (due != null) {
				fire(due, tag);
			}
			else if (waitNanos < 0) {
				LockSupport.park(this);
			}
			else {
				LockSupport.parkNanos(this, waitNanos);
			}
		}
	}

	private void fire(TimerHeap.Node node, long tag) {
		try {
			node.due(tag);
		}
		catch (Throwable ex) {
			this.onUncaught.uncaughtException(this.thread, ex);
		}
	}

	/** A task of its own: once, or again every period until cancelled. */
	private final class Task extends TimerHeap.Node implements Cancellable {

		private final Runnable task;

		private final long periodMillis;

		private volatile boolean cancelled;

		Task(Runnable task, long periodMillis) {
			this.task = task;
			this.periodMillis = periodMillis;
		}

		@Override
		void due(long tag) {
			if (this.cancelled) {
				return;
			}
			try {
				this.task.run();
			}
			finally {
				if (this.periodMillis > 0 && !this.cancelled) {
					arm(this, this.periodMillis, 0);
				}
			}
		}

		@Override
		public void cancel() {
			this.cancelled = true;
			LibraryTimer.this.cancel(this);
		}

	}

}
