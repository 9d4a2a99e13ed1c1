package io.github.reconnectingsocket.core;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the tasks given to it one at a time, in arrival order, on a shared executor: the
 * instance's serialized context, in the manner of gRPC's {@code SynchronizationContext}.
 * No lock is held while a task runs, so a task (user code included) that raises a signal
 * only queues it; it runs after the current task returns, never re-entrantly.
 *
 * <p>
 * One escape hatch bounds a user call that blocks: a task may make a call through
 * {@link #runDetachable}, and a task queued through {@link #executeDetaching} while that
 * call is still running moves the context to a fresh thread instead of waiting behind it.
 * The blocked thread learns it was left behind when the call returns, and must then give
 * up its task at once.
 */
final class SerialExecutor implements Executor {

	private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();

	// Who runs the context: null when idle; else the Drain running it, or that Drain's
	// InCall while it
	// is inside a detachable call. Every hand-over is one compare-and-set on this, so
	// that two
	// threads never both believe they run the context.
	private final AtomicReference<Object> owner = new AtomicReference<>();

	private final Executor executor;

	private final Thread.UncaughtExceptionHandler onUncaught;

	SerialExecutor(Executor executor, Thread.UncaughtExceptionHandler onUncaught) {
		this.executor = executor;
		this.onUncaught = onUncaught;
	}

	@Override
	public void execute(Runnable task) {
		this.queue.add(task);
		scheduleDrain();
	}

	/**
	 * Queues a task; if the context is inside a {@link #runDetachable} call, the context
	 * leaves that call behind and runs on without it, starting with the tasks queued so
	 * far.
	 * @param task the task
	 */
	void executeDetaching(Runnable task) {
		this.queue.add(task);
		Object current = this.owner.get();
		// From the blocked call itself, it is not blocked: queue as usual.
		if (current instanceof InCall inCall && inCall.drain.thread != Thread.currentThread()) {
			Drain successor = new Drain();
			if (this.owner.compareAndSet(inCall, successor)) {
				start(successor);
				return;
			}
		}
		scheduleDrain();
	}

	/**
	 * Makes a call that may block, from a task of this context. The call must not touch
	 * the state the context guards.
	 * @param call the call
	 * @return true when the context waited for the call; false when it was detached
	 * meanwhile: the calling task then no longer runs on the context and must return
	 * without touching its state
	 */
	boolean runDetachable(Runnable call) {
		Object current = this.owner.get();
		if (!(current instanceof Drain drain) || drain.thread != Thread.currentThread()) {
			call.run();
			return true;
		}
		InCall inCall = new InCall(drain);
		this.owner.set(inCall);
		boolean attached = false;
		try {
			call.run();
		}
		finally {
			attached = this.owner.compareAndSet(inCall, drain);
		}
		return attached;
	}

	/**
	 * @return whether the calling thread is running this context's tasks
	 */
	boolean inContext() {
		Object current = this.owner.get();
		Drain drain = (current instanceof InCall inCall) ? inCall.drain : (Drain) current;
		return drain != null && drain.thread == Thread.currentThread();
	}

	private void scheduleDrain() {
		if (this.owner.get() == null) {
			Drain drain = new Drain();
			if (this.owner.compareAndSet(null, drain)) {
				start(drain);
			}
		}
	}

	private void start(Drain drain) {
		try {
			this.executor.execute(drain);
		}
		catch (RuntimeException ex) {
			this.owner.compareAndSet(drain, null);
			throw ex;
		}
	}

	private void drain(Drain self) {
		self.thread = Thread.currentThread();
		Runnable task;
		// Between tasks the owner is this drain, or a successor if a call of the last
		// task was detached.
		while (this.owner.get() == self && (task = this.queue.poll()) != null) {
			try {
				task.run();
			}
			catch (Throwable ex) {
				this.onUncaught.uncaughtException(Thread.currentThread(), ex);
			}
		}
		self.thread = null;
		// A task queued between the last poll and the release would otherwise wait for
		// the next one.
		if (this.owner.compareAndSet(self, null) && !this.queue.isEmpty()) {
			scheduleDrain();
		}
	}

	/**
	 * One turn of running the context; a Runnable itself, so that a turn allocates one
	 * object.
	 */
	private final class Drain implements Runnable {

		volatile Thread thread;

		@Override
		public void run() {
			drain(this);
		}

	}

	private static final class InCall {

		final Drain drain;

		InCall(Drain drain) {
			this.drain = drain;
		}

	}

}
