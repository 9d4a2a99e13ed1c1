package io.github.reconnectingsocket.core;

import java.time.Instant;

/**
 * One transition, published once to every {@link StateListener}.
 *
 * @param name the instance's name
 * @param from the state left
 * @param to the state entered
 * @param attempt the number of attempts since the last {@code start()}, counting the
 * current one
 * @param lastError the last error reported, or {@code null}
 * @param time when the transition happened, by the instance's clock
 */
public record StateChange(String name, SocketState from, SocketState to, int attempt, Throwable lastError,
		Instant time) {

	@Override
	public String toString() {
		return this.name + ": " + this.from.seedName() + " -> " + this.to.seedName() + " (attempt " + this.attempt
				+ ")";
	}

}
