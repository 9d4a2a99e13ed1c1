package io.github.reconnectingsocket.core;

import java.util.concurrent.TimeoutException;

/**
 * An open socket was silent for longer than the liveness timeout; it was dropped and
 * reopened.
 */
public final class LivenessTimeoutException extends TimeoutException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param silentMillis how long the socket had been silent
	 * @param timeoutMillis the liveness timeout
	 */
	public LivenessTimeoutException(long silentMillis, long timeoutMillis) {
		super("No sign of life for " + silentMillis + " ms (liveness timeout " + timeoutMillis + " ms)");
	}

}
