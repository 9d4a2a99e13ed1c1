package io.github.reconnectingsocket.core;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the outside may read of a machine: its state and counters. Written only by the
 * machine's steps, each of which holds this object's lock from start to end (see
 * {@link MachineContext}), so a {@link #snapshot()}, which takes the same lock, sees the
 * state between two steps, never inside one. Times are epoch milliseconds, so that a
 * transition allocates nothing here.
 */
final class Statistics {

	private static final long NO_TIME = Long.MIN_VALUE;

	private final String name;

	volatile SocketState state = SocketState.STOPPED;

	long sinceMillis;

	int attempt;

	int consecutiveFailures;

	@Nullable Throwable lastError;

	long lastErrorAtMillis = NO_TIME;

	long nextAttemptAtMillis = NO_TIME;

	long disconnectedSinceMillis = NO_TIME;

	/** The current attempt waits for a {@link ConnectionPacer} permit. */
	boolean waitingForPermit;

	long attempts;

	long opens;

	long failedAttempts;

	long disconnections;

	long failures;

	long livenessTimeouts;

	long revivals;

	long ignoredSignals;

	long ignoredCommands;

	Statistics(String name, long nowMillis) {
		this.name = name;
		this.sinceMillis = nowMillis;
	}

	/** Enters a state, and starts or ends the current outage with it. */
	void enter(SocketState to, long nowMillis) {
		this.state = to;
		this.waitingForPermit = false;
		this.sinceMillis = nowMillis;
		if (to == SocketState.OPENED || to == SocketState.CLOSING || to == SocketState.STOPPED) {
			this.disconnectedSinceMillis = NO_TIME;
		}
		else if (this.disconnectedSinceMillis == NO_TIME) {
			// Started without a connection, or just lost it; retries and a restart from
			// FAILED go on with
			// the same outage.
			this.disconnectedSinceMillis = nowMillis;
		}
	}

	void error(Throwable error, long nowMillis) {
		this.lastError = error;
		this.lastErrorAtMillis = nowMillis;
	}

	void clearError() {
		this.lastError = null;
		this.lastErrorAtMillis = NO_TIME;
	}

	void nextAttemptAt(long epochMillis) {
		this.nextAttemptAtMillis = epochMillis;
	}

	void noNextAttempt() {
		this.nextAttemptAtMillis = NO_TIME;
	}

	StateChange change(SocketState from) {
		return new StateChange(this.name, from, this.state, this.attempt, this.consecutiveFailures, this.lastError,
				instant(this.disconnectedSinceMillis), instant(this.nextAttemptAtMillis),
				Instant.ofEpochMilli(this.sinceMillis));
	}

	synchronized SocketSnapshot snapshot() {
		return new SocketSnapshot(this.name, this.state, Instant.ofEpochMilli(this.sinceMillis), this.attempt,
				this.consecutiveFailures, this.lastError, instant(this.lastErrorAtMillis),
				instant(this.nextAttemptAtMillis), instant(this.disconnectedSinceMillis),
				new SocketSnapshot.Counters(this.attempts, this.opens, this.failedAttempts, this.disconnections,
						this.failures, this.livenessTimeouts, this.revivals, this.ignoredSignals, this.ignoredCommands),
				this.waitingForPermit);
	}

	private static @Nullable Instant instant(long epochMillis) {
		return (epochMillis != NO_TIME) ? Instant.ofEpochMilli(epochMillis) : null;
	}

}
