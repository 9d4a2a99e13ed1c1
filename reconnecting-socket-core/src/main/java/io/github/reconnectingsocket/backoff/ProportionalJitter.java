package io.github.reconnectingsocket.backoff;

import java.util.function.DoubleSupplier;

/**
 * The seed's randomisation: {@code delay × (1 + U[0, randomisationFactor))}, rounded to
 * ms; it may exceed the strategy's maximum, as in the seed, and saturates at
 * {@link Long#MAX_VALUE}.
 *
 * @param randomisationFactor in [0, 1]
 */
record ProportionalJitter(double randomisationFactor) implements Jitter {

	@Override
	public long apply(long baseDelayMillis, long previousDelayMillis, BackoffStrategy strategy, DoubleSupplier random) {
		if (this.randomisationFactor == 0) {
			return baseDelayMillis;
		}
		// Math.round saturates at Long.MAX_VALUE; a delay above 2^53 may round down as a
		// double.
		long delay = Math.round(baseDelayMillis * (1 + random.getAsDouble() * this.randomisationFactor));
		return Math.max(baseDelayMillis, delay);
	}

}
