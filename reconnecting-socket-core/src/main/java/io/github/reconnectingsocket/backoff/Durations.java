package io.github.reconnectingsocket.backoff;

import io.github.reconnectingsocket.core.InvalidOptionException;

import java.time.Duration;

/**
 * Validation shared by the strategies, so every option is checked and worded the same
 * way.
 */
final class Durations {

	private Durations() {
	}

	static long millis(String option, Duration value) {
		if (value == null) {
			throw new InvalidOptionException(option, null, "a duration");
		}
		try {
			return value.toMillis();
		}
		catch (ArithmeticException ex) {
			throw new InvalidOptionException(option, value, "a duration that fits in a long of milliseconds");
		}
	}

	static long atLeast(String option, Duration value, long minMillis) {
		long millis = millis(option, value);
		if (millis < minMillis || value.isNegative()) {
			throw new InvalidOptionException(option, format(value), ">= " + minMillis + " ms");
		}
		return millis;
	}

	static void maxAboveInitial(long initialMillis, Duration maxDelay, long maxMillis) {
		if (maxMillis <= initialMillis) {
			throw new InvalidOptionException("backoff.maxDelay", format(maxDelay),
					"greater than backoff.initialDelay (" + initialMillis + " ms)");
		}
	}

	static String format(Duration value) {
		return (value != null) ? value.toMillis() + " ms" : "null";
	}

}
