package io.github.reconnectingsocket.core;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default threads, shared by every instance in the JVM: one timer thread and a small
 * worker pool, all daemon threads so that they never keep a JVM alive. Created on first
 * use.
 */
final class SharedThreads {

	/**
	 * Workers: enough to keep both cores busy on a small machine, few enough for 10,000
	 * sockets.
	 */
	static final int WORKERS = Math.min(3, Math.max(2, Runtime.getRuntime().availableProcessors()));

	private SharedThreads() {
	}

	static Scheduler scheduler() {
		return Holder.SCHEDULER;
	}

	static Executor executor() {
		return Holder.EXECUTOR;
	}

	private static final class Holder {

		static final Scheduler SCHEDULER;

		static final Executor EXECUTOR;

		static {
			ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
					daemonThreads("reconnecting-socket-timer"));
			// Cancelled delays are dropped at once rather than kept until they fall due.
			timer.setRemoveOnCancelPolicy(true);
			SCHEDULER = Scheduler.of(timer);
			ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
					new LinkedBlockingQueue<>(), daemonThreads("reconnecting-socket-worker"));
			workers.allowCoreThreadTimeOut(true);
			EXECUTOR = workers;
		}

		private static ThreadFactory daemonThreads(String prefix) {
			AtomicInteger count = new AtomicInteger();
			return (runnable) -> {
				Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			};
		}

	}

}
