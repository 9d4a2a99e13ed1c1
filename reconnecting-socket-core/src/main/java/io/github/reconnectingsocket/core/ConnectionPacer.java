package io.github.reconnectingsocket.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paces the connection attempts of every instance that shares it, so that a recovering
 * server is not hit by all of them at once: at most {@code maxInFlight} attempts between
 * {@code create()} (or {@code connect()}) and their outcome, and at most
 * {@code attemptsPerSecond} new ones per second (with a burst of 10 ms' worth). An
 * attempt that may not begin yet waits in its connecting state
 * ({@link SocketSnapshot#waitingForPermit()}, an {@link Info.Kind#PACED} message), first
 * come first served; its open timeout starts once it has its permit. Opt-in:
 * {@link ReconnectingSocketBuilder#pacer(ConnectionPacer)}.
 *
 * <p>
 * With a {@link #recoveryWindow(Duration) recovery window}, an attempt that opens also
 * tells the group that its service is back: every instance of the group waiting in CLOSED
 * after a failed attempt, whose next attempt is due later than the window, has it moved
 * to a random time within the window ({@link Info.Kind#RECOVERY}). Off by default.
 *
 * <p>
 * {@link #named} pacers are JVM-wide, one per name, for every instance built with them; a
 * pacer from {@link #of} is shared by whoever is given it.
 */
public final class ConnectionPacer {

	private static final Map<String, ConnectionPacer> NAMED = new ConcurrentHashMap<>();

	// A burst of this many milliseconds' worth of the rate may start at once.
	private static final long BURST_MICROS = 10_000;

	private final String name;

	private final Clock clock;

	private final Scheduler scheduler;

	// Guarded by this.
	private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();

	private int maxInFlight;

	private int attemptsPerSecond;

	private int inFlight;

	// The rate's theoretical arrival time (GCRA), in microseconds of the clock.
	private long nextFreeMicros = Long.MIN_VALUE;

	private boolean refillArmed;

	private long paced;

	// 0: off. Read by the steps of every member, written by recoveryWindow().
	private volatile long recoveryWindowMillis;

	// The members waiting in CLOSED after a failed attempt, each with its timer armed.
	private final Set<Member> recovering = ConcurrentHashMap.newKeySet();

	private ConnectionPacer(String name, int maxInFlight, int attemptsPerSecond, Clock clock, Scheduler scheduler) {
		this.name = name;
		this.clock = clock;
		this.scheduler = scheduler;
		limits(maxInFlight, attemptsPerSecond);
	}

	/**
	 * @param maxInFlight attempts in flight at most, 0 for no limit
	 * @param attemptsPerSecond new attempts per second at most, 0 for no limit
	 * @return a pacer of its own, shared by the instances given it
	 */
	public static ConnectionPacer of(int maxInFlight, int attemptsPerSecond) {
		return new ConnectionPacer("unnamed", maxInFlight, attemptsPerSecond, Clock.systemUTC(),
				SharedThreads.scheduler());
	}

	/**
	 * A pacer on a {@link VirtualClock}, for tests.
	 * @param maxInFlight attempts in flight at most, 0 for no limit
	 * @param attemptsPerSecond new attempts per second at most, 0 for no limit
	 * @param clock the virtual clock; its scheduler refills the rate
	 * @return a pacer of its own
	 */
	public static ConnectionPacer of(int maxInFlight, int attemptsPerSecond, VirtualClock clock) {
		return new ConnectionPacer("unnamed", maxInFlight, attemptsPerSecond, clock.clock(), clock);
	}

	/**
	 * The JVM-wide pacer of this name, created on first use. Later calls with other
	 * limits change them for every instance that uses it: the last call wins, so that a
	 * configuration can be refreshed.
	 * @param name the group's name
	 * @param maxInFlight attempts in flight at most, 0 for no limit
	 * @param attemptsPerSecond new attempts per second at most, 0 for no limit
	 * @return the pacer of that name
	 */
	public static ConnectionPacer named(String name, int maxInFlight, int attemptsPerSecond) {
		Objects.requireNonNull(name, "name must not be null");
		ConnectionPacer pacer = NAMED.computeIfAbsent(name, (key) -> new ConnectionPacer(key, maxInFlight,
				attemptsPerSecond, Clock.systemUTC(), SharedThreads.scheduler()));
		pacer.limits(maxInFlight, attemptsPerSecond);
		return pacer;
	}

	/**
	 * @return the name, {@code unnamed} for a pacer of its own
	 */
	public String name() {
		return this.name;
	}

	/**
	 * @return attempts in flight at most, 0 for no limit
	 */
	public synchronized int maxInFlight() {
		return this.maxInFlight;
	}

	/**
	 * @return new attempts per second at most, 0 for no limit
	 */
	public synchronized int attemptsPerSecond() {
		return this.attemptsPerSecond;
	}

	/**
	 * @return attempts holding a permit now
	 */
	public synchronized int inFlight() {
		return this.inFlight;
	}

	/**
	 * @return attempts waiting for a permit now (given-up ones may be counted until their
	 * turn)
	 */
	public synchronized int waiting() {
		return this.waiting.size();
	}

	/**
	 * @return attempts that had to wait for a permit, since the pacer was made
	 */
	public synchronized long paced() {
		return this.paced;
	}

	/**
	 * Sets the recovery window: when an attempt of the group opens, each instance of the
	 * group waiting in CLOSED after a failed attempt, whose next attempt is due later
	 * than the window from now, has it moved to a uniformly random time within the window
	 * (with the instance's own randomness); the others keep their time. Only CLOSED is
	 * affected, not FAILED. For {@link #named} pacers the last call wins, like the
	 * limits.
	 * @param window the window, {@link Duration#ZERO} for off (the default)
	 * @return this pacer
	 */
	public ConnectionPacer recoveryWindow(Duration window) {
		long millis = Timeouts.delayMillis("pacing.recoveryWindow", window);
		this.recoveryWindowMillis = (millis != Timeouts.NONE) ? millis : Timeouts.FOREVER_MILLIS;
		return this;
	}

	/**
	 * @return the recovery window, {@link Duration#ZERO} when off
	 */
	public Duration recoveryWindow() {
		return Duration.ofMillis(this.recoveryWindowMillis);
	}

	/**
	 * @return the instances waiting in CLOSED after a failed attempt that an open would
	 * move now
	 */
	int recovering() {
		return this.recovering.size();
	}

	/** Whether a member waiting after a failure should {@link #join} the group. */
	boolean recoveryOn() {
		return this.recoveryWindowMillis > 0;
	}

	/** The member waits in CLOSED after a failed attempt, its timer armed. */
	void join(Member member) {
		this.recovering.add(member);
	}

	/** The member left CLOSED (or never waited): an open no longer moves it. */
	void leave(Member member) {
		this.recovering.remove(member);
	}

	/**
	 * An attempt of the group opened: tells every waiting member, each of which moves its
	 * next attempt on its own context. Called after the opening machine's step, outside
	 * its lock, for the same reason as {@link #pump()}.
	 */
	void recover() {
		long window = this.recoveryWindowMillis;
		if (window <= 0 || this.recovering.isEmpty()) {
			return;
		}
		for (Member member : this.recovering) {
			member.recover(window);
		}
	}

	private void limits(int maxInFlight, int attemptsPerSecond) {
		if (maxInFlight < 0) {
			throw new InvalidOptionException("pacing.maxInFlight", maxInFlight, "0 (no limit) or more");
		}
		if (attemptsPerSecond < 0) {
			throw new InvalidOptionException("pacing.attemptsPerSecond", attemptsPerSecond, "0 (no limit) or more");
		}
		synchronized (this) {
			this.maxInFlight = maxInFlight;
			this.attemptsPerSecond = attemptsPerSecond;
		}
		pump();
	}

	/**
	 * Takes a permit now, or queues the waiter for one.
	 * @return true when the permit is taken; false when {@link Waiter#granted()} will be
	 * called later
	 */
	synchronized boolean acquire(Waiter waiter) {
		// Behind others, it waits its turn: whoever holds them back (the cap or the rate)
		// hands on.
		if (this.waiting.isEmpty() && take()) {
			return true;
		}
		this.waiting.add(waiter);
		this.paced++;
		return false;
	}

	/**
	 * Gives back a permit taken by {@link #acquire} (or granted). It is handed on by
	 * {@link #pump()}, which the machine calls after its step: a grant runs the next
	 * waiter's step, which must not run inside another machine's step.
	 */
	synchronized void release() {
		this.inFlight--;
	}

	/** Hands the free permits to the waiters, first come first served. */
	void pump() {
		while (true) {
			Waiter next;
			synchronized (this) {
				next = this.waiting.peek();
				if (next == null || !take()) {
					return;
				}
				this.waiting.poll();
			}
			if (!next.granted()) {
				release(); // given up while it waited: the permit goes to the next one
			}
		}
	}

	// Holding the lock: takes a permit if the cap and the rate allow; else arms a refill
	// for the rate.
	private boolean take() {
		if (this.maxInFlight != 0 && this.inFlight >= this.maxInFlight) {
			return false;
		}
		if (this.attemptsPerSecond != 0) {
			// GCRA: the theoretical arrival time may run ahead of now by the burst, no
			// more.
			long now = this.clock.millis() * 1000;
			long arrival = Math.max(this.nextFreeMicros, now);
			if (arrival - now > BURST_MICROS) {
				armRefill((arrival - now - BURST_MICROS + 999) / 1000);
				return false;
			}
			this.nextFreeMicros = arrival + 1_000_000 / this.attemptsPerSecond;
		}
		this.inFlight++;
		return true;
	}

	private void armRefill(long delayMillis) {
		if (!this.refillArmed) {
			this.refillArmed = true;
			this.scheduler.schedule(() -> {
				synchronized (this) {
					this.refillArmed = false;
				}
				pump();
			}, Math.max(1, delayMillis));
		}
	}

	@Override
	public synchronized String toString() {
		return "ConnectionPacer[" + this.name + ", maxInFlight " + this.maxInFlight + ", attemptsPerSecond "
				+ this.attemptsPerSecond + ", in flight " + this.inFlight + ", waiting " + this.waiting.size() + "]";
	}

	/** An instance of the group that an open may hurry. */
	interface Member {

		/**
		 * Moves the next attempt within the window if it is due later: queued on the
		 * member's own context, never inline in the caller's step.
		 * @param windowMillis the recovery window
		 */
		void recover(long windowMillis);

	}

	/** An attempt waiting for a permit. */
	interface Waiter {

		/**
		 * @return true when the permit is taken; false when the waiter was given up, and
		 * the permit goes on to the next one
		 */
		boolean granted();

	}

}
