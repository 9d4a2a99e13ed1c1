package io.github.reconnectingsocket.core;

/**
 * How a {@code stop()} ended: what its stage completes with, once the instance is
 * STOPPED.
 */
public enum StopOutcome {

	/**
	 * The socket closed (or {@code destroy()} returned, for an
	 * {@link AsyncSocketFactory}), or there was none.
	 */
	CLOSED,

	/**
	 * The stop timeout elapsed first, or was 0: the instance stopped without the socket's
	 * close. One WARN names what was still missing.
	 */
	TIMED_OUT

}
