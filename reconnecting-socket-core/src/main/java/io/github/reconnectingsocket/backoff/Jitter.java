package io.github.reconnectingsocket.backoff;

import io.github.reconnectingsocket.core.InvalidOptionException;

import java.util.function.DoubleSupplier;

/**
 * Turns the strategy's delay into the delay actually waited, so that a crowd of clients
 * that lost the same server does not come back in step.
 *
 * <p>
 * Each jitter computes in double, as the seed does, and then clamps to its own range in
 * long, so that a delay near {@link Long#MAX_VALUE} saturates instead of overflowing or
 * rounding out of range.
 */
interface Jitter {

	/** The configuration names, in the order the documentation lists them. */
	String NAMES = "one of proportional, none, full, equal, decorrelated";

	/**
	 * @param baseDelayMillis the strategy's delay for this retry, 0 or more
	 * @param previousDelayMillis the delay handed out before, or 0 after a reset
	 * @param strategy the strategy, for its initial and maximum delay
	 * @param random uniform numbers in [0, 1)
	 * @return the delay to wait, in milliseconds, 0 or more
	 */
	long apply(long baseDelayMillis, long previousDelayMillis, BackoffStrategy strategy, DoubleSupplier random);

	/**
	 * @param name a configuration name, in any case and with surrounding blanks
	 * @param randomisationFactor used by {@code proportional} only, already validated
	 * @return the jitter
	 * @throws InvalidOptionException for an unknown name
	 */
	static Jitter of(String name, double randomisationFactor) {
		return switch (Options.normalise(name)) {
			case "proportional" -> new ProportionalJitter(randomisationFactor);
			case "none" -> new NoJitter();
			case "full" -> new FullJitter();
			case "equal" -> new EqualJitter();
			case "decorrelated" -> new DecorrelatedJitter();
			default -> throw new InvalidOptionException("backoff.jitter", name, NAMES);
		};
	}

}
