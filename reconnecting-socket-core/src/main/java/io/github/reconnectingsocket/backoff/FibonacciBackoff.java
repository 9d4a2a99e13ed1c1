package io.github.reconnectingsocket.backoff;

import java.time.Duration;

/**
 * Fibonacci delays, as in the seed: d, d, 2d, 3d, 5d, 8d, ... capped at {@code maxDelay}.
 *
 * @param initialDelay the first delay, at least 1 ms
 * @param maxDelay the cap, greater than {@code initialDelay}
 */
public record FibonacciBackoff(Duration initialDelay, Duration maxDelay) implements BackoffStrategy {

	/**
	 * Validates the options; see {@link BackoffStrategy#fibonacci(Duration, Duration)}.
	 */
	public FibonacciBackoff {
		long initial = Durations.atLeast("backoff.initialDelay", initialDelay, 1);
		Durations.maxAboveInitial(initial, maxDelay, Durations.millis("backoff.maxDelay", maxDelay));
	}

	@Override
	public long baseDelayMillis(int retry) {
		long max = maxDelayMillis();
		long previous = 0;
		long current = initialDelayMillis();
		for (int i = 0; i < retry && current < max; i++) {
			long next = previous + current;
			previous = current;
			current = next;
		}
		return Math.min(current, max);
	}

	@Override
	public long initialDelayMillis() {
		return this.initialDelay.toMillis();
	}

	@Override
	public long maxDelayMillis() {
		return this.maxDelay.toMillis();
	}

	@Override
	public String name() {
		return "fibonacci";
	}

}
