package io.github.reconnectingsocket.backoff;

/**
 * Exponential delays, as in the seed: d, d·f, d·f², ... capped at {@code maxDelayMillis}.
 *
 * @param initialDelayMillis the first delay, at least 1 ms
 * @param maxDelayMillis the cap, greater than {@code initialDelayMillis}
 * @param factor the multiplier between two delays, finite and greater than 1
 */
record ExponentialBackoff(long initialDelayMillis, long maxDelayMillis, double factor) implements BackoffStrategy {

	@Override
	public long baseDelayMillis(int retry) {
		// In double, so that a long run of retries reaches infinity instead of
		// overflowing; the cast
		// to long saturates at Long.MAX_VALUE. Math.pow is semi-monotonic, so the
		// sequence never
		// decreases, and the bounds are applied in long because a double may round past
		// either one.
		long scaled = (long) (this.initialDelayMillis * Math.pow(this.factor, retry));
		return Math.min(this.maxDelayMillis, Math.max(this.initialDelayMillis, scaled));
	}

}
