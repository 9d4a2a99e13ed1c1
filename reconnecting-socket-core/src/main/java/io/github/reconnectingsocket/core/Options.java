package io.github.reconnectingsocket.core;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;

import io.github.reconnectingsocket.backoff.Backoff;
import org.jspecify.annotations.Nullable;

/**
 * The validated options of one instance, as {@link ReconnectingSocketBuilder} produces
 * them. Every duration is in milliseconds, {@link Timeouts#NONE} for no limit.
 *
 * @param name the instance's name
 * @param factory the user's behaviour
 * @param backoff the backoff policy
 * @param openTimeoutMillis how long an attempt may take to open
 * @param stopTimeoutMillis how long {@code stop()} waits for the socket to close
 * @param livenessTimeoutMillis how long an open socket may stay silent
 * @param slowCallMillis how long a user call may hold its thread before a WARN
 * @param retryPolicy what follows a failed attempt
 * @param clock the time of events and snapshots
 * @param scheduler runs the timers
 * @param executor runs user code
 * @param random uniform numbers in [0, 1) for jitter
 * @param stateListeners listeners from the first transition on
 * @param infoListeners listeners from the first message on
 * @param pacer paces the attempts, or null
 * @param <S> the socket type
 */
record Options<S>(String name, SocketFactory<S> factory, Backoff backoff, long openTimeoutMillis,
		long stopTimeoutMillis, long livenessTimeoutMillis, long slowCallMillis, RetryPolicy retryPolicy, Clock clock,
		Scheduler scheduler, Executor executor, DoubleSupplier random, List<StateListener> stateListeners,
		List<InfoListener> infoListeners, @Nullable ConnectionPacer pacer) {

	/** Options without a pacer, as tests build them. */
	Options(String name, SocketFactory<S> factory, Backoff backoff, long openTimeoutMillis, long stopTimeoutMillis,
			long livenessTimeoutMillis, long slowCallMillis, RetryPolicy retryPolicy, Clock clock, Scheduler scheduler,
			Executor executor, DoubleSupplier random, List<StateListener> stateListeners,
			List<InfoListener> infoListeners) {
		this(name, factory, backoff, openTimeoutMillis, stopTimeoutMillis, livenessTimeoutMillis, slowCallMillis,
				retryPolicy, clock, scheduler, executor, random, stateListeners, infoListeners, null);
	}

	boolean async() {
		return this.factory instanceof AsyncSocketFactory;
	}

}
