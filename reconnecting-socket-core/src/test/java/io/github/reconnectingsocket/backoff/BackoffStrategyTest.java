package io.github.reconnectingsocket.backoff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The exact delays of each strategy, without jitter, through the public sequence. */
class BackoffStrategyTest {

	@Test
	void fibonacciAddsTheTwoPreviousDelaysUpToTheCap() {
		Backoff backoff = Backoff.builder()
			.initialDelay(Duration.ofMillis(1))
			.maxDelay(Duration.ofMillis(30))
			.jitter("none")
			.build();
		assertThat(delays(backoff, 11)).containsExactly(1L, 1L, 2L, 3L, 5L, 8L, 13L, 21L, 30L, 30L, 30L);
	}

	@Test
	void fibonacciScalesWithTheInitialDelay() {
		Backoff backoff = Backoff.builder()
			.initialDelay(Duration.ofMillis(100))
			.maxDelay(Duration.ofMillis(1000))
			.jitter("none")
			.build();
		assertThat(delays(backoff, 9)).containsExactly(100L, 100L, 200L, 300L, 500L, 800L, 1000L, 1000L, 1000L);
	}

	@Test
	void exponentialMultipliesByTheFactorUpToTheCap() {
		Backoff backoff = Backoff.builder()
			.strategy("exponential")
			.initialDelay(Duration.ofMillis(100))
			.maxDelay(Duration.ofMillis(2000))
			.factor(3)
			.jitter("none")
			.build();
		assertThat(delays(backoff, 6)).containsExactly(100L, 300L, 900L, 2000L, 2000L, 2000L);
	}

	@Test
	void exponentialRoundsEachDelayDown() {
		Backoff backoff = Backoff.builder()
			.strategy("exponential")
			.initialDelay(Duration.ofMillis(10))
			.maxDelay(Duration.ofMillis(60))
			.factor(1.5)
			.jitter("none")
			.build();
		// 10, 15, 22.5, 33.75, 50.625, 75.9...
		assertThat(delays(backoff, 6)).containsExactly(10L, 15L, 22L, 33L, 50L, 60L);
	}

	@Test
	void fixedWaitsTheSameDelayEveryTime() {
		Backoff backoff = Backoff.builder()
			.strategy("fixed")
			.initialDelay(Duration.ofMillis(250))
			.maxDelay(Duration.ofMillis(100))
			.jitter("none")
			.build();
		assertThat(delays(backoff, 4)).containsExactly(250L, 250L, 250L, 250L);
	}

	@Test
	void fixedAcceptsZeroForReconnectingAtOnce() {
		Backoff backoff = Backoff.builder().strategy("fixed").initialDelay(Duration.ZERO).jitter("none").build();
		assertThat(delays(backoff, 3)).containsExactly(0L, 0L, 0L);
	}

	@Test
	void delaysAreWholeMillisecondsOfTheConfiguredDurations() {
		Backoff backoff = Backoff.builder()
			.initialDelay(Duration.ofNanos(1_999_999))
			.maxDelay(Duration.ofNanos(3_500_000))
			.jitter("none")
			.build();
		assertThat(delays(backoff, 4)).containsExactly(1L, 1L, 2L, 3L);
		assertThat(backoff.initialDelay()).isEqualTo(Duration.ofMillis(1));
		assertThat(backoff.maxDelay()).isEqualTo(Duration.ofMillis(3));
	}

	static List<Long> delays(Backoff backoff, int count) {
		BackoffSequence sequence = backoff.newSequence(ScriptedRandom.none());
		List<Long> delays = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			delays.add(sequence.nextDelayMillis());
		}
		return delays;
	}

}
