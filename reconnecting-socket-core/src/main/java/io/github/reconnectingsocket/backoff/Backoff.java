package io.github.reconnectingsocket.backoff;

import io.github.reconnectingsocket.core.InvalidOptionException;

import java.time.Duration;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * The complete, immutable backoff policy of one reconnecting socket: the delay sequence,
 * its jitter, when to give up and when a connection counts as healthy again.
 *
 * @param strategy the delay sequence before jitter
 * @param jitter how each delay is randomised
 * @param failAfter consecutive failed attempts before giving up (FAILED); {@code null} =
 * never
 * @param resetAfter how long a connection must stay open before the backoff and the
 * failure count reset; {@code null} = reset as soon as it opens, as the seed does
 */
public record Backoff(BackoffStrategy strategy, Jitter jitter, Integer failAfter, Duration resetAfter) {

	/**
	 * The seed's defaults: fibonacci from 1 s to 20 s, randomisation 0.2, never give up.
	 */
	public static final Backoff DEFAULTS = builder().build();

	/** Validates the policy. */
	public Backoff {
		if (strategy == null) {
			throw new InvalidOptionException("backoff.strategy", null, "fibonacci, exponential or fixed");
		}
		if (jitter == null) {
			throw new InvalidOptionException("backoff.jitter", null,
					"one of proportional, none, full, equal, decorrelated");
		}
		if (failAfter != null && failAfter < 1) {
			throw new InvalidOptionException("backoff.failAfter", failAfter, "1 or more, or null to never give up");
		}
		if (resetAfter != null && (resetAfter.isNegative() || resetAfter.isZero())) {
			throw new InvalidOptionException("backoff.resetAfter", Durations.format(resetAfter),
					"a positive duration, or null to reset as soon as a connection opens");
		}
	}

	/**
	 * The delay before the next attempt.
	 * @param retry delays already waited since the last reset, from 0
	 * @param previousDelayMillis the delay waited before, 0 after a reset
	 * @param random uniform numbers in [0, 1)
	 * @return the delay in milliseconds
	 */
	public long delayMillis(int retry, long previousDelayMillis, DoubleSupplier random) {
		return Math.max(0,
				this.jitter.apply(this.strategy.baseDelayMillis(retry), previousDelayMillis, this.strategy, random));
	}

	/**
	 * @return a builder that starts from the seed's defaults
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * @return a builder that starts from this policy's options
	 */
	public Builder toBuilder() {
		Builder builder = new Builder().strategy(this.strategy.name())
			.initialDelay(Duration.ofMillis(this.strategy.initialDelayMillis()))
			.jitter(this.jitter.name())
			.failAfter(this.failAfter)
			.resetAfter(this.resetAfter);
		if (!(this.strategy instanceof FixedBackoff)) {
			builder.maxDelay(Duration.ofMillis(this.strategy.maxDelayMillis()));
		}
		if (this.strategy instanceof ExponentialBackoff exponential) {
			builder.factor(exponential.factor());
		}
		if (this.jitter instanceof ProportionalJitter proportional) {
			builder.randomisationFactor(proportional.randomisationFactor());
		}
		return builder;
	}

	/**
	 * Builds a {@link Backoff} from the seed's flat options. Every option has the seed's
	 * default; {@link #build()} validates them all and names the first bad one.
	 */
	public static final class Builder {

		private String strategy = "fibonacci";

		private Duration initialDelay = Duration.ofSeconds(1);

		private Duration maxDelay = Duration.ofSeconds(20);

		private double randomisationFactor = 0.2;

		private double factor = 2;

		private Integer failAfter;

		private String jitter = "proportional";

		private Duration resetAfter;

		private Builder() {
		}

		/**
		 * @param strategy {@code fibonacci} (default), {@code exponential} or
		 * {@code fixed}
		 * @return this builder
		 */
		public Builder strategy(String strategy) {
			this.strategy = strategy;
			return this;
		}

		/**
		 * @param initialDelay the first delay (default 1 s); for {@code fixed}, the delay
		 * @return this builder
		 */
		public Builder initialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
			return this;
		}

		/**
		 * @param maxDelay the cap of the sequence (default 20 s); ignored by
		 * {@code fixed}
		 * @return this builder
		 */
		public Builder maxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
			return this;
		}

		/**
		 * @param randomisationFactor for the {@code proportional} jitter, in [0, 1]
		 * (default 0.2)
		 * @return this builder
		 */
		public Builder randomisationFactor(double randomisationFactor) {
			this.randomisationFactor = randomisationFactor;
			return this;
		}

		/**
		 * @param factor for {@code exponential}, greater than 1 (default 2)
		 * @return this builder
		 */
		public Builder factor(double factor) {
			this.factor = factor;
			return this;
		}

		/**
		 * @param failAfter consecutive failed attempts before FAILED, 1 or more;
		 * {@code null} (default) never gives up
		 * @return this builder
		 */
		public Builder failAfter(Integer failAfter) {
			this.failAfter = failAfter;
			return this;
		}

		/**
		 * @param jitter {@code proportional} (default, the seed's), {@code none},
		 * {@code full}, {@code equal} or {@code decorrelated}
		 * @return this builder
		 */
		public Builder jitter(String jitter) {
			this.jitter = jitter;
			return this;
		}

		/**
		 * @param resetAfter how long a connection must stay open before failures reset;
		 * {@code null} (default) resets on open
		 * @return this builder
		 */
		public Builder resetAfter(Duration resetAfter) {
			this.resetAfter = resetAfter;
			return this;
		}

		/**
		 * @return the validated policy
		 * @throws InvalidOptionException naming the first option with a bad value
		 */
		public Backoff build() {
			String key = (this.strategy != null) ? this.strategy.trim().toLowerCase(Locale.ROOT) : "";
			BackoffStrategy sequence = switch (key) {
				case "fibonacci" -> new FibonacciBackoff(this.initialDelay, this.maxDelay);
				case "exponential" -> new ExponentialBackoff(this.initialDelay, this.maxDelay, this.factor);
				case "fixed" -> new FixedBackoff(this.initialDelay);
				default -> throw new InvalidOptionException("backoff.strategy", this.strategy,
						"one of fibonacci, exponential, fixed");
			};
			// Checked whatever the jitter, so that a bad factor never hides until someone
			// switches to it.
			Jitter.proportional(this.randomisationFactor);
			return new Backoff(sequence, Jitter.of(this.jitter, this.randomisationFactor), this.failAfter,
					this.resetAfter);
		}

	}

}
