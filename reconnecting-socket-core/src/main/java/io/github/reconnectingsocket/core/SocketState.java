package io.github.reconnectingsocket.core;

import java.util.Locale;

/** The states of a reconnecting socket, named as in the npm original. */
public enum SocketState {

	/** Not running: initial, and after {@code stop()}. */
	STOPPED,

	/** The first attempt after {@code start()}. */
	OPENING,

	/** Connected. */
	OPENED,

	/** {@code stop()} in progress: waiting for the socket to close. */
	CLOSING,

	/** Disconnected, waiting out a backoff delay before the next attempt. */
	CLOSED,

	/** A later attempt. */
	REOPENING,

	/**
	 * Gave up after {@code failAfter} consecutive failed attempts; left only by
	 * {@code start()}.
	 */
	FAILED;

	private final String seedName = name().toLowerCase(Locale.ROOT);

	/**
	 * @return the npm original's lower-case name, for example {@code opened}
	 */
	public String seedName() {
		return this.seedName;
	}

	/**
	 * @return whether an attempt is in progress (OPENING or REOPENING)
	 */
	public boolean isConnecting() {
		return this == OPENING || this == REOPENING;
	}

	/**
	 * @param name a state's name in any case, for example {@code opened}
	 * @return the state
	 * @throws IllegalArgumentException naming the allowed values
	 */
	public static SocketState fromName(String name) {
		for (SocketState state : values()) {
			if (state.name().equalsIgnoreCase(name)) {
				return state;
			}
		}
		throw new IllegalArgumentException("Unknown socket state '" + name
				+ "' (allowed: stopped, opening, opened, closing, closed, reopening, failed)");
	}

}
