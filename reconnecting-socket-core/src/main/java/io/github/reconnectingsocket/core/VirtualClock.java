package io.github.reconnectingsocket.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A clock and scheduler whose time moves only when told to: a full backoff schedule runs
 * in a test without sleeping. Pair it with a direct executor ({@code Runnable::run}) and
 * every signal is handled before the call that raised it returns.
 *
 * <p>
 * Thread-safe; tasks run on the thread that calls {@link #advance}, outside any lock.
 */
public final class VirtualClock implements Scheduler {

	/**
	 * Guards {@link #advance} against a loop of tasks due at once, which would never
	 * return.
	 */
	private static final int MAX_TASKS_AT_ONE_TIME = 1_000_000;

	private final Instant origin;

	private final PriorityQueue<Task> tasks = new PriorityQueue<>();

	private long nowMillis;

	private long sequence;

	/** A virtual clock starting at 2000-01-01T00:00:00Z. */
	public VirtualClock() {
		this(Instant.parse("2000-01-01T00:00:00Z"));
	}

	/**
	 * @param origin the clock's time before any {@link #advance}
	 */
	public VirtualClock(Instant origin) {
		this.origin = origin;
	}

	/**
	 * @return a {@link Clock} that reads this virtual time
	 */
	public Clock clock() {
		return new View(ZoneOffset.UTC);
	}

	/**
	 * @return the current virtual time
	 */
	public synchronized Instant instant() {
		return this.origin.plusMillis(this.nowMillis);
	}

	/**
	 * @return the current virtual time in milliseconds since the epoch
	 */
	public synchronized long millis() {
		return this.origin.toEpochMilli() + this.nowMillis;
	}

	/**
	 * @return the virtual time elapsed since the origin
	 */
	public synchronized Duration elapsed() {
		return Duration.ofMillis(this.nowMillis);
	}

	@Override
	public synchronized Cancellable schedule(Runnable task, long delayMillis) {
		if (delayMillis < 0) {
			throw new IllegalArgumentException("delayMillis must be >= 0, was " + delayMillis);
		}
		Task scheduled = new Task(Timeouts.plus(this.nowMillis, delayMillis), this.sequence++, task);
		this.tasks.add(scheduled);
		return () -> cancel(scheduled);
	}

	private synchronized void cancel(Task task) {
		this.tasks.remove(task);
	}

	/**
	 * Moves time forward, running every task that falls due on the way, in time order,
	 * each with the clock set to its due time. Tasks scheduled by those tasks run too if
	 * they fall due in time.
	 * @param duration how far to move, 0 or more; 0 runs the tasks due now
	 */
	public void advance(Duration duration) {
		long target;
		synchronized (this) {
			target = Timeouts.plus(this.nowMillis, duration.toMillis());
		}
		long ranAtOneTime = 0;
		long lastDue = Long.MIN_VALUE;
		while (true) {
			Task next;
			synchronized (this) {
				next = this.tasks.peek();
				if (next == null || next.dueMillis > target) {
					this.nowMillis = target;
					return;
				}
				this.tasks.poll();
				this.nowMillis = Math.max(this.nowMillis, next.dueMillis);
			}
			ranAtOneTime = (next.dueMillis == lastDue) ? ranAtOneTime + 1 : 0;
			lastDue = next.dueMillis;
			if (ranAtOneTime > MAX_TASKS_AT_ONE_TIME) {
				throw new IllegalStateException("More than " + MAX_TASKS_AT_ONE_TIME + " tasks ran at " + instant()
						+ " without time moving: a task keeps scheduling tasks due at once (a 0 ms delay?). "
						+ "Step through them with runNextTask()");
			}
			next.task.run();
		}
	}

	/**
	 * Runs exactly one task: the next pending one, moving time to when it is due.
	 * @return whether there was one
	 */
	public boolean runNextTask() {
		Task next;
		synchronized (this) {
			next = this.tasks.poll();
			if (next == null) {
				return false;
			}
			this.nowMillis = Math.max(this.nowMillis, next.dueMillis);
		}
		next.task.run();
		return true;
	}

	/** Runs the tasks due now without moving time. */
	public void runDueTasks() {
		advance(Duration.ZERO);
	}

	/**
	 * Moves time to the next pending task and runs everything due then.
	 * @return the time moved, or {@code null} when nothing is pending
	 */
	public Duration advanceToNextTask() {
		Duration delay = nextTaskDelay();
		if (delay != null) {
			advance(delay);
		}
		return delay;
	}

	/**
	 * @return how long until the next pending task, or {@code null} when none is pending
	 */
	public synchronized Duration nextTaskDelay() {
		Task next = this.tasks.peek();
		return (next != null) ? Duration.ofMillis(next.dueMillis - this.nowMillis) : null;
	}

	/**
	 * @return the number of tasks scheduled and not yet run or cancelled
	 */
	public synchronized int pendingTasks() {
		return this.tasks.size();
	}

	/**
	 * @return the delays from now of the pending tasks, soonest first
	 */
	public synchronized List<Duration> pendingDelays() {
		List<Task> sorted = new ArrayList<>(this.tasks);
		sorted.sort(null);
		List<Duration> delays = new ArrayList<>(sorted.size());
		for (Task task : sorted) {
			delays.add(Duration.ofMillis(task.dueMillis - this.nowMillis));
		}
		return delays;
	}

	private record Task(long dueMillis, long sequence, Runnable task) implements Comparable<Task> {

		@Override
		public int compareTo(Task other) {
			int byTime = Long.compare(this.dueMillis, other.dueMillis);
			return (byTime != 0) ? byTime : Long.compare(this.sequence, other.sequence);
		}

	}

	private final class View extends Clock {

		private final ZoneId zone;

		View(ZoneId zone) {
			this.zone = zone;
		}

		@Override
		public ZoneId getZone() {
			return this.zone;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return new View(zone);
		}

		@Override
		public Instant instant() {
			return VirtualClock.this.instant();
		}

		@Override
		public long millis() {
			return VirtualClock.this.millis();
		}

	}

}
