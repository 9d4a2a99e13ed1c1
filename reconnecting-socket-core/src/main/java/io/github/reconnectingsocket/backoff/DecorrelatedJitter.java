package io.github.reconnectingsocket.backoff;

import java.util.function.DoubleSupplier;

/**
 * {@code min(maxDelay, U[initialDelay, 3 × previous])}, from the well-known "exponential
 * backoff and jitter" analysis. It grows from the previous delay, so it ignores the
 * strategy's own sequence and uses only its initial and maximum delay.
 */
public record DecorrelatedJitter() implements Jitter {

	@Override
	public long apply(long baseDelayMillis, long previousDelayMillis, BackoffStrategy strategy, DoubleSupplier random) {
		long low = strategy.initialDelayMillis();
		long high = Math.max(low, Math.max(previousDelayMillis, low) * 3);
		long delay = Math.round(low + (high - low) * random.getAsDouble());
		return Math.min(strategy.maxDelayMillis(), delay);
	}

	@Override
	public String name() {
		return "decorrelated";
	}

}
