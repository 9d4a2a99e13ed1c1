package io.github.reconnectingsocket.backoff;

/**
 * The same delay before every attempt. Alone among the strategies it accepts 0: reconnect
 * at once, which suits tests and benchmarks more than production.
 *
 * @param delayMillis the delay, 0 or more
 */
record FixedBackoff(long delayMillis) implements BackoffStrategy {

	@Override
	public long baseDelayMillis(int retry) {
		return this.delayMillis;
	}

	@Override
	public long initialDelayMillis() {
		return this.delayMillis;
	}

	@Override
	public long maxDelayMillis() {
		return this.delayMillis;
	}

}
