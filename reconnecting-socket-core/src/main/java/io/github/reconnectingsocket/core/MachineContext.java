package io.github.reconnectingsocket.core;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The state machine's serialized context, after gRPC's {@code SynchronizationContext}:
 * tasks run one at a time, in arrival order, on the thread that queued the first of them
 * (a command's caller, the timer, a socket's I/O thread), and never re-entrantly: a task
 * queued by a running task runs after it. The machine's tasks never run user code, so
 * draining on any thread is quick and safe.
 *
 * <p>
 * Each task runs holding the {@link Statistics} lock, so that a snapshot never sees half
 * a step; after each task, outside the lock, {@code afterTask} hands the step's callbacks
 * to their lane.
 */
final class MachineContext {

	/**
	 * A step that takes its argument, so that a constant step allocates nothing per call.
	 */
	@FunctionalInterface
	interface Step<A> {

		void run(A argument);

	}

	private static final Step<Runnable> RUN = Runnable::run;

	// Intrusive: a task the caller reuses (the timer's) is queued without allocating.
	private final TaskQueue queue = new TaskQueue();

	private final AtomicReference<Thread> drainingThread = new AtomicReference<>();

	private final Statistics statistics;

	private final Runnable afterTask;

	private final Thread.UncaughtExceptionHandler onUncaught;

	MachineContext(Statistics statistics, Runnable afterTask, Thread.UncaughtExceptionHandler onUncaught) {
		this.statistics = statistics;
		this.afterTask = afterTask;
		this.onUncaught = onUncaught;
	}

	/**
	 * Queues the task and runs the queue on this thread, unless a thread runs it already.
	 */
	void execute(Runnable task) {
		execute(RUN, task);
	}

	/**
	 * Runs {@code step.run(argument)} as {@link #execute(Runnable)} would. When the
	 * context is idle and its queue empty, the step runs at once, without a queue node or
	 * a task object: most signals come when nothing else is queued. Otherwise it is
	 * queued behind the others, in arrival order.
	 * @param step the step, best a constant (a lambda that captures nothing)
	 * @param argument its argument
	 * @param <A> the argument's type
	 */
	<A> void execute(Step<A> step, A argument) {
		if (this.queue.isEmpty() && this.drainingThread.compareAndSet(null, Thread.currentThread())) {
			if (this.queue.isEmpty()) {
				try {
					runStep(step, argument);
					this.afterTask.run();
				}
				finally {
					this.drainingThread.set(null);
				}
				// A task queued meanwhile found the context busy: it is ours to run.
				if (!this.queue.isEmpty()) {
					drain();
				}
				return;
			}
			this.drainingThread.set(null);
		}
		this.queue.add((step == RUN) ? TaskQueue.of((Runnable) argument) : new StepTask<>(step, argument));
		drain();
	}

	/**
	 * Asserts that the caller runs in this context, as gRPC's
	 * {@code SynchronizationContext.throwIfNotInThisSynchronizationContext()} does.
	 * @throws IllegalStateException when it does not
	 */
	void throwIfNotInThisContext() {
		if (this.drainingThread.get() != Thread.currentThread()) {
			throw new IllegalStateException("Not called from the state machine's serialized context");
		}
	}

	private void drain() {
		do {
			if (!this.drainingThread.compareAndSet(null, Thread.currentThread())) {
				return;
			}
			try {
				TaskQueue.Task task;
				while ((task = this.queue.poll()) != null) {
					runStep(task);
					this.afterTask.run();
				}
			}
			finally {
				this.drainingThread.set(null);
			}
			// A task queued between the last poll and the release would otherwise wait
			// for the next one.
		}
		while (!this.queue.isEmpty());
	}

	private void runStep(Runnable task) {
		runStep(RUN, task);
	}

	private <A> void runStep(Step<A> step, A argument) {
		synchronized (this.statistics) {
			try {
				step.run(argument);
			}
			catch (Throwable ex) {
				this.onUncaught.uncaughtException(Thread.currentThread(), ex);
			}
		}
	}

	/** A step and its argument, queued behind others. */
	private static final class StepTask<A> extends TaskQueue.Task {

		private final Step<A> step;

		private final A argument;

		StepTask(Step<A> step, A argument) {
			this.step = step;
			this.argument = argument;
		}

		@Override
		public void run() {
			this.step.run(this.argument);
		}

	}

}
