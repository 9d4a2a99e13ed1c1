package io.github.reconnectingsocket.backoff;

import java.util.function.DoubleSupplier;

/**
 * {@code U[0, delay]}: the widest spread of a crowd, at the price of some immediate
 * retries.
 */
public record FullJitter() implements Jitter {

	@Override
	public long apply(long baseDelayMillis, long previousDelayMillis, BackoffStrategy strategy, DoubleSupplier random) {
		return Math.round(baseDelayMillis * random.getAsDouble());
	}

	@Override
	public String name() {
		return "full";
	}

}
