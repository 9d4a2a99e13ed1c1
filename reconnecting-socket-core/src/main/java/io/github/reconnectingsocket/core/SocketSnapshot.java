package io.github.reconnectingsocket.core;

import java.time.Instant;

/**
 * An immutable, consistent view of one instance at one moment.
 *
 * @param name the instance's name
 * @param state the current state
 * @param since when the current state was entered
 * @param attempt attempts since the last {@code start()}, counting the current one
 * @param consecutiveFailures failed attempts since the backoff was last reset
 * @param lastError the last error reported, or {@code null}
 * @param lastErrorAt when the last error was reported, or {@code null}
 * @param nextAttemptAt when the next attempt is due (in CLOSED), else {@code null}
 * @param disconnectedSince when the current outage began, or {@code null} when there is
 * none (exactly in STOPPED, CLOSING and OPENED). An outage begins when a started instance
 * is without a connection: it lost one (OPENED to CLOSED, or to REOPENING by
 * {@code reconnect()}) or it was started (STOPPED to OPENING). It lasts through CLOSED,
 * OPENING, REOPENING and FAILED, a {@code start()} from FAILED included, and ends at the
 * next OPENED or on {@code stop()}. Unlike {@code since}, it does not move while the
 * instance retries
 * @param counters totals since the instance was built
 */
public record SocketSnapshot(String name, SocketState state, Instant since, int attempt, int consecutiveFailures,
		Throwable lastError, Instant lastErrorAt, Instant nextAttemptAt, Instant disconnectedSince, Counters counters) {

	/**
	 * Totals since the instance was built; they only grow.
	 *
	 * @param attempts calls to {@code create()}
	 * @param opens attempts that opened
	 * @param failedAttempts attempts that ended without opening
	 * @param disconnections open connections that closed on their own (not by
	 * {@code stop()} or {@code reconnect()})
	 * @param failures times the machine gave up (entered FAILED)
	 */
	public record Counters(long attempts, long opens, long failedAttempts, long disconnections, long failures) {
	}

}
