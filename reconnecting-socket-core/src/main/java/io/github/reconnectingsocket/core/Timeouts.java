package io.github.reconnectingsocket.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Durations of the options, as milliseconds the machine can add to a time without
 * overflow. A duration too long to matter ({@code Duration.ofMillis(Long.MAX_VALUE)},
 * "forever") means no timer at all, rather than a sum that wraps around and fires at once
 * or never.
 */
final class Timeouts {

	/** No limit: the timer is never armed. */
	static final long NONE = -1;

	/**
	 * At least this long is forever: about 73 million years, and twice it still fits in a
	 * long.
	 */
	static final long FOREVER_MILLIS = Long.MAX_VALUE / 4;

	private Timeouts() {
	}

	/**
	 * @param option the option's name, for the message
	 * @param value a duration that must be 0 or more
	 * @return its milliseconds, or {@link #NONE} when it is forever
	 */
	static long delayMillis(String option, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidOptionException(option, format(value), "a duration of 0 or more");
		}
		return orNone(value);
	}

	/**
	 * @param option the option's name, for the message
	 * @param value a positive duration, or {@code null} for no limit
	 * @return its milliseconds, or {@link #NONE} when null or forever
	 */
	static long positiveOrNone(String option, @Nullable Duration value) {
		if (value == null) {
			return NONE;
		}
		if (value.isNegative() || value.isZero()) {
			throw new InvalidOptionException(option, format(value), "a positive duration, or null for no limit");
		}
		return orNone(value);
	}

	/**
	 * @return {@code timeMillis + delayMillis}, or {@link Long#MAX_VALUE} when that would
	 * overflow
	 */
	static long plus(long timeMillis, long delayMillis) {
		long sum = timeMillis + delayMillis;
		return (((timeMillis ^ sum) & (delayMillis ^ sum)) < 0) ? Long.MAX_VALUE : sum;
	}

	static @Nullable Duration duration(long millis) {
		return (millis != NONE) ? Duration.ofMillis(millis) : null;
	}

	private static long orNone(Duration value) {
		if (value.getSeconds() >= FOREVER_MILLIS / 1000) {
			return NONE;
		}
		long millis = value.toMillis();
		return (millis >= FOREVER_MILLIS) ? NONE : millis;
	}

	private static String format(@Nullable Duration value) {
		return (value != null) ? value.toString() : "null";
	}

}
