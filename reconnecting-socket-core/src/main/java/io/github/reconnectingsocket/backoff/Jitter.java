package io.github.reconnectingsocket.backoff;

import io.github.reconnectingsocket.core.InvalidOptionException;

import java.util.function.DoubleSupplier;

/**
 * Turns the strategy's delay into the delay actually waited, so that a crowd of clients
 * that lost the same server does not come back in step.
 *
 * <p>
 * {@code random} returns numbers in [0, 1); it is injected so that tests are exact.
 */
public interface Jitter {

	/**
	 * @param baseDelayMillis the strategy's delay for this retry
	 * @param previousDelayMillis the delay waited before, or 0 after a reset
	 * @param strategy the strategy, for its initial and maximum delay
	 * @param random uniform numbers in [0, 1)
	 * @return the delay to wait, in milliseconds, 0 or more
	 */
	long apply(long baseDelayMillis, long previousDelayMillis, BackoffStrategy strategy, DoubleSupplier random);

	/**
	 * @return the jitter's configuration name
	 */
	String name();

	/**
	 * The seed's randomisation: {@code delay × (1 + U[0, randomisationFactor))}, rounded
	 * to ms.
	 * @param randomisationFactor in [0, 1]; 0 means no randomisation
	 * @return the jitter
	 */
	static Jitter proportional(double randomisationFactor) {
		return new ProportionalJitter(randomisationFactor);
	}

	/**
	 * @return no jitter: the strategy's delay as it is
	 */
	static Jitter none() {
		return new ProportionalJitter(0);
	}

	/**
	 * @return {@code U[0, delay]}: the widest spread
	 */
	static Jitter full() {
		return new FullJitter();
	}

	/**
	 * @return {@code delay/2 + U[0, delay/2]}: half the delay guaranteed, half spread
	 */
	static Jitter equal() {
		return new EqualJitter();
	}

	/**
	 * {@code min(maxDelay, U[initialDelay, 3 × previous])}, from the well-known
	 * "exponential backoff and jitter" analysis; it grows from the previous delay and
	 * ignores the strategy's sequence.
	 * @return the jitter
	 */
	static Jitter decorrelated() {
		return new DecorrelatedJitter();
	}

	/**
	 * The jitter of a configuration name.
	 * @param name {@code proportional}, {@code none}, {@code full}, {@code equal} or
	 * {@code decorrelated}
	 * @param randomisationFactor used by {@code proportional} only
	 * @return the jitter
	 * @throws InvalidOptionException for an unknown name
	 */
	static Jitter of(String name, double randomisationFactor) {
		String key = (name != null) ? name.trim().toLowerCase(java.util.Locale.ROOT) : "";
		return switch (key) {
			case "proportional" -> proportional(randomisationFactor);
			case "none" -> none();
			case "full" -> full();
			case "equal" -> equal();
			case "decorrelated" -> decorrelated();
			default -> throw new InvalidOptionException("backoff.jitter", name,
					"one of proportional, none, full, equal, decorrelated");
		};
	}

}
