package io.github.reconnectingsocket.core;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An immutable view of one instance at one moment: every field is read between two steps
 * of the machine, so they always agree with each other.
 *
 * @param name the instance's name
 * @param state the current state
 * @param since when the current state was entered
 * @param attempt attempts since the last {@code start()}, counting the current one
 * @param consecutiveFailures failed attempts since the backoff was last reset
 * @param lastError the last error reported, or {@code null}
 * @param lastErrorAt when the last error was reported, or {@code null}
 * @param nextAttemptAt when the next attempt is due (in CLOSED, or in FAILED with a
 * revive), else {@code null}
 * @param disconnectedSince when the current outage began, or {@code null} when there is
 * none (exactly in STOPPED, CLOSING and OPENED). An outage begins when a started instance
 * is without a connection: it lost one (OPENED to CLOSED, or to REOPENING by
 * {@code reconnect()}) or it was started (STOPPED to OPENING). It lasts through CLOSED,
 * OPENING, REOPENING and FAILED, a {@code start()} or revive from FAILED included, and
 * ends at the next OPENED or on {@code stop()}. Unlike {@code since}, it does not move
 * while the instance retries
 * @param counters totals since the instance was built
 * @param waitingForPermit the current attempt (OPENING or REOPENING) waits for a permit
 * of its {@link ConnectionPacer}: its {@code create()} has not been called yet
 */
public record SocketSnapshot(String name, SocketState state, Instant since, int attempt, int consecutiveFailures,
		@Nullable Throwable lastError, @Nullable Instant lastErrorAt, @Nullable Instant nextAttemptAt,
		@Nullable Instant disconnectedSince, Counters counters, boolean waitingForPermit) {

	/**
	 * Totals since the instance was built; they only grow.
	 *
	 * @param attempts attempts begun ({@code create()} or {@code connect()} calls)
	 * @param opens attempts that opened
	 * @param failedAttempts attempts that ended without opening
	 * @param disconnections open connections that ended without {@code stop()} or
	 * {@code reconnect()}: closed by the peer or the network, or dropped by the liveness
	 * timeout
	 * @param failures times the machine gave up (entered FAILED)
	 * @param livenessTimeouts open connections dropped because they were silent too long
	 * @param revivals times the machine started again on its own after
	 * {@code reviveAfter} in FAILED
	 * @param ignoredSignals handle signals ignored: stale, or meaningless in the state
	 * @param ignoredCommands commands ignored: {@code start()} when started,
	 * {@code reconnect()} while connecting, stopped, closing or failed
	 */
	public record Counters(long attempts, long opens, long failedAttempts, long disconnections, long failures,
			long livenessTimeouts, long revivals, long ignoredSignals, long ignoredCommands) {
	}

}
