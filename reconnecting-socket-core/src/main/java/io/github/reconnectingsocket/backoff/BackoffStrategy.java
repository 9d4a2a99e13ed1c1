package io.github.reconnectingsocket.backoff;

/**
 * The sequence of reconnect delays before jitter: small, immutable and stateless, so that
 * one policy can serve any number of {@link BackoffSequence sequences}.
 *
 * <p>
 * {@code retry} counts the delays handed out since the last reset, from 0. Every strategy
 * is non-decreasing in {@code retry} and stays within [{@link #initialDelayMillis()},
 * {@link #maxDelayMillis()}] for any {@code retry} up to {@link Integer#MAX_VALUE}.
 */
interface BackoffStrategy {

	/**
	 * @param retry the number of delays handed out since the last reset, 0 or more
	 * @return the delay in milliseconds, before jitter
	 */
	long baseDelayMillis(int retry);

	/**
	 * @return the first delay, in milliseconds
	 */
	long initialDelayMillis();

	/**
	 * @return the largest delay the sequence reaches, in milliseconds
	 */
	long maxDelayMillis();

}
