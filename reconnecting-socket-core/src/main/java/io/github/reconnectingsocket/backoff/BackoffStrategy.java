package io.github.reconnectingsocket.backoff;

import java.time.Duration;

/**
 * The sequence of reconnect delays before jitter: small, immutable and stateless.
 *
 * <p>
 * {@code retry} counts the delays waited since the backoff was last reset, from 0: the
 * delay after a dropped connection, or after the first failed attempt, is
 * {@code baseDelayMillis(0)}.
 */
public interface BackoffStrategy {

	/**
	 * @param retry the number of delays already waited since the last reset, 0 or more
	 * @return the delay in milliseconds, before jitter, never above
	 * {@link #maxDelayMillis()}
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

	/**
	 * @return the strategy's configuration name: {@code fibonacci}, {@code exponential}
	 * or {@code fixed}
	 */
	String name();

	/**
	 * The seed's default: d, d, 2d, 3d, 5d, 8d, ... capped at {@code maxDelay}.
	 * @param initialDelay at least 1 ms
	 * @param maxDelay greater than {@code initialDelay}
	 * @return the strategy
	 */
	static BackoffStrategy fibonacci(Duration initialDelay, Duration maxDelay) {
		return new FibonacciBackoff(initialDelay, maxDelay);
	}

	/**
	 * d, d·f, d·f², ... capped at {@code maxDelay}.
	 * @param initialDelay at least 1 ms
	 * @param maxDelay greater than {@code initialDelay}
	 * @param factor greater than 1
	 * @return the strategy
	 */
	static BackoffStrategy exponential(Duration initialDelay, Duration maxDelay, double factor) {
		return new ExponentialBackoff(initialDelay, maxDelay, factor);
	}

	/**
	 * The same delay every time; the only strategy that accepts 0 (reconnect at once).
	 * @param delay 0 or more
	 * @return the strategy
	 */
	static BackoffStrategy fixed(Duration delay) {
		return new FixedBackoff(delay);
	}

}
