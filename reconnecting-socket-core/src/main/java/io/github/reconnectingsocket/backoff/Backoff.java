package io.github.reconnectingsocket.backoff;

import io.github.reconnectingsocket.core.InvalidOptionException;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * The complete, immutable and validated backoff policy of a reconnecting socket: the
 * delay sequence, its jitter, when to give up, when a connection counts as healthy again
 * and when to try again after giving up. Built from the npm original's flat options by
 * {@link #builder()}; each socket walks its own delays with a
 * {@link #newSequence(DoubleSupplier) sequence}.
 *
 * <p>
 * The accessors are the one source of each default:
 * {@link #DEFAULTS}{@code .initialDelay()} and so on.
 */
public final class Backoff {

	/**
	 * The seed's defaults: fibonacci from 1 s to 20 s, factor 2, proportional jitter with
	 * randomisation factor 0.2, never give up, reset as soon as a connection opens, never
	 * revive.
	 */
	public static final Backoff DEFAULTS = builder().build();

	private static final String STRATEGIES = "one of fibonacci, exponential, fixed";

	private final String strategyName;

	private final BackoffStrategy strategy;

	private final double factor;

	private final double randomisationFactor;

	private final String jitterName;

	private final Jitter jitter;

	private final Integer failAfter;

	private final Duration resetAfter;

	private final Duration reviveAfter;

	/** Validates in the order of the options, so that the first bad one is named. */
	private Backoff(Builder builder) {
		this.strategyName = Options.normalise(builder.strategy);
		this.strategy = strategy(this.strategyName, builder);
		this.factor = validFactor(builder.factor);
		this.randomisationFactor = validRandomisationFactor(builder.randomisationFactor);
		this.jitterName = Options.normalise(builder.jitter);
		this.jitter = Jitter.of(builder.jitter, this.randomisationFactor);
		this.failAfter = validFailAfter(builder.failAfter);
		this.resetAfter = Options.positiveOrNull("backoff.resetAfter", builder.resetAfter,
				"a positive duration, or null to reset as soon as a connection opens");
		this.reviveAfter = Options.positiveOrNull("backoff.reviveAfter", builder.reviveAfter,
				"a positive duration, or null to stay FAILED until the next start");
	}

	private static BackoffStrategy strategy(String name, Builder builder) {
		return switch (name) {
			case "fibonacci" -> {
				long initial = Options.atLeast("backoff.initialDelay", builder.initialDelay, 1);
				yield new FibonacciBackoff(initial, Options.maxAboveInitial(builder.maxDelay, initial));
			}
			case "exponential" -> {
				long initial = Options.atLeast("backoff.initialDelay", builder.initialDelay, 1);
				// The factor is validated right after, with every strategy's.
				yield new ExponentialBackoff(initial, Options.maxAboveInitial(builder.maxDelay, initial),
						builder.factor);
			}
			case "fixed" -> new FixedBackoff(Options.atLeast("backoff.initialDelay", builder.initialDelay, 0));
			default -> throw new InvalidOptionException("backoff.strategy", builder.strategy, STRATEGIES);
		};
	}

	/**
	 * Checked whatever the strategy, so that a bad factor never hides until someone
	 * switches to it.
	 */
	private static double validFactor(double factor) {
		if (!(factor > 1) || Double.isInfinite(factor)) {
			throw new InvalidOptionException("backoff.factor", factor, "a finite number greater than 1");
		}
		return factor;
	}

	/** Checked whatever the jitter, for the same reason as the factor. */
	private static double validRandomisationFactor(double randomisationFactor) {
		if (!(randomisationFactor >= 0 && randomisationFactor <= 1)) {
			throw new InvalidOptionException("backoff.randomisationFactor", randomisationFactor,
					"a number from 0 to 1 inclusive");
		}
		return randomisationFactor;
	}

	private static Integer validFailAfter(Integer failAfter) {
		if (failAfter != null && failAfter < 1) {
			throw new InvalidOptionException("backoff.failAfter", failAfter, "1 or more, or null to never give up");
		}
		return failAfter;
	}

	/**
	 * A new sequence of this policy's delays, starting from the first one.
	 * @param random uniform numbers in [0, 1) for the jitter; injected so that tests are
	 * exact
	 * @return a sequence for one socket's state machine
	 */
	public BackoffSequence newSequence(DoubleSupplier random) {
		return new JitteredBackoffSequence(this, Objects.requireNonNull(random, "random"));
	}

	long jitteredDelayMillis(int retry, long previousDelayMillis, DoubleSupplier random) {
		long base = this.strategy.baseDelayMillis(retry);
		return Math.max(0, this.jitter.apply(base, previousDelayMillis, this.strategy, random));
	}

	/**
	 * @return {@code fibonacci}, {@code exponential} or {@code fixed}
	 */
	public String strategyName() {
		return this.strategyName;
	}

	/**
	 * @return the first delay before jitter, in whole milliseconds; for {@code fixed},
	 * every delay
	 */
	public Duration initialDelay() {
		return Duration.ofMillis(this.strategy.initialDelayMillis());
	}

	/**
	 * @return the largest delay before jitter, in whole milliseconds; for {@code fixed},
	 * which ignores the configured maximum, the fixed delay itself
	 */
	public Duration maxDelay() {
		return Duration.ofMillis(this.strategy.maxDelayMillis());
	}

	/**
	 * @return the multiplier configured for {@code exponential}, kept whatever the
	 * strategy
	 */
	public double factor() {
		return this.factor;
	}

	/**
	 * @return the randomisation factor configured for {@code proportional}, kept whatever
	 * the jitter
	 */
	public double randomisationFactor() {
		return this.randomisationFactor;
	}

	/**
	 * @return {@code proportional}, {@code none}, {@code full}, {@code equal} or
	 * {@code decorrelated}
	 */
	public String jitterName() {
		return this.jitterName;
	}

	/**
	 * @return consecutive failed attempts before giving up (FAILED), or {@code null} for
	 * never
	 */
	public Integer failAfter() {
		return this.failAfter;
	}

	/**
	 * @return how long a connection must stay open before the backoff and the failure
	 * count reset, or {@code null} to reset as soon as it opens, as the seed does
	 */
	public Duration resetAfter() {
		return this.resetAfter;
	}

	/**
	 * @return how long after giving up (FAILED) the socket starts again, as a circuit
	 * breaker's half-open; {@code null} to stay FAILED until the next {@code start()}
	 */
	public Duration reviveAfter() {
		return this.reviveAfter;
	}

	/**
	 * @return a builder that starts from this policy's options
	 */
	public Builder toBuilder() {
		Builder builder = new Builder().strategy(this.strategyName)
			.initialDelay(initialDelay())
			.factor(this.factor)
			.randomisationFactor(this.randomisationFactor)
			.jitter(this.jitterName)
			.failAfter(this.failAfter)
			.resetAfter(this.resetAfter)
			.reviveAfter(this.reviveAfter);
		// A fixed policy keeps no maximum: the builder's default lets a switch of
		// strategy build.
		return (this.strategy instanceof FixedBackoff) ? builder : builder.maxDelay(maxDelay());
	}

	/**
	 * @return a builder that starts from the seed's defaults
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public boolean equals(Object other) {
		return (this == other) || (other instanceof Backoff that && this.strategy.equals(that.strategy)
				&& this.strategyName.equals(that.strategyName) && Double.compare(this.factor, that.factor) == 0
				&& Double.compare(this.randomisationFactor, that.randomisationFactor) == 0
				&& this.jitterName.equals(that.jitterName) && Objects.equals(this.failAfter, that.failAfter)
				&& Objects.equals(this.resetAfter, that.resetAfter)
				&& Objects.equals(this.reviveAfter, that.reviveAfter));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.strategyName, this.strategy, this.factor, this.randomisationFactor, this.jitterName,
				this.failAfter, this.resetAfter, this.reviveAfter);
	}

	@Override
	public String toString() {
		return "Backoff[strategy=" + this.strategyName + ", initialDelay=" + initialDelay() + ", maxDelay=" + maxDelay()
				+ ", factor=" + this.factor + ", randomisationFactor=" + this.randomisationFactor + ", jitter="
				+ this.jitterName + ", failAfter=" + this.failAfter + ", resetAfter=" + this.resetAfter
				+ ", reviveAfter=" + this.reviveAfter + "]";
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

		private Duration reviveAfter;

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
		 * @param initialDelay the first delay (default 1 s), at least 1 ms; for
		 * {@code fixed}, the delay, 0 or more
		 * @return this builder
		 */
		public Builder initialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
			return this;
		}

		/**
		 * @param maxDelay the cap of the sequence (default 20 s), greater than the
		 * initial delay; ignored by {@code fixed}
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
		 * @param factor for {@code exponential}, finite and greater than 1 (default 2)
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
		 * @param resetAfter how long a connection must stay open before failures reset,
		 * positive; {@code null} (default) resets on open
		 * @return this builder
		 */
		public Builder resetAfter(Duration resetAfter) {
			this.resetAfter = resetAfter;
			return this;
		}

		/**
		 * @param reviveAfter how long after giving up (FAILED) to start again, positive;
		 * {@code null} (default) stays FAILED until the next {@code start()}
		 * @return this builder
		 */
		public Builder reviveAfter(Duration reviveAfter) {
			this.reviveAfter = reviveAfter;
			return this;
		}

		/**
		 * @return the validated policy
		 * @throws InvalidOptionException naming the first option with a bad value
		 */
		public Backoff build() {
			return new Backoff(this);
		}

	}

}
