package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.SmartLifecycle;

/**
 * Configuration of every managed reconnecting socket, under {@code reconnecting-socket}. The
 * top-level values are defaults; {@code sockets.<name>} overrides any of them for the socket of that
 * bean name.
 *
 * @param enabled whether to auto-configure managed reconnecting sockets at all
 * @param autoStartup whether managed sockets start with the application context
 * @param phase the SmartLifecycle phase of the managed sockets; the default stops them after the web
 * server has drained in-flight requests and before it stops
 * @param openTimeout how long an attempt may take to open before it is destroyed and counted as
 * failed; 0 for no limit
 * @param stopTimeout how long stopping waits for a socket to close before it is considered stopped
 * @param backoff the backoff of every socket
 * @param health health contributor settings
 * @param sockets per-socket overrides, by the name of the SocketFactory bean
 */
@ConfigurationProperties("reconnecting-socket")
public record ReconnectingSocketProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("true") boolean autoStartup, @DefaultValue("" + DEFAULT_PHASE) int phase,
		@DefaultValue("30s") Duration openTimeout, @DefaultValue("10s") Duration stopTimeout,
		@DefaultValue Backoff backoff, @DefaultValue Health health, Map<String, Socket> sockets) {

	/**
	 * The default phase: {@code SmartLifecycle.DEFAULT_PHASE - 1536}, between the web server's
	 * graceful shutdown ({@code DEFAULT_PHASE - 1024}) and the web server itself
	 * ({@code DEFAULT_PHASE - 2048}), so sockets stop after in-flight requests drained and before
	 * the server stops.
	 */
	public static final int DEFAULT_PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

	/** Binds the record, with no socket overrides when none are configured. */
	public ReconnectingSocketProperties {
		sockets = (sockets != null) ? Map.copyOf(sockets) : Map.of();
	}

	/**
	 * Backoff between attempts: the npm original's options and defaults, plus jitter modes and
	 * reset-after.
	 *
	 * @param strategy the delay sequence
	 * @param initialDelay the first delay (for {@code fixed}, the only delay; 0 allowed there alone)
	 * @param maxDelay the largest delay; must be greater than initial-delay
	 * @param randomisationFactor for the proportional jitter, from 0 to 1: each delay is multiplied
	 * by 1 + a random number below this factor
	 * @param factor the multiplier between two delays of the exponential strategy; greater than 1
	 * @param failAfter consecutive failed attempts before giving up (state FAILED); empty = never
	 * @param jitter how each delay is randomised
	 * @param resetAfter how long a connection must stay open before failures and the backoff reset;
	 * empty = as soon as it opens, as the npm original does
	 */
	public record Backoff(@DefaultValue("fibonacci") Strategy strategy, @DefaultValue("1s") Duration initialDelay,
			@DefaultValue("20s") Duration maxDelay, @DefaultValue("0.2") double randomisationFactor,
			@DefaultValue("2") double factor, @Nullable Integer failAfter,
			@DefaultValue("proportional") Jitter jitter, @Nullable Duration resetAfter) {

	}

	/**
	 * Per-socket overrides: every value left empty falls back to the top-level one.
	 *
	 * @param autoStartup whether this socket starts with the application context
	 * @param openTimeout this socket's open timeout; 0 for no limit
	 * @param stopTimeout this socket's stop timeout
	 * @param backoff this socket's backoff overrides
	 * @param health whether this socket counts in the health contributor
	 */
	public record Socket(@Nullable Boolean autoStartup, @Nullable Duration openTimeout,
			@Nullable Duration stopTimeout, @DefaultValue BackoffOverrides backoff, @DefaultValue("true") boolean health) {

	}

	/**
	 * Backoff overrides of one socket: every value left empty falls back to
	 * {@code reconnecting-socket.backoff}.
	 *
	 * @param strategy the delay sequence
	 * @param initialDelay the first delay
	 * @param maxDelay the largest delay
	 * @param randomisationFactor the proportional jitter's factor, from 0 to 1
	 * @param factor the exponential multiplier, greater than 1
	 * @param failAfter consecutive failed attempts before giving up
	 * @param jitter how each delay is randomised
	 * @param resetAfter how long a connection must stay open before the backoff resets
	 */
	public record BackoffOverrides(@Nullable Strategy strategy, @Nullable Duration initialDelay,
			@Nullable Duration maxDelay, @Nullable Double randomisationFactor, @Nullable Double factor,
			@Nullable Integer failAfter, @Nullable Jitter jitter, @Nullable Duration resetAfter) {

	}

	/**
	 * Health contributor settings.
	 *
	 * @param downAfter a socket disconnected (not OPENED, while started) for longer than this makes
	 * health DOWN; a FAILED socket is DOWN at once
	 */
	public record Health(@DefaultValue("60s") Duration downAfter) {

	}

	/** Delay sequences. */
	public enum Strategy {

		/** d, d, 2d, 3d, 5d, ... (the npm original's default). */
		FIBONACCI,

		/** d, d·factor, d·factor², ... */
		EXPONENTIAL,

		/** initial-delay every time. */
		FIXED

	}

	/** Jitter modes. */
	public enum Jitter {

		/** delay × (1 + U[0, randomisation-factor)): the npm original's. */
		PROPORTIONAL,

		/** The delay as it is. */
		NONE,

		/** U[0, delay]: the widest spread. */
		FULL,

		/** delay/2 + U[0, delay/2]. */
		EQUAL,

		/** min(max-delay, U[initial-delay, 3 × previous delay]). */
		DECORRELATED

	}

}
