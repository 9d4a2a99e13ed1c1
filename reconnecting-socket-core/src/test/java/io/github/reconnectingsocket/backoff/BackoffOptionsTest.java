package io.github.reconnectingsocket.backoff;

import java.time.Duration;
import java.util.function.UnaryOperator;

import io.github.reconnectingsocket.core.InvalidOptionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The policy's options: defaults, accessors, validation messages, copies and equality.
 */
class BackoffOptionsTest {

	private static final Duration TOO_LONG = Duration.ofSeconds(Long.MAX_VALUE);

	@Test
	void defaultsAreTheSeeds() {
		Backoff defaults = Backoff.DEFAULTS;
		assertThat(defaults.strategyName()).isEqualTo("fibonacci");
		assertThat(defaults.initialDelay()).isEqualTo(Duration.ofSeconds(1));
		assertThat(defaults.maxDelay()).isEqualTo(Duration.ofSeconds(20));
		assertThat(defaults.factor()).isEqualTo(2);
		assertThat(defaults.randomisationFactor()).isEqualTo(0.2);
		assertThat(defaults.jitterName()).isEqualTo("proportional");
		assertThat(defaults.failAfter()).isNull();
		assertThat(defaults.resetAfter()).isNull();
		assertThat(defaults.reviveAfter()).isNull();
		assertThat(Backoff.builder().build()).isEqualTo(defaults);
	}

