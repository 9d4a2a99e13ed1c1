package io.github.reconnectingsocket.backoff;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** The per-socket state of a sequence: the retry count, reset and independence. */
class BackoffSequenceTest {

	private final Backoff fibonacci = Backoff.builder()
		.initialDelay(Duration.ofMillis(100))
		.maxDelay(Duration.ofSeconds(10))
		.jitter("none")
		.build();

	@Test
	void retriesCountTheDelaysHandedOut() {
		BackoffSequence sequence = this.fibonacci.newSequence(ScriptedRandom.none());
		assertThat(sequence.retries()).isZero();
		sequence.nextDelayMillis();
		sequence.nextDelayMillis();
		sequence.nextDelayMillis();
		assertThat(sequence.retries()).isEqualTo(3);
	}

	@Test
	void resetGoesBackToTheFirstDelayAndZeroRetries() {
		BackoffSequence sequence = this.fibonacci.newSequence(ScriptedRandom.none());
		for (int i = 0; i < 5; i++) {
			sequence.nextDelayMillis();
		}
		assertThat(sequence.nextDelayMillis()).isEqualTo(800);
		sequence.reset();
		assertThat(sequence.retries()).isZero();
		assertThat(sequence.nextDelayMillis()).isEqualTo(100);
		assertThat(sequence.nextDelayMillis()).isEqualTo(100);
		assertThat(sequence.nextDelayMillis()).isEqualTo(200);
		assertThat(sequence.retries()).isEqualTo(3);
	}

	@Test
	void sequencesOfOnePolicyAreIndependent() {
		BackoffSequence first = this.fibonacci.newSequence(ScriptedRandom.none());
		BackoffSequence second = this.fibonacci.newSequence(ScriptedRandom.none());
		first.nextDelayMillis();
		first.nextDelayMillis();
		assertThat(first.nextDelayMillis()).isEqualTo(200);
		assertThat(second.nextDelayMillis()).isEqualTo(100);
		assertThat(second.retries()).isEqualTo(1);
	}

	@Test
	void drawsOneRandomNumberPerDelay() {
		ScriptedRandom random = ScriptedRandom.of(0.1, 0.2, 0.3);
		BackoffSequence sequence = Backoff.DEFAULTS.newSequence(random);
		sequence.nextDelayMillis();
		sequence.nextDelayMillis();
		assertThat(random.drawn()).isEqualTo(2);
	}

	@Test
	void theSequenceAgreesWithTheDelayComputedFromScratch() {
		Backoff backoff = Backoff.builder().jitter("decorrelated").build();
		BackoffSequence sequence = backoff.newSequence(() -> 0.7);
		long previous = 0;
		for (int retry = 0; retry < 30; retry++) {
			long expected = backoff.jitteredDelayMillis(retry, previous, () -> 0.7);
			assertThat(sequence.nextDelayMillis()).isEqualTo(expected);
			previous = expected;
		}
	}

	@Test
	void needsARandomSource() {
		assertThatNullPointerException().isThrownBy(() -> Backoff.DEFAULTS.newSequence(null)).withMessage("random");
	}

}
