package io.github.reconnectingsocket.core;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jspecify.annotations.Nullable;

/**
 * A first-in first-out queue whose tasks are their own nodes, so that queueing a task
 * allocates nothing: the machine's context and each lane queue through it. Any thread may
 * add; one thread at a time polls (the context's or the lane's drainer). A short lock
 * guards the links: a queue is one instance's, so it is rarely contended.
 *
 * <p>
 * A task is in at most one queue at a time, once. A task reused from one step to the next
 * is a {@link Reusable}: whoever queues it claims it first, and it is released once it
 * ran; when the claim fails (the same kind is still queued, or still running) the caller
 * queues a task of its own instead.
 */
final class TaskQueue {

	private @Nullable Task head;

	private @Nullable Task tail;

	// Read without the lock by isEmpty(): written under it.
	private volatile boolean empty = true;

	/**
	 * Adds a task at the tail.
	 * @param task the task, in no queue
	 * @throws IllegalStateException if the task is queued already
	 */
	void add(Task task) {
		synchronized (this) {
			if (task.queued) {
				throw new IllegalStateException("A task is queued twice: " + task);
			}
			task.queued = true;
			if (this.tail == null) {
				this.head = task;
			}
			else {
				this.tail.next = task;
			}
			this.tail = task;
			this.empty = false;
		}
	}

	/**
	 * @return the task at the head, taken out, or null when the queue is empty
	 */
	@Nullable Task poll() {
		if (this.empty) {
			return null;
		}
		synchronized (this) {
			Task task = this.head;
			if (task == null) {
				return null;
			}
			this.head = task.next;
			task.next = null;
			task.queued = false;
			if (this.head == null) {
				this.tail = null;
				this.empty = true;
			}
			return task;
		}
	}

	boolean isEmpty() {
		return this.empty;
	}

	/**
	 * @param runnable a task, or any runnable
	 * @return the task itself, or the runnable in a task of its own
	 */
	static Task of(Runnable runnable) {
		return (runnable instanceof Task task) ? task : new OneOff(runnable);
	}

	/** A task that is its own node. */
	abstract static class Task implements Runnable {

		// Guarded by the lock of the queue the task is in.
		private @Nullable Task next;

		private boolean queued;

	}

	/**
	 * A task kept for reuse: one per kind of work, claimed before it is given its
	 * arguments and queued, released by {@link #release()} once it no longer needs them.
	 */
	abstract static class Reusable extends Task {

		private static final AtomicIntegerFieldUpdater<Reusable> BUSY = AtomicIntegerFieldUpdater
			.newUpdater(Reusable.class, "busy");

		private volatile int busy;

		/**
		 * @return whether the caller may now give the task its arguments and queue it;
		 * false while it is queued or running
		 */
		final boolean claim() {
			return this.busy == 0 && BUSY.compareAndSet(this, 0, 1);
		}

		/** The task is done with its arguments: it may be claimed again. */
		final void release() {
			this.busy = 0;
		}

		final boolean isClaimed() {
			return this.busy != 0;
		}

	}

	private static final class OneOff extends Task {

		private final Runnable runnable;

		OneOff(Runnable runnable) {
			this.runnable = runnable;
		}

		@Override
		public void run() {
			this.runnable.run();
		}

		@Override
		public String toString() {
			return this.runnable.toString();
		}

	}

}
