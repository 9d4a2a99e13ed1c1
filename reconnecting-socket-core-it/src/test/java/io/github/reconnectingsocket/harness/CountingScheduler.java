package io.github.reconnectingsocket.harness;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.reconnectingsocket.core.Scheduler;

/**
 * A real-time {@link Scheduler} (one daemon thread, {@code counting-scheduler-N}) that
 * knows how many of its tasks are pending: scheduled, neither run nor cancelled. With it
 * a test on real sockets sees a timer left behind, as {@code VirtualClock.pendingTasks()}
 * does on virtual time.
 */
public final class CountingScheduler implements Scheduler, AutoCloseable {

	private static final AtomicLong THREADS = new AtomicLong();

	private final ScheduledThreadPoolExecutor executor;

	private final Set<Object> pending = ConcurrentHashMap.newKeySet();

	private final AtomicLong scheduled = new AtomicLong();

	/** A scheduler with its own thread. */
	public CountingScheduler() {
		this.executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "counting-scheduler-" + THREADS.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setRemoveOnCancelPolicy(true);
	}

	@Override
	public Cancellable schedule(Runnable task, long delayMillis) {
		Object token = new Object();
		this.pending.add(token);
		this.scheduled.incrementAndGet();
		ScheduledFuture<?> future = this.executor.schedule(() -> {
			if (this.pending.remove(token)) {
				task.run();
			}
		}, delayMillis, TimeUnit.MILLISECONDS);
		return () -> {
			if (this.pending.remove(token)) {
				future.cancel(false);
			}
		};
	}

	/**
	 * @return tasks scheduled and neither run nor cancelled
	 */
	public int pending() {
		return this.pending.size();
	}

	/**
	 * @return tasks scheduled since creation
	 */
	public long scheduled() {
		return this.scheduled.get();
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
