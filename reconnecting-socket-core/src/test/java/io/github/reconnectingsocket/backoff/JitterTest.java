package io.github.reconnectingsocket.backoff;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The exact delays of each jitter, with scripted random numbers. */
class JitterTest {

	/** Fibonacci 1000, 1000, 2000, 3000, 5000, ... up to 20 s. */
	private static final Backoff.Builder SECONDS = Backoff.builder()
		.initialDelay(Duration.ofSeconds(1))
		.maxDelay(Duration.ofSeconds(20));

	@Test
	void proportionalMultipliesByOnePlusRandomTimesFactorAndRounds() {
		BackoffSequence sequence = SECONDS.jitter("proportional")
			.randomisationFactor(0.2)
			.build()
			.newSequence(ScriptedRandom.of(0, 0.123, 0.5, 0.99));
		// 1000 × 1, 1000 × 1.0246, 2000 × 1.1, 3000 × 1.198
		assertThat(sequence.nextDelayMillis()).isEqualTo(1000);
		assertThat(sequence.nextDelayMillis()).isEqualTo(1025);
		assertThat(sequence.nextDelayMillis()).isEqualTo(2200);
		assertThat(sequence.nextDelayMillis()).isEqualTo(3594);
	}

	@Test
	void proportionalMayExceedTheMaximumAsInTheSeed() {
		Backoff backoff = SECONDS.jitter("proportional").randomisationFactor(1).build();
		BackoffSequence sequence = backoff.newSequence(() -> 0.5);
		long[] delays = new long[9];
		for (int i = 0; i < delays.length; i++) {
			delays[i] = sequence.nextDelayMillis();
		}
		assertThat(delays).containsExactly(1500, 1500, 3000, 4500, 7500, 12000, 19500, 30000, 30000);
	}

	@Test
	void proportionalWithFactorZeroDrawsNothing() {
		ScriptedRandom random = ScriptedRandom.none();
		BackoffSequence sequence = SECONDS.jitter("proportional").randomisationFactor(0).build().newSequence(random);
		assertThat(sequence.nextDelayMillis()).isEqualTo(1000);
		assertThat(random.drawn()).isZero();
	}

	@Test
	void noneKeepsTheStrategysDelayAndDrawsNothing() {
		ScriptedRandom random = ScriptedRandom.none();
		BackoffSequence sequence = SECONDS.jitter("none").randomisationFactor(0.5).build().newSequence(random);
		assertThat(new long[] { sequence.nextDelayMillis(), sequence.nextDelayMillis(), sequence.nextDelayMillis() })
			.containsExactly(1000, 1000, 2000);
		assertThat(random.drawn()).isZero();
	}

	@Test
	void fullIsUniformFromZeroToTheDelay() {
		BackoffSequence sequence = SECONDS.jitter("full").build().newSequence(ScriptedRandom.of(0, 0.25, 0.9999, 0.5));
		assertThat(sequence.nextDelayMillis()).isZero();
		assertThat(sequence.nextDelayMillis()).isEqualTo(250);
		assertThat(sequence.nextDelayMillis()).isEqualTo(2000);
		assertThat(sequence.nextDelayMillis()).isEqualTo(1500);
	}

	@Test
	void equalIsHalfTheDelayPlusUniformUpToTheOtherHalf() {
		BackoffSequence sequence = SECONDS.jitter("equal").build().newSequence(ScriptedRandom.of(0, 0.5, 0.999, 0.2));
		assertThat(sequence.nextDelayMillis()).isEqualTo(500);
		assertThat(sequence.nextDelayMillis()).isEqualTo(750);
		assertThat(sequence.nextDelayMillis()).isEqualTo(1999);
		assertThat(sequence.nextDelayMillis()).isEqualTo(1800);
	}

	@Test
	void decorrelatedGrowsFromThePreviousDelayWithinInitialAndMaximum() {
		Backoff backoff = Backoff.builder()
			.initialDelay(Duration.ofMillis(100))
			.maxDelay(Duration.ofMillis(1000))
			.jitter("decorrelated")
			.build();
		BackoffSequence sequence = backoff.newSequence(ScriptedRandom.of(0.5, 0.5, 0.9, 0.5, 0, 0.25));
		// U[100, 300], then U[100, 3 × 200], U[100, 3 × 350], U[100, 3 × 955] capped at
		// 1000
		assertThat(sequence.nextDelayMillis()).isEqualTo(200);
		assertThat(sequence.nextDelayMillis()).isEqualTo(350);
		assertThat(sequence.nextDelayMillis()).isEqualTo(955);
		assertThat(sequence.nextDelayMillis()).isEqualTo(1000);
		// U[100, 3 × 1000] at 0 is the initial delay; then U[100, 3 × 100]
		assertThat(sequence.nextDelayMillis()).isEqualTo(100);
		assertThat(sequence.nextDelayMillis()).isEqualTo(150);
	}

	@Test
	void decorrelatedStartsAgainFromTheInitialDelayAfterAReset() {
		Backoff backoff = Backoff.builder()
			.initialDelay(Duration.ofMillis(100))
			.maxDelay(Duration.ofMillis(1000))
			.jitter("decorrelated")
			.build();
		BackoffSequence sequence = backoff.newSequence(ScriptedRandom.of(0.9, 0.9, 0.5));
		sequence.nextDelayMillis();
		assertThat(sequence.nextDelayMillis()).isEqualTo(766);
		sequence.reset();
		assertThat(sequence.nextDelayMillis()).isEqualTo(200);
	}

	@Test
	void decorrelatedWithAFixedStrategyAlwaysWaitsTheFixedDelay() {
		Backoff backoff = Backoff.builder()
			.strategy("fixed")
			.initialDelay(Duration.ofMillis(300))
			.jitter("decorrelated")
			.build();
		BackoffSequence sequence = backoff.newSequence(ScriptedRandom.of(0.9, 0.1));
		assertThat(sequence.nextDelayMillis()).isEqualTo(300);
		assertThat(sequence.nextDelayMillis()).isEqualTo(300);
	}

}
