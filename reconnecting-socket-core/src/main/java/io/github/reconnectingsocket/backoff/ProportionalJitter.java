package io.github.reconnectingsocket.backoff;

import io.github.reconnectingsocket.core.InvalidOptionException;

import java.util.function.DoubleSupplier;

/**
 * The seed's randomisation: {@code delay × (1 + U[0, randomisationFactor))}, rounded to
 * ms.
 *
 * @param randomisationFactor in [0, 1]
 */
public record ProportionalJitter(double randomisationFactor) implements Jitter {

	/** Validates the factor. */
	public ProportionalJitter {
		if (!(randomisationFactor >= 0 && randomisationFactor <= 1)) {
			throw new InvalidOptionException("backoff.randomisationFactor", randomisationFactor,
					"a number from 0 to 1 inclusive");
		}
	}

	@Override
	public long apply(long baseDelayMillis, long previousDelayMillis, BackoffStrategy strategy, DoubleSupplier random) {
		if (this.randomisationFactor == 0) {
			return baseDelayMillis;
		}
		return Math.round(baseDelayMillis * (1 + random.getAsDouble() * this.randomisationFactor));
	}

	@Override
	public String name() {
		return (this.randomisationFactor == 0) ? "none" : "proportional";
	}

}