	@Test
	void accessorsReturnTheConfiguredValuesWithNamesNormalised() {
		Backoff backoff = Backoff.builder()
			.strategy(" Exponential ")
			.initialDelay(Duration.ofMillis(500))
			.maxDelay(Duration.ofSeconds(30))
			.factor(3)
			.randomisationFactor(0.25)
			.jitter("EQUAL")
			.failAfter(7)
			.resetAfter(Duration.ofMinutes(1))
			.reviveAfter(Duration.ofMinutes(5))
			.build();
		assertThat(backoff.strategyName()).isEqualTo("exponential");
		assertThat(backoff.initialDelay()).isEqualTo(Duration.ofMillis(500));
		assertThat(backoff.maxDelay()).isEqualTo(Duration.ofSeconds(30));
		assertThat(backoff.factor()).isEqualTo(3);
		assertThat(backoff.randomisationFactor()).isEqualTo(0.25);
		assertThat(backoff.jitterName()).isEqualTo("equal");
		assertThat(backoff.failAfter()).isEqualTo(7);
		assertThat(backoff.resetAfter()).isEqualTo(Duration.ofMinutes(1));
		assertThat(backoff.reviveAfter()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void fixedReportsItsDelayAsTheMaximumAndIgnoresTheConfiguredOne() {
		Backoff fixed = Backoff.builder().strategy("fixed").initialDelay(Duration.ofSeconds(30)).build();
		assertThat(fixed.maxDelay()).isEqualTo(Duration.ofSeconds(30));
		assertThat(fixed).isEqualTo(fixed.toBuilder().maxDelay(Duration.ofMillis(1)).build());
	}

	@Test
	void toBuilderRebuildsAnEqualPolicy() {
		assertThat(Backoff.DEFAULTS.toBuilder().build()).isEqualTo(Backoff.DEFAULTS);
		Backoff everything = Backoff.builder()
			.strategy("exponential")
			.initialDelay(Duration.ofMillis(200))
			.maxDelay(Duration.ofSeconds(10))
			.factor(1.5)
			.randomisationFactor(0.7)
			.jitter("decorrelated")
			.failAfter(3)
			.resetAfter(Duration.ofSeconds(30))
			.reviveAfter(Duration.ofMinutes(2))
			.build();
		assertThat(everything.toBuilder().build()).isEqualTo(everything).hasSameHashCodeAs(everything);
		Backoff fixed = Backoff.builder().strategy("fixed").initialDelay(Duration.ZERO).jitter("none").build();
		assertThat(fixed.toBuilder().build()).isEqualTo(fixed);
	}

	@Test
	void toBuilderOfAFixedPolicyCanSwitchStrategy() {
		Backoff fixed = Backoff.builder().strategy("fixed").initialDelay(Duration.ofMillis(300)).build();
		Backoff fibonacci = fixed.toBuilder().strategy("fibonacci").build();
		assertThat(fibonacci.initialDelay()).isEqualTo(Duration.ofMillis(300));
		assertThat(fibonacci.maxDelay()).isEqualTo(Backoff.DEFAULTS.maxDelay());
	}

	@Test
	void equalityCoversEveryOption() {
		Backoff base = Backoff.DEFAULTS;
		assertThat(base).isNotEqualTo(base.toBuilder().strategy("exponential").build())
			.isNotEqualTo(base.toBuilder().initialDelay(Duration.ofMillis(999)).build())
			.isNotEqualTo(base.toBuilder().maxDelay(Duration.ofSeconds(21)).build())
			.isNotEqualTo(base.toBuilder().factor(3).build())
			.isNotEqualTo(base.toBuilder().randomisationFactor(0.3).build())
			.isNotEqualTo(base.toBuilder().jitter("full").build())
			.isNotEqualTo(base.toBuilder().failAfter(1).build())
			.isNotEqualTo(base.toBuilder().resetAfter(Duration.ofSeconds(1)).build())
			.isNotEqualTo(base.toBuilder().reviveAfter(Duration.ofSeconds(1)).build());
	}

	@Test
	void toStringNamesEveryOption() {
		assertThat(Backoff.DEFAULTS.toBuilder().reviveAfter(Duration.ofMinutes(1)).build())
			.hasToString("Backoff[strategy=fibonacci, initialDelay=PT1S, maxDelay=PT20S, factor=2.0, "
					+ "randomisationFactor=0.2, jitter=proportional, failAfter=null, resetAfter=null, "
					+ "reviveAfter=PT1M]");
	}

	@Test
	void strategyMustBeKnown() {
		assertInvalid((b) -> b.strategy("fibonaci"), "backoff.strategy", "fibonaci",
				"one of fibonacci, exponential, fixed");
		assertInvalid((b) -> b.strategy(null), "backoff.strategy", null, "one of fibonacci, exponential, fixed");
	}

	@Test
	void initialDelayIsAtLeastOneMillisecondOrZeroForFixed() {
		assertInvalid((b) -> b.initialDelay(Duration.ZERO), "backoff.initialDelay", "0 ms", ">= 1 ms");
		assertInvalid((b) -> b.strategy("exponential").initialDelay(Duration.ofNanos(999_999)), "backoff.initialDelay",
				"0 ms", ">= 1 ms");
		assertInvalid((b) -> b.strategy("fixed").initialDelay(Duration.ofMillis(-5)), "backoff.initialDelay", "-5 ms",
				">= 0 ms");
		assertInvalid((b) -> b.initialDelay(null), "backoff.initialDelay", null, "a duration");
	}

	@Test
	void maxDelayIsGreaterThanTheInitialDelayExceptForFixed() {
		assertInvalid((b) -> b.initialDelay(Duration.ofSeconds(2)).maxDelay(Duration.ofSeconds(2)), "backoff.maxDelay",
				"2000 ms", "greater than backoff.initialDelay (2000 ms)");
		assertInvalid((b) -> b.maxDelay(null), "backoff.maxDelay", null, "a duration");
		assertThat(Backoff.builder().strategy("fixed").maxDelay(null).build().maxDelay())
			.isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void delaysMustFitInALongOfMilliseconds() {
		String allowed = "a duration that fits in a long of milliseconds";
		assertInvalid((b) -> b.initialDelay(TOO_LONG), "backoff.initialDelay", TOO_LONG, allowed);
		assertInvalid((b) -> b.maxDelay(TOO_LONG), "backoff.maxDelay", TOO_LONG, allowed);
		assertInvalid((b) -> b.resetAfter(TOO_LONG), "backoff.resetAfter", TOO_LONG, allowed);
		assertInvalid((b) -> b.reviveAfter(TOO_LONG), "backoff.reviveAfter", TOO_LONG, allowed);
	}

	@Test
	void factorIsFiniteAndAboveOneWhateverTheStrategy() {
		String allowed = "a finite number greater than 1";
		assertInvalid((b) -> b.strategy("exponential").factor(1), "backoff.factor", 1.0, allowed);
		assertInvalid((b) -> b.factor(0.5), "backoff.factor", 0.5, allowed);
		assertInvalid((b) -> b.strategy("fixed").factor(Double.NaN), "backoff.factor", Double.NaN, allowed);
		assertInvalid((b) -> b.factor(Double.POSITIVE_INFINITY), "backoff.factor", Double.POSITIVE_INFINITY, allowed);
	}

	@Test
	void randomisationFactorIsFromZeroToOneWhateverTheJitter() {
		String allowed = "a number from 0 to 1 inclusive";
		assertInvalid((b) -> b.randomisationFactor(1.5), "backoff.randomisationFactor", 1.5, allowed);
		assertInvalid((b) -> b.jitter("full").randomisationFactor(-0.1), "backoff.randomisationFactor", -0.1, allowed);
		assertInvalid((b) -> b.randomisationFactor(Double.NaN), "backoff.randomisationFactor", Double.NaN, allowed);
	}

	@Test
	void jitterMustBeKnown() {
		String allowed = "one of proportional, none, full, equal, decorrelated";
		assertInvalid((b) -> b.jitter("random"), "backoff.jitter", "random", allowed);
		assertInvalid((b) -> b.jitter(null), "backoff.jitter", null, allowed);
	}

	@Test
	void failAfterIsOneOrMoreOrNull() {
		assertInvalid((b) -> b.failAfter(0), "backoff.failAfter", 0, "1 or more, or null to never give up");
		assertInvalid((b) -> b.failAfter(-2), "backoff.failAfter", -2, "1 or more, or null to never give up");
	}

	@Test
	void resetAfterIsPositiveOrNull() {
		String allowed = "a positive duration, or null to reset as soon as a connection opens";
		assertInvalid((b) -> b.resetAfter(Duration.ZERO), "backoff.resetAfter", "0 ms", allowed);
		assertInvalid((b) -> b.resetAfter(Duration.ofSeconds(-1)), "backoff.resetAfter", "-1000 ms", allowed);
	}

	@Test
	void reviveAfterIsPositiveOrNull() {
		String allowed = "a positive duration, or null to stay FAILED until the next start";
		assertInvalid((b) -> b.reviveAfter(Duration.ZERO), "backoff.reviveAfter", "0 ms", allowed);
		assertInvalid((b) -> b.reviveAfter(Duration.ofSeconds(-1)), "backoff.reviveAfter", "-1000 ms", allowed);
		assertThat(Backoff.builder().reviveAfter(Duration.ofMillis(1)).build().reviveAfter())
			.isEqualTo(Duration.ofMillis(1));
	}

	@Test
	void theMessageNamesTheOptionTheValueAndWhatIsAllowed() {
		assertThatExceptionOfType(InvalidOptionException.class)
			.isThrownBy(() -> Backoff.builder().reviveAfter(Duration.ZERO).build())
			.withMessage("Invalid value for option 'backoff.reviveAfter': 0 ms "
					+ "(allowed: a positive duration, or null to stay FAILED until the next start)");
	}

	private static void assertInvalid(UnaryOperator<Backoff.Builder> options, String option, Object value,
			String allowed) {
		assertThatExceptionOfType(InvalidOptionException.class)
			.isThrownBy(() -> options.apply(Backoff.builder()).build())
			.satisfies((ex) -> {
				assertThat(ex.option()).isEqualTo(option);
				assertThat(ex.value()).isEqualTo(value);
				assertThat(ex.allowed()).isEqualTo(allowed);
			});
	}

}
