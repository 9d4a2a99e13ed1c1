package io.github.reconnectingsocket.backoff;

import java.util.function.DoubleSupplier;

/**
 * {@code delay/2 + U[0, delay/2]}: half the delay is always waited, the other half
 * spread.
 */
public record EqualJitter() implements Jitter {

	@Override
	public long apply(long baseDelayMillis, long previousDelayMillis, BackoffStrategy strategy, DoubleSupplier random) {
		double half = baseDelayMillis / 2.0;
		return Math.round(half + half * random.getAsDouble());
	}

	@Override
	public String name() {
		return "equal";
	}

}
