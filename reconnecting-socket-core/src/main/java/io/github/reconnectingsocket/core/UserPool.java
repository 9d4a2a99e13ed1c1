package io.github.reconnectingsocket.core;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The user executor before virtual threads (Java 17 to 20): a few threads that run every
 * instance's callbacks, and more only when all of them are blocked. A pool that starts a
 * thread whenever none is idle never leaves an instance without a thread, but in a
 * reconnect storm it starts one thread per concurrent callback (80 for 10,000 sockets on
 * 2 cores), and every hand-off wakes a new one. Here a queue absorbs the storm, and a
 * check on the timer thread, every {@code checkMillis} while there is work, adds one
 * thread when the pool made no progress since the last check with tasks waiting: its
 * threads are all blocked in user code. So a blocked callback delays other instances by
 * at most about two checks, and the pool never runs out of threads. Added threads go
 * again after {@code keepAliveSeconds} idle.
 */
final class UserPool implements Executor {

	private final ThreadPoolExecutor pool;

	private final Scheduler scheduler;

	private final int coreThreads;

	private final long checkMillis;

	// Confined to the timer thread, but for the volatile flag that arms the check.
	private volatile boolean checking;

	private long lastCompleted = -1;

	UserPool(int coreThreads, long checkMillis, long keepAliveSeconds, ThreadFactory threads, Scheduler scheduler) {
		this.coreThreads = coreThreads;
		this.checkMillis = checkMillis;
		this.scheduler = scheduler;
		this.pool = new ThreadPoolExecutor(coreThreads, coreThreads, keepAliveSeconds, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), threads);
		this.pool.allowCoreThreadTimeOut(true);
	}

	@Override
	public void execute(Runnable task) {
		this.pool.execute(task);
		if (!this.checking) {
			this.checking = true;
			this.scheduler.schedule(this::check, this.checkMillis);
		}
	}

	/**
	 * @return the threads now
	 */
	int threads() {
		return this.pool.getPoolSize();
	}

	private void check() {
		long completed = this.pool.getCompletedTaskCount();
		boolean waiting = !this.pool.getQueue().isEmpty();
		int size = this.pool.getCorePoolSize();
		if (waiting && completed == this.lastCompleted && this.pool.getActiveCount() >= size) {
			// Nothing finished in a whole check with tasks waiting: every thread is
			// blocked. One more.
			this.pool.setMaximumPoolSize(size + 1);
			this.pool.setCorePoolSize(size + 1);
		}
		else if (!waiting && size > this.coreThreads) {
			// The extra threads end once idle for the keep-alive (or at once if idle
			// now).
			this.pool.setCorePoolSize(this.coreThreads);
			this.pool.setMaximumPoolSize(this.coreThreads);
		}
		this.lastCompleted = completed;
		if (waiting || this.pool.getActiveCount() > 0 || this.pool.getCorePoolSize() > this.coreThreads) {
			this.scheduler.schedule(this::check, this.checkMillis);
		}
		else {
			this.checking = false;
			this.lastCompleted = -1;
			// A task queued between the test and the flag's reset would otherwise go
			// unchecked.
			if (this.pool.getActiveCount() > 0 || !this.pool.getQueue().isEmpty()) {
				this.checking = true;
				this.scheduler.schedule(this::check, this.checkMillis);
			}
		}
	}

}
