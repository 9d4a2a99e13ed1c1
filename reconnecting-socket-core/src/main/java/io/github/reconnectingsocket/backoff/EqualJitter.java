package io.github.reconnectingsocket.backoff;

import java.util.function.DoubleSupplier;

/**
 * {@code delay/2 + U[0, delay/2]}: half the delay is always waited, the other half
 * spread.
 */
record EqualJitter() implements Jitter {

	@Override
	public long apply(long baseDelayMillis, long previousDelayMillis, BackoffStrategy strategy, DoubleSupplier random) {
		double half = baseDelayMillis / 2.0;
		long delay = Math.round(half + half * random.getAsDouble());
		// A delay above 2^53 is not exact as a double and may round past either end:
		// clamp in long.
		return Math.min(baseDelayMillis, Math.max(baseDelayMillis / 2, delay));
	}

}
