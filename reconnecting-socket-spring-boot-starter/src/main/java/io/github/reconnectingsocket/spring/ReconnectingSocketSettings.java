package io.github.reconnectingsocket.spring;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * The effective, validated settings of one managed socket.
 *
 * @param autoStartup whether the socket starts with the application context
 * @param backoff the backoff policy
 * @param openTimeout how long an attempt may take to open, or {@code null} for no limit
 * @param stopTimeout how long stopping waits for the socket to close
 * @param livenessTimeout how long an open socket may stay silent, or {@code null} for no
 * limit
 * @param slowCallThreshold how long a call into user code may hold its thread before a
 * warning, or {@code null} to watch nothing
 * @param leaderRole the leader role the socket waits for before it starts, or
 * {@code null} for none
 */
public record ReconnectingSocketSettings(boolean autoStartup, Backoff backoff, @Nullable Duration openTimeout,
		Duration stopTimeout, @Nullable Duration livenessTimeout, @Nullable Duration slowCallThreshold,
		@Nullable String leaderRole) {

	/** The core's defaults, started with the application context. */
	public static final ReconnectingSocketSettings DEFAULTS = new ReconnectingSocketSettings(true, Backoff.DEFAULTS,
			ReconnectingSocketBuilder.DEFAULT_OPEN_TIMEOUT, ReconnectingSocketBuilder.DEFAULT_STOP_TIMEOUT, null,
			ReconnectingSocketBuilder.DEFAULT_SLOW_CALL_THRESHOLD, null);

	/** Checks that the required values are present. */
	public ReconnectingSocketSettings {
		Objects.requireNonNull(backoff, "backoff must not be null");
		Objects.requireNonNull(stopTimeout, "stopTimeout must not be null");
	}

	/**
	 * Applies the backoff and the timeouts to a builder.
	 * @param builder the builder
	 * @throws io.github.reconnectingsocket.core.InvalidOptionException for a value the
	 * core does not allow
	 */
	public void applyTo(ReconnectingSocketBuilder<?> builder) {
		builder.backoff(this.backoff)
			.openTimeout(this.openTimeout)
			.stopTimeout(this.stopTimeout)
			.livenessTimeout(this.livenessTimeout)
			.slowCallThreshold(this.slowCallThreshold);
	}

	/**
	 * A duration the way it would be configured, for messages: {@code 20s} rather than
	 * {@code 20000ms}.
	 * @param duration the duration
	 * @return it in the largest unit that shows it exactly
	 */
	public static String print(Duration duration) {
		if (duration.isZero()) {
			return "0";
		}
		for (ChronoUnit unit : PRINTED_UNITS) {
			if (duration.toNanos() % unit.getDuration().toNanos() == 0) {
				return DurationStyle.SIMPLE.print(duration, unit);
			}
		}
		return DurationStyle.SIMPLE.print(duration);
	}

	private static final ChronoUnit[] PRINTED_UNITS = { ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES,
			ChronoUnit.SECONDS, ChronoUnit.MILLIS };

}
