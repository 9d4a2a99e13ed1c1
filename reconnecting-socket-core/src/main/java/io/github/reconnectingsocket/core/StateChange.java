package io.github.reconnectingsocket.core;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One transition, published once to every {@link StateListener}, with what a listener
 * needs so that it does not have to read a {@link SocketSnapshot} that may already be
 * later.
 *
 * @param name the instance's name
 * @param from the state left
 * @param to the state entered
 * @param attempt the number of attempts since the last {@code start()}, counting the
 * current one
 * @param consecutiveFailures failed attempts since the backoff was last reset
 * @param lastError the last error reported, or {@code null}
 * @param disconnectedSince when the current outage began, or {@code null}; see
 * {@link SocketSnapshot#disconnectedSince()}
 * @param nextAttemptAt when the next attempt is due (entering CLOSED, or FAILED with a
 * revive), else {@code null}
 * @param time when the transition happened, by the instance's clock
 */
public record StateChange(String name, SocketState from, SocketState to, int attempt, int consecutiveFailures,
		@Nullable Throwable lastError, @Nullable Instant disconnectedSince, @Nullable Instant nextAttemptAt,
		Instant time) {

	@Override
	public String toString() {
		return this.name + ": " + this.from.seedName() + " -> " + this.to.seedName() + " (attempt " + this.attempt
				+ ")";
	}

}
