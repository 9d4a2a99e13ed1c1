package io.github.reconnectingsocket.core;

import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import org.jspecify.annotations.Nullable;

/**
 * The machine's one timer. In every state at most one timer matters (the backoff delay in
 * CLOSED, the open timeout while connecting, reset-after and liveness while OPENED, the
 * stop timeout in CLOSING, the revive delay in FAILED), so one slot, re-armed or
 * cancelled on every transition, makes "no timer pending in STOPPED" true by
 * construction.
 *
 * <p>
 * A timer that falls due only queues itself on the context; a generation number tells one
 * that was cancelled after it fell due, so that it does nothing.
 *
 * <p>
 * Nothing is allocated per arming on the library's timer: the slot keeps one node in its
 * heap and re-arms it in place, and the task that queues a timer that fell due on the
 * context is reused. A user's {@link Scheduler} (or a {@link VirtualClock}) is given that
 * reused task as well, once the previous one ran; one it was given and that was cancelled
 * is never reused, since the scheduler may still run it.
 */
final class TimerSlot {

	private static final AtomicReferenceFieldUpdater<TimerSlot, Fire> SPARE = AtomicReferenceFieldUpdater
		.newUpdater(TimerSlot.class, Fire.class, "spare");

	private final Scheduler scheduler;

	private final MachineContext context;

	private final Runnable onDue;

	private final @Nullable LibraryTimer timer;

	// The slot's node in the library timer's heap; none on a user's scheduler.
	private final @Nullable Node node;

	// A task free for the next timer that falls due: taken by whoever queues one, given
	// back by the task once it ran on the context.
	private volatile @Nullable Fire spare = new Fire();

	private Scheduler.@Nullable Cancellable pending;

	private boolean armed;

	private long generation;

	private long dueMillis = Timeouts.NONE;

	TimerSlot(Scheduler scheduler, MachineContext context, Runnable onDue) {
		this.scheduler = scheduler;
		this.context = context;
		this.onDue = onDue;
		this.timer = (scheduler instanceof LibraryTimer library) ? library : null;
		this.node = (this.timer != null) ? new Node() : null;
	}

	/**
	 * Arms the slot, cancelling whatever it held.
	 * @param delayMillis the delay, or {@link Timeouts#NONE} to leave the slot empty
	 * @param nowMillis the machine's time now
	 */
	void schedule(long delayMillis, long nowMillis) {
		cancel();
		if (delayMillis != Timeouts.NONE) {
			this.dueMillis = Timeouts.plus(nowMillis, delayMillis);
			if (this.timer != null) {
				this.armed = true;
				this.timer.arm(this.node, delayMillis, this.generation);
			}
			else {
				this.pending = this.scheduler.schedule(takeFire(this.generation, false), delayMillis);
			}
		}
	}

	void cancel() {
		this.context.throwIfNotInThisContext();
		this.generation++;
		this.dueMillis = Timeouts.NONE;
		if (this.armed) {
			this.armed = false;
			this.timer.cancel(this.node);
		}
		if (this.pending != null) {
			this.pending.cancel();
			this.pending = null;
		}
	}

	/**
	 * @return when the armed timer falls due, or {@link Timeouts#NONE}
	 */
	long dueMillis() {
		return this.dueMillis;
	}

	private Fire takeFire(long generation, boolean queued) {
		Fire fire = SPARE.getAndSet(this, null);
		if (fire == null) {
			fire = new Fire();
		}
		fire.generation = generation;
		fire.queued = queued;
		return fire;
	}

	private void fire(Fire fire) {
		long generation = fire.generation;
		this.spare = fire;
		if (generation != this.generation) {
			return; // cancelled after it fell due
		}
		this.pending = null;
		this.armed = false;
		this.dueMillis = Timeouts.NONE;
		this.onDue.run();
	}

	/** The slot's node in the library timer's heap. */
	private final class Node extends TimerHeap.Node {

		@Override
		void due(long tag) {
			TimerSlot.this.context.execute(takeFire(tag, true));
		}

	}

	/**
	 * A timer that fell due, on its way to the context: given to a user's scheduler, it
	 * queues itself there when run.
	 */
	private final class Fire extends TaskQueue.Task {

		private long generation;

		private boolean queued;

		@Override
		public void run() {
			if (this.queued) {
				fire(this);
			}
			else {
				this.queued = true;
				TimerSlot.this.context.execute(this);
			}
		}

	}

}
