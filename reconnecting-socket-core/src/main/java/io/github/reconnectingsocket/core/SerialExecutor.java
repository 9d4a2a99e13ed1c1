package io.github.reconnectingsocket.core;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the tasks given to it one at a time, in arrival order, on a shared executor: the instance's
 * serialized context, in the manner of gRPC's {@code SynchronizationContext}. No lock is held while
 * a task runs, so a task (user code included) that raises a signal only queues it; it runs after
 * the current task returns, never re-entrantly.
 */
final class SerialExecutor implements Executor {

	private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean draining = new AtomicBoolean();

	private final Executor executor;

	private final Thread.UncaughtExceptionHandler onUncaught;

	private final Runnable drain = this::drain;

	private volatile Thread drainingThread;

	SerialExecutor(Executor executor, Thread.UncaughtExceptionHandler onUncaught) {
		this.executor = executor;
		this.onUncaught = onUncaught;
	}

	@Override
	public void execute(Runnable task) {
		this.queue.add(task);
		scheduleDrain();
	}

	/** @return whether the calling thread is running this context's tasks */
	boolean inContext() {
		return this.drainingThread == Thread.currentThread();
	}

	private void scheduleDrain() {
		if (this.draining.compareAndSet(false, true)) {
			try {
				this.executor.execute(this.drain);
			}
			catch (RuntimeException ex) {
				this.draining.set(false);
				throw ex;
			}
		}
	}

	private void drain() {
		this.drainingThread = Thread.currentThread();
		try {
			Runnable task;
			while ((task = this.queue.poll()) != null) {
				try {
					task.run();
				}
				catch (Throwable ex) {
					this.onUncaught.uncaughtException(Thread.currentThread(), ex);
				}
			}
		}
		finally {
			this.drainingThread = null;
			this.draining.set(false);
		}
		// A task queued between the last poll and the reset above would otherwise wait for the next one.
		if (!this.queue.isEmpty()) {
			scheduleDrain();
		}
	}

}
