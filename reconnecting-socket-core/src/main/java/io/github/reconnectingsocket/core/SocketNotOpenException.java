package io.github.reconnectingsocket.core;

import org.jspecify.annotations.Nullable;

/**
 * Fails a {@code whenOpen()} stage: the instance was stopped, or gave up, before it
 * opened.
 */
public final class SocketNotOpenException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final SocketState state;

	/**
	 * @param name the instance's name
	 * @param state the state that ended the wait: CLOSING, STOPPED or FAILED
	 * @param lastError the last error, the cause
	 */
	public SocketNotOpenException(String name, SocketState state, @Nullable Throwable lastError) {
		super("Reconnecting socket '" + name + "' is " + state.seedName() + ": it will not open unless started",
				lastError);
		this.state = state;
	}

	/**
	 * @return the state that ended the wait
	 */
	public SocketState state() {
		return this.state;
	}

}
