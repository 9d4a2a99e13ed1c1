package io.github.reconnectingsocket.backoff;

import java.util.function.DoubleSupplier;

/**
 * {@code U[0, delay]}: the widest spread of a crowd, at the price of some immediate
 * retries.
 */
record FullJitter() implements Jitter {

	@Override
	public long apply(long baseDelayMillis, long previousDelayMillis, BackoffStrategy strategy, DoubleSupplier random) {
		// A delay above 2^53 is not exact as a double and may round up past it: clamp in
		// long.
		return Math.min(baseDelayMillis, Math.round(baseDelayMillis * random.getAsDouble()));
	}

}
