package io.github.reconnectingsocket.backoff;

import io.github.reconnectingsocket.core.InvalidOptionException;

import java.time.Duration;
import java.util.Locale;

/**
 * Validation shared by the options, so that every option is checked and worded the same
 * way.
 */
final class Options {

	private Options() {
	}

	/**
	 * @param option the option's name, for the message
	 * @param value the duration
	 * @return the duration in whole milliseconds
	 * @throws InvalidOptionException for {@code null} or a duration that does not fit in
	 * a long of milliseconds
	 */
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

	static long maxAboveInitial(Duration maxDelay, long initialMillis) {
		long maxMillis = millis("backoff.maxDelay", maxDelay);
		if (maxMillis <= initialMillis) {
			throw new InvalidOptionException("backoff.maxDelay", format(maxDelay),
					"greater than backoff.initialDelay (" + initialMillis + " ms)");
		}
		return maxMillis;
	}

	/**
	 * @param option the option's name, for the message
	 * @param value the duration, or {@code null}
	 * @param allowed what is allowed, including what {@code null} means
	 * @return the value, unchanged
	 * @throws InvalidOptionException for zero, a negative duration or one that does not
	 * fit in a long of milliseconds
	 */
	static Duration positiveOrNull(String option, Duration value, String allowed) {
		if (value == null) {
			return null;
		}
		// The machine schedules in milliseconds: "forever" must fail here, not wedge a
		// timer later.
		millis(option, value);
		if (value.isNegative() || value.isZero()) {
			throw new InvalidOptionException(option, format(value), allowed);
		}
		return value;
	}

	static String format(Duration value) {
		return (value != null) ? value.toMillis() + " ms" : "null";
	}

	/**
	 * @return a configuration name trimmed and in lower case, or an empty string for
	 * {@code null}
	 */
	static String normalise(String name) {
		return (name != null) ? name.trim().toLowerCase(Locale.ROOT) : "";
	}

}
