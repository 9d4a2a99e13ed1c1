package io.github.reconnectingsocket.core;

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
 */
final class TimerSlot {

	private final Scheduler scheduler;

	private final MachineContext context;

	private final Runnable onDue;

	private Scheduler.Cancellable pending;

	private long generation;

	private long dueMillis = Timeouts.NONE;

	TimerSlot(Scheduler scheduler, MachineContext context, Runnable onDue) {
		this.scheduler = scheduler;
		this.context = context;
		this.onDue = onDue;
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
			this.pending = this.scheduler.schedule(new Fire(this.generation), delayMillis);
		}
	}

	void cancel() {
		this.context.throwIfNotInThisContext();
		this.generation++;
		this.dueMillis = Timeouts.NONE;
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

	private void fire(long generation) {
		if (generation != this.generation) {
			return; // cancelled after it fell due
		}
		this.pending = null;
		this.dueMillis = Timeouts.NONE;
		this.onDue.run();
	}

	/**
	 * One object per timer rather than two lambdas: a timer is armed on every
	 * disconnection.
	 */
	private final class Fire implements Runnable {

		private final long generation;

		private boolean queued;

		Fire(long generation) {
			this.generation = generation;
		}

		@Override
		public void run() {
			if (this.queued) {
				fire(this.generation);
			}
			else {
				this.queued = true;
				TimerSlot.this.context.execute(this);
			}
		}

	}

}
