package io.github.reconnectingsocket.backoff;

import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Extreme configurations: every strategy is non-decreasing and capped, and every jitter
 * stays in its range, for any retry count up to {@link Integer#MAX_VALUE} and delays up
 * to {@link Long#MAX_VALUE}.
 */
class BackoffOverflowTest {

	private static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);

	private static final List<DoubleSupplier> RANDOMS = List.of(() -> 0, () -> 0.5, () -> Math.nextDown(1.0));

	@Test
	void fibonacciFromOneMillisecondSaturatesAtTheCapInsteadOfOverflowingAtRetry92() {
		Backoff backoff = Backoff.builder().initialDelay(Duration.ofMillis(1)).maxDelay(FOREVER).jitter("none").build();
		assertThat(backoff.jitteredDelayMillis(91, 0, ScriptedRandom.none())).isEqualTo(7_540_113_804_746_346_429L);
		assertThat(backoff.jitteredDelayMillis(92, 0, ScriptedRandom.none())).isEqualTo(Long.MAX_VALUE);
		assertThat(backoff.jitteredDelayMillis(Integer.MAX_VALUE, 0, ScriptedRandom.none())).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void exponentialWithAFactorJustAboveOneStillGrowsAndNeverShrinks() {
		Backoff backoff = Backoff.builder()
			.strategy("exponential")
			.initialDelay(Duration.ofMillis(1_000_000))
			.maxDelay(FOREVER)
			.factor(Math.nextUp(1.0))
			.jitter("none")
			.build();
		long last = backoff.jitteredDelayMillis(Integer.MAX_VALUE, 0, ScriptedRandom.none());
		assertThat(last).isBetween(1_000_000L, 1_000_001L);
	}

	@Test
	void proportionalJitterSaturatesAtLongMaxValue() {
		Backoff backoff = Backoff.builder()
			.strategy("fixed")
			.initialDelay(Duration.ofMillis(Long.MAX_VALUE / 4 * 3))
			.randomisationFactor(1)
			.build();
		// 0.75 × Long.MAX_VALUE × 1.5
		assertThat(backoff.newSequence(() -> 0.5).nextDelayMillis()).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void decorrelatedJitterTriplesWithoutOverflowing() {
		Backoff backoff = Backoff.builder()
			.initialDelay(Duration.ofMillis(1))
			.maxDelay(FOREVER)
			.jitter("decorrelated")
			.build();
		// 3 × previous would overflow to a negative bound, and the delay fall back to the
		// initial one.
		assertThat(backoff.jitteredDelayMillis(5, Long.MAX_VALUE / 2, () -> Math.nextDown(1.0)))
			.isGreaterThan(Long.MAX_VALUE - 2048);
		assertThat(backoff.jitteredDelayMillis(5, Long.MAX_VALUE, () -> 0)).isEqualTo(1);
	}

	@ParameterizedTest
	@MethodSource("extremes")
	void baseDelaysAreNonDecreasingAndWithinInitialAndMaximumForAnyRetry(Backoff.Builder extreme) {
		Backoff backoff = extreme.jitter("none").build();
		long initial = backoff.initialDelay().toMillis();
		long max = backoff.maxDelay().toMillis();
		long previous = initial;
		for (int retry : retries()) {
			long delay = backoff.jitteredDelayMillis(retry, previous, ScriptedRandom.none());
			assertThat(delay).as("retry %d", retry).isBetween(previous, max);
			previous = delay;
		}
		assertThat(previous).isGreaterThanOrEqualTo(initial);
	}

	@ParameterizedTest
	@MethodSource("extremes")
	void everyJitterStaysInItsRangeForAnyRetry(Backoff.Builder extreme) {
		Backoff plain = extreme.jitter("none").build();
		long initial = plain.initialDelay().toMillis();
		long max = plain.maxDelay().toMillis();
		for (int retry : retries()) {
			long base = plain.jitteredDelayMillis(retry, 0, ScriptedRandom.none());
			for (DoubleSupplier random : RANDOMS) {
				assertThat(jittered(extreme, "full", retry, random)).isBetween(0L, base);
				assertThat(jittered(extreme, "equal", retry, random)).isBetween(base / 2, base);
				assertThat(jittered(extreme, "proportional", retry, random)).isGreaterThanOrEqualTo(base);
				for (long previous : new long[] { 0, base, max, Long.MAX_VALUE }) {
					assertThat(extreme.jitter("decorrelated").build().jitteredDelayMillis(retry, previous, random))
						.isBetween(initial, max);
				}
			}
		}
	}

	@ParameterizedTest
	@MethodSource("extremes")
	void aSequenceNeverHandsOutANegativeDelay(Backoff.Builder extreme) {
		for (String jitter : new String[] { "proportional", "none", "full", "equal", "decorrelated" }) {
			BackoffSequence sequence = extreme.jitter(jitter).randomisationFactor(1).build().newSequence(() -> 0.75);
			for (int i = 0; i <= 200; i++) {
				assertThat(sequence.nextDelayMillis()).as("%s delay %d", jitter, i).isNotNegative();
			}
		}
	}

	private static long jittered(Backoff.Builder extreme, String jitter, int retry, DoubleSupplier random) {
		return extreme.jitter(jitter).randomisationFactor(1).build().jitteredDelayMillis(retry, 0, random);
	}

	/** 0 to 200, then Integer.MAX_VALUE. */
	private static int[] retries() {
		int[] retries = new int[202];
		for (int i = 0; i <= 200; i++) {
			retries[i] = i;
		}
		retries[201] = Integer.MAX_VALUE;
		return retries;
	}

	static Stream<Backoff.Builder> extremes() {
		long huge = (1L << 60) + 1;
		return Stream.of(Backoff.builder().initialDelay(Duration.ofMillis(1)).maxDelay(FOREVER),
				Backoff.builder().initialDelay(Duration.ofMillis(Long.MAX_VALUE - 1)).maxDelay(FOREVER),
				Backoff.builder().initialDelay(Duration.ofMillis(3)).maxDelay(Duration.ofMillis(4)),
				exponential(1, Long.MAX_VALUE, 2), exponential(1, Long.MAX_VALUE, Math.nextUp(1.0)),
				exponential(1, Long.MAX_VALUE, 1.000_000_1), exponential(1, Long.MAX_VALUE, Double.MAX_VALUE),
				exponential(huge, huge + 200, Math.nextUp(1.0)), exponential(huge, Long.MAX_VALUE, 1.5),
				exponential(Long.MAX_VALUE - 1, Long.MAX_VALUE, 10),
				Backoff.builder().strategy("fixed").initialDelay(FOREVER),
				Backoff.builder().strategy("fixed").initialDelay(Duration.ZERO));
	}

	private static Backoff.Builder exponential(long initial, long max, double factor) {
		return Backoff.builder()
			.strategy("exponential")
			.initialDelay(Duration.ofMillis(initial))
			.maxDelay(Duration.ofMillis(max))
			.factor(factor);
	}

}
