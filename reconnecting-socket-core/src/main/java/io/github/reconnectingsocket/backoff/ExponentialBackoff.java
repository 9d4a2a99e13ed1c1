package io.github.reconnectingsocket.backoff;

import io.github.reconnectingsocket.core.InvalidOptionException;

import java.time.Duration;

/**
 * Exponential delays, as in the seed: d, d·f, d·f², ... capped at {@code maxDelay}.
 *
 * @param initialDelay the first delay, at least 1 ms
 * @param maxDelay the cap, greater than {@code initialDelay}
 * @param factor the multiplier between two delays, greater than 1
 */
public record ExponentialBackoff(Duration initialDelay, Duration maxDelay, double factor) implements BackoffStrategy {

	/**
	 * Validates the options; see
	 * {@link BackoffStrategy#exponential(Duration, Duration, double)}.
	 */
	public ExponentialBackoff {
		long initial = Durations.atLeast("backoff.initialDelay", initialDelay, 1);
		Durations.maxAboveInitial(initial, maxDelay, Durations.millis("backoff.maxDelay", maxDelay));
		if (!(factor > 1) || Double.isInfinite(factor)) {
			throw new InvalidOptionException("backoff.factor", factor, "a finite number greater than 1");
		}
	}

	@Override
	public long baseDelayMillis(int retry) {
		// Computed in double so that a long run of retries saturates at the cap instead
		// of overflowing.
		double delay = initialDelayMillis() * Math.pow(this.factor, retry);
		return (long) Math.min(delay, maxDelayMillis());
	}

	@Override
	public long initialDelayMillis() {
		return this.initialDelay.toMillis();
	}

	@Override
	public long maxDelayMillis() {
		return this.maxDelay.toMillis();
	}

	@Override
	public String name() {
		return "exponential";
	}

}
