package io.github.reconnectingsocket.backoff;

import java.util.function.DoubleSupplier;

/** The one {@link BackoffSequence}: a policy's jittered delays, counted. */
final class JitteredBackoffSequence implements BackoffSequence {

	private final Backoff backoff;

	private final DoubleSupplier random;

	private int retries;

	private long previousDelayMillis;

	JitteredBackoffSequence(Backoff backoff, DoubleSupplier random) {
		this.backoff = backoff;
		this.random = random;
	}

	@Override
	public long nextDelayMillis() {
		long delay = this.backoff.jitteredDelayMillis(this.retries, this.previousDelayMillis, this.random);
		this.previousDelayMillis = delay;
		// Saturates rather than wraps, so that an endless outage never starts again from
		// the first delay.
		if (this.retries < Integer.MAX_VALUE) {
			this.retries++;
		}
		return delay;
	}

	@Override
	public void reset() {
		this.retries = 0;
		this.previousDelayMillis = 0;
	}

	@Override
	public int retries() {
		return this.retries;
	}

	@Override
	public String toString() {
		return "BackoffSequence[retries=" + this.retries + ", previousDelayMillis=" + this.previousDelayMillis + "]";
	}

}
