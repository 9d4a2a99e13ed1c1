package io.github.reconnectingsocket.core;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The states of a reconnecting socket, named as in the npm original, and the transition
 * table: {@link #successors()} are the only states the machine may move to from each one.
 */
public enum SocketState {

	/** Not running: initial, and after {@code stop()}. */
	STOPPED,

	/** The first attempt after {@code start()}, or after a revive from FAILED. */
	OPENING,

	/** Connected. */
	OPENED,

	/** {@code stop()} in progress: waiting for the socket to close. */
	CLOSING,

	/** Disconnected, waiting out a backoff delay before the next attempt. */
	CLOSED,

	/** A later attempt. */
	REOPENING,

	/** Gave up; left by {@code start()}, by {@code stop()} or by the revive timer. */
	FAILED;

	static {
		// The table as data: every edge the machine may take, and nothing else. README.md
		// draws it, and TransitionTableAgreementTest (reconnecting-socket-core-it) checks
		// that both agree with the test model.
		STOPPED.allow(OPENING);
		OPENING.allow(OPENED, CLOSED, FAILED, CLOSING);
		OPENED.allow(CLOSED, REOPENING, CLOSING);
		CLOSING.allow(STOPPED);
		CLOSED.allow(REOPENING, CLOSING);
		REOPENING.allow(OPENED, CLOSED, FAILED, CLOSING);
		FAILED.allow(OPENING, CLOSING);
	}

	private final String seedName = name().toLowerCase(Locale.ROOT);

	private Set<SocketState> successors = Collections.emptySet();

	private void allow(SocketState first, SocketState... others) {
		this.successors = Collections.unmodifiableSet(EnumSet.of(first, others));
	}

	/**
	 * @return the npm original's lower-case name, for example {@code opened}
	 */
	public String seedName() {
		return this.seedName;
	}

	/**
	 * @return the states the machine may move to from this one
	 */
	public Set<SocketState> successors() {
		return this.successors;
	}

	/**
	 * @param next a state
	 * @return whether the transition table has an edge from this state to {@code next}
	 */
	public boolean canMoveTo(SocketState next) {
		return this.successors.contains(next);
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
