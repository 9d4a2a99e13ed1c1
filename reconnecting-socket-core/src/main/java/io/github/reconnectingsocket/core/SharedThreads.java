package io.github.reconnectingsocket.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default threads, shared by every instance in the JVM, all daemon threads so that
 * they never keep a JVM alive, created on first use:
 * <ul>
 * <li>one timer thread, for delays, timeouts and the slow-call watchdog; its tasks only
 * hand work to a machine, whose steps never run user code;</li>
 * <li>the user executor, for user code: on Java 21 and later a new virtual thread per
 * task, found at run time (the core still builds for Java 17); before that, a
 * {@link UserPool}: two threads, and one more whenever all are blocked, so that calls
 * blocked in one instance can never leave another without a thread for long.</li>
 * </ul>
 */
final class SharedThreads {

	private SharedThreads() {
	}

	static LibraryTimer timer() {
		return Timer.TIMER;
	}

	static Scheduler scheduler() {
		return Timer.TIMER;
	}

	static Executor userExecutor() {
		return UserCode.EXECUTOR;
	}

	private static final class Timer {

		// The library's own timer rather than a ScheduledThreadPoolExecutor: a machine's
		// timer is re-armed in place, without a task object per delay
		// (docs/decisions/perf.md).
		static final LibraryTimer TIMER = new LibraryTimer(daemonThreads("reconnecting-socket-timer"),
				(thread, ex) -> Machine.LOGGER.log(System.Logger.Level.ERROR, "A timer task failed", ex));

	}

	private static final class UserCode {

		static final Executor EXECUTOR;

		static {
			Executor virtual = virtualThreadPerTask();
			EXECUTOR = (virtual != null) ? virtual : growingPool();
		}

		private static ExecutorService virtualThreadPerTask() {
			try {
				MethodHandles.Lookup lookup = MethodHandles.publicLookup();
				Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
				Object builder = lookup
					.findStatic(Thread.class, "ofVirtual",
							MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")))
					.invoke();
				MethodHandle name = lookup.findVirtual(builderClass, "name",
						MethodType.methodType(builderClass, String.class, long.class));
				builder = name.invoke(builder, "reconnecting-socket-", 0L);
				ThreadFactory factory = (ThreadFactory) lookup
					.findVirtual(builderClass, "factory", MethodType.methodType(ThreadFactory.class))
					.invoke(builder);
				return (ExecutorService) lookup
					.findStatic(java.util.concurrent.Executors.class, "newThreadPerTaskExecutor",
							MethodType.methodType(ExecutorService.class, ThreadFactory.class))
					.invoke(factory);
			}
			catch (Throwable ex) {
				return null; // Java 17 to 20
			}
		}

		private static Executor growingPool() {
			// Two threads, one more whenever all are blocked for a check (100 ms): see
			// UserPool.
			return new UserPool(2, 100, 30, daemonThreads("reconnecting-socket-user"), Timer.TIMER);
		}

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
