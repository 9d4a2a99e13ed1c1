package io.github.reconnectingsocket.clients;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One daemon timer thread for every client in the JVM: connect timeouts, heartbeats and
 * pings. Its tasks only start asynchronous sends or complete futures. The thread ends
 * after a few idle seconds and comes back on the next task.
 */
final class ClientTimer {

	private static final ScheduledThreadPoolExecutor EXECUTOR = create();

	private ClientTimer() {
	}

	static ScheduledFuture<?> after(long delayMillis, Runnable task) {
		return EXECUTOR.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
	}

	static ScheduledFuture<?> every(long periodMillis, Runnable task) {
		return EXECUTOR.scheduleAtFixedRate(task, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
	}

	private static ScheduledThreadPoolExecutor create() {
		AtomicInteger count = new AtomicInteger();
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "reconnecting-socket-clients-timer-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		executor.setKeepAliveTime(5, TimeUnit.SECONDS);
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

}
