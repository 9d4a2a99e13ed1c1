package io.github.reconnectingsocket.backoff;

/**
 * The delays of one socket's backoff, one after the other: created by
 * {@link Backoff#newSequence(java.util.function.DoubleSupplier)}, in the spirit of gRPC's
 * {@code BackoffPolicy} and Lettuce's {@code StatefulDelay}.
 *
 * <p>
 * A sequence holds state (the retry count and the previous delay, which the
 * {@code decorrelated} jitter grows from), so it belongs to one socket's state machine
 * and is not thread-safe.
 */
public interface BackoffSequence {

	/**
	 * Hands out the next delay, jitter included, and advances the sequence.
	 * @return the delay to wait before the next attempt, in milliseconds, 0 or more
	 */
	long nextDelayMillis();

	/**
	 * Starts again from the first delay, as after a connection that opened (or stayed
	 * open for {@code resetAfter}).
	 */
	void reset();

	/**
	 * @return the number of delays handed out since the last reset (or since creation),
	 * saturating at {@link Integer#MAX_VALUE}
	 */
	int retries();

}
