package io.github.reconnectingsocket.backoff;

/**
 * Fibonacci delays, as in the seed: d, d, 2d, 3d, 5d, 8d, ... capped at
 * {@code maxDelayMillis}.
 *
 * @param initialDelayMillis the first delay, at least 1 ms
 * @param maxDelayMillis the cap, greater than {@code initialDelayMillis}
 */
record FibonacciBackoff(long initialDelayMillis, long maxDelayMillis) implements BackoffStrategy {

	@Override
	public long baseDelayMillis(int retry) {
		long previous = 0;
		long current = this.initialDelayMillis;
		// Reaches the cap within 92 steps even from 1 ms, so a huge retry costs no more
		// than that.
		for (int i = 0; i < retry && current < this.maxDelayMillis; i++) {
			long next = cappedSum(previous, current);
			previous = current;
			current = next;
		}
		return Math.min(current, this.maxDelayMillis);
	}

	/**
	 * {@code previous + current}, or the cap when the sum would pass it (or overflow a
	 * long).
	 */
	private long cappedSum(long previous, long current) {
		// previous <= current < max, so max - current cannot overflow.
		return (previous > this.maxDelayMillis - current) ? this.maxDelayMillis : previous + current;
	}

}
