package io.github.reconnectingsocket.spring;

import java.time.Duration;
import java.util.Objects;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import org.jspecify.annotations.Nullable;

/**
 * The effective, validated settings of one managed socket.
 *
 * @param autoStartup whether the socket starts with the application context
 * @param backoff the backoff policy
 * @param openTimeout how long an attempt may take to open, or {@code null} for no limit
 * @param stopTimeout how long stopping waits for the socket to close
 */
public record ReconnectingSocketSettings(boolean autoStartup, Backoff backoff, @Nullable Duration openTimeout,
		Duration stopTimeout) {

	/** The core's defaults, started with the application context. */
	public static final ReconnectingSocketSettings DEFAULTS = new ReconnectingSocketSettings(true, Backoff.DEFAULTS,
			Duration.ofSeconds(30), Duration.ofSeconds(10));

	/** Checks that the required values are present. */
	public ReconnectingSocketSettings {
		Objects.requireNonNull(backoff, "backoff must not be null");
		Objects.requireNonNull(stopTimeout, "stopTimeout must not be null");
	}

	/**
	 * Applies the backoff and the timeouts to a builder.
	 * @param builder the builder
	 */
	public void applyTo(ReconnectingSocket.Builder<?> builder) {
		builder.backoff(this.backoff).openTimeout(this.openTimeout).stopTimeout(this.stopTimeout);
	}

}
