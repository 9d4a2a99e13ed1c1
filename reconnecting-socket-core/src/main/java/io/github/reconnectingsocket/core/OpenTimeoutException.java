package io.github.reconnectingsocket.core;

import java.util.concurrent.TimeoutException;

/**
 * An attempt did not open within the open timeout; it was destroyed and counted as
 * failed.
 */
public final class OpenTimeoutException extends TimeoutException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param attempt the attempt's number since {@code start()}
	 * @param timeoutMillis the open timeout
	 */
	public OpenTimeoutException(int attempt, long timeoutMillis) {
		super("Attempt " + attempt + " did not open within the open timeout of " + timeoutMillis + " ms");
	}

}
