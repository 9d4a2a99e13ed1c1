package io.github.reconnectingsocket.spring;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
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
 * @param leaderRole the leader role the socket waits for before it starts, or
 * {@code null} for none
 */
public record ReconnectingSocketSettings(boolean autoStartup, Backoff backoff, @Nullable Duration openTimeout,
		Duration stopTimeout, @Nullable String leaderRole) {

	/** The core's defaults, started with the application context. */
	public static final ReconnectingSocketSettings DEFAULTS = new ReconnectingSocketSettings(true, Backoff.DEFAULTS,
			Duration.ofSeconds(30), Duration.ofSeconds(10));

	/** Checks that the required values are present. */
	public ReconnectingSocketSettings {
		Objects.requireNonNull(backoff, "backoff must not be null");
		Objects.requireNonNull(stopTimeout, "stopTimeout must not be null");
	}

	/**
	 * Settings of a socket without a leader role.
	 * @param autoStartup whether the socket starts with the application context
	 * @param backoff the backoff policy
	 * @param openTimeout how long an attempt may take to open, or {@code null} for no
	 * limit
	 * @param stopTimeout how long stopping waits for the socket to close
	 */
	public ReconnectingSocketSettings(boolean autoStartup, Backoff backoff, @Nullable Duration openTimeout,
			Duration stopTimeout) {
		this(autoStartup, backoff, openTimeout, stopTimeout, null);
	}

	/**
	 * Applies the backoff and the timeouts to a builder.
	 * @param builder the builder
	 */
	public void applyTo(ReconnectingSocketBuilder<?> builder) {
		builder.backoff(this.backoff).openTimeout(this.openTimeout).stopTimeout(this.stopTimeout);
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
