package io.github.reconnectingsocket.core;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the tasks given to it one at a time, in arrival order, on an executor: an
 * instance's lane of user callbacks. No lock is held while a task runs.
 *
 * <p>
 * One escape hatch bounds a user call that blocks: a task makes its call through
 * {@link #runDetachable}, and {@link #drainDetaching()} while that call is still running
 * moves the lane to a fresh thread instead of waiting behind it. The blocked thread
 * learns it was left behind when the call returns, and then stops running the lane.
 */
final class SerialExecutor implements Executor {

	/** Tasks one turn runs before it lets the executor's other work in. */
	private static final int TURN = 64;

	// Intrusive: a task reused by the caller (a TaskQueue.Reusable) is queued without
	// allocating.
	private final TaskQueue queue = new TaskQueue();

	// Who runs the context: null when idle; else the Drain running it, or that Drain's
	// InCall while it
	// is inside a detachable call. Every hand-over is one compare-and-set on this, so
	// that two
	// threads never both believe they run the context.
	private final AtomicReference<Object> owner = new AtomicReference<>();

	// A Drain that ended normally, to run the next turn: no thread refers to it any more.
	// A Drain
	// left behind by a detached call is never reused, since its thread may still hold it.
	private final AtomicReference<Drain> spare = new AtomicReference<>();

	private final Executor executor;

	private final Thread.UncaughtExceptionHandler onUncaught;

	SerialExecutor(Executor executor, Thread.UncaughtExceptionHandler onUncaught) {
		this.executor = executor;
		this.onUncaught = onUncaught;
	}

	@Override
	public void execute(Runnable task) {
		add(task);
		drainLater();
	}

	/**
	 * Queues a task without running the queue: {@link #drainLater()} or
	 * {@link #drainDetaching()} does, once the caller is ready for it to run.
	 * @param task the task
	 */
	void add(Runnable task) {
		this.queue.add(TaskQueue.of(task));
	}

	/** Runs the queue on the executor, unless a thread runs it already. */
	void drainLater() {
		scheduleDrain();
	}

	/**
	 * Runs the queue; if the context is inside a {@link #runDetachable} call, on any
	 * thread, the context leaves that call behind and runs on without it on a fresh
	 * thread, starting with the tasks queued so far. From the call itself, this lets it
	 * wait for what it just queued.
	 */
	void drainDetaching() {
		Object current = this.owner.get();
		if (current instanceof InCall inCall && !this.queue.isEmpty()) {
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
		InCall inCall = drain.inCall;
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
	 * @return whether the calling thread is inside a {@link #runDetachable} call of this
	 * context
	 */
	boolean inCallOnThisThread() {
		return this.owner.get() instanceof InCall inCall && inCall.drain.thread == Thread.currentThread();
	}

	private void scheduleDrain() {
		if (this.owner.get() == null) {
			Drain drain = this.spare.getAndSet(null);
			if (drain == null) {
				drain = new Drain();
			}
			if (this.owner.compareAndSet(null, drain)) {
				start(drain);
			}
			else {
				this.spare.set(drain);
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
		TaskQueue.Task task;
		int ran = 0;
		// Between tasks the owner is this drain, or a successor if a call of the last
		// task was detached.
		while (this.owner.get() == self && (task = this.queue.poll()) != null) {
			try {
				task.run();
			}
			catch (Throwable ex) {
				this.onUncaught.uncaughtException(Thread.currentThread(), ex);
			}
			if (++ran == TURN && yieldTurn(self)) {
				return;
			}
		}
		self.thread = null;
		if (this.owner.compareAndSet(self, null)) {
			this.spare.set(self);
			// A task queued between the last poll and the release would otherwise wait
			// for the next one.
			if (!this.queue.isEmpty()) {
				scheduleDrain();
			}
		}
	}

	/**
	 * Hands the rest of the queue to a fresh turn on the executor, so that a context kept
	 * busy by a flood of tasks does not hold a thread of a shared pool for good: the
	 * executor's other work (another context, a {@code destroy()}) gets its turn in
	 * between.
	 * @return whether the turn was handed over
	 */
	private boolean yieldTurn(Drain self) {
		if (this.queue.isEmpty()) {
			return false;
		}
		Drain successor = new Drain();
		if (!this.owner.compareAndSet(self, successor)) {
			return false;
		}
		self.thread = null;
		start(successor);
		return true;
	}

	/**
	 * One turn of running the context; a Runnable itself, and reused once it ended
	 * normally.
	 */
	private final class Drain implements Runnable {

		volatile Thread thread;

		// The owner while this turn is inside a detachable call; one per turn, as the
		// turn itself.
		final InCall inCall = new InCall(this);

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
