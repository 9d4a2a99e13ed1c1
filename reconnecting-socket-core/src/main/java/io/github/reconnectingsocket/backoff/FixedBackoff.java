package io.github.reconnectingsocket.backoff;

import java.time.Duration;

/**
 * The same delay before every attempt. Alone among the strategies it accepts 0: reconnect
 * at once, which suits tests and benchmarks more than production.
 *
 * @param delay the delay, 0 or more
 */
public record FixedBackoff(Duration delay) implements BackoffStrategy {

	/** Validates the option; see {@link BackoffStrategy#fixed(Duration)}. */
	public FixedBackoff {
		Durations.atLeast("backoff.initialDelay", delay, 0);
	}

	@Override
	public long baseDelayMillis(int retry) {
		return this.delay.toMillis();
	}

	@Override
	public long initialDelayMillis() {
		return this.delay.toMillis();
	}

	@Override
	public long maxDelayMillis() {
		return this.delay.toMillis();
	}

	@Override
	public String name() {
		return "fixed";
	}

}
