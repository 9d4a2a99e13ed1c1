package io.github.reconnectingsocket.core;

import java.time.Duration;

/**
 * What a {@link RetryPolicy} decided: retry with the backoff, retry after a delay, or
 * give up.
 */
public final class Retry {

	private static final Retry WITH_BACKOFF = new Retry(-1, false);

	private static final Retry GIVE_UP = new Retry(-1, true);

	private final long delayMillis;

	private final boolean giveUp;

	private Retry(long delayMillis, boolean giveUp) {
		this.delayMillis = delayMillis;
		this.giveUp = giveUp;
	}

	/**
	 * @return retry after the backoff's next delay
	 */
	public static Retry withBackoff() {
		return WITH_BACKOFF;
	}

	/**
	 * @param delay how long to wait before the next attempt, 0 or more; the backoff does
	 * not advance
	 * @return retry after that delay
	 * @throws InvalidOptionException when the delay is negative or does not fit in a long
	 * of ms
	 */
	public static Retry after(Duration delay) {
		return new Retry(Timeouts.delayMillis("retry delay", delay), false);
	}

	/**
	 * @return give up now: the machine enters FAILED and calls {@code onFail}
	 */
	public static Retry giveUp() {
		return GIVE_UP;
	}

	/**
	 * @return whether to give up
	 */
	public boolean isGiveUp() {
		return this.giveUp;
	}

	/**
	 * @return the delay in ms when one was given, else -1 (use the backoff)
	 */
	long delayMillis() {
		return this.delayMillis;
	}

	@Override
	public String toString() {
		return this.giveUp ? "give up"
				: (this.delayMillis < 0) ? "retry with backoff" : "retry after " + this.delayMillis + " ms";
	}

}
