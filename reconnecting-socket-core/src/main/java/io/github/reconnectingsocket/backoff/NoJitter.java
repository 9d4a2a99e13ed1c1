package io.github.reconnectingsocket.backoff;

import java.util.function.DoubleSupplier;

/** The strategy's delay as it is; draws no random number. */
record NoJitter() implements Jitter {

	@Override
	public long apply(long baseDelayMillis, long previousDelayMillis, BackoffStrategy strategy, DoubleSupplier random) {
		return baseDelayMillis;
	}

}
