package io.github.reconnectingsocket.backoff;

import java.util.function.DoubleSupplier;

/**
 * {@code min(maxDelay, U[initialDelay, 3 × previous])}, from the well-known "exponential
 * backoff and jitter" analysis. It grows from the previous delay, so it ignores the
 * strategy's own sequence and uses only its initial and maximum delay.
 */
record DecorrelatedJitter() implements Jitter {

	@Override
	public long apply(long baseDelayMillis, long previousDelayMillis, BackoffStrategy strategy, DoubleSupplier random) {
		long low = strategy.initialDelayMillis();
		long high = Math.max(low, tripled(Math.max(previousDelayMillis, low)));
		long delay = Math.round(low + (high - low) * random.getAsDouble());
		// A delay above 2^53 is not exact as a double and may round past either end:
		// clamp in long.
		return Math.min(strategy.maxDelayMillis(), Math.min(high, Math.max(low, delay)));
	}

	private static long tripled(long millis) {
		return (millis > Long.MAX_VALUE / 3) ? Long.MAX_VALUE : millis * 3;
	}

}
