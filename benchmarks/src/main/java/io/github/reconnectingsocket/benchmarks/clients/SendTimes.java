package io.github.reconnectingsocket.benchmarks.clients;

/**
 * The send times of one connection's messages in flight, oldest first: the echo comes
 * back in order.
 */
final class SendTimes {

	private final long[] times;

	private int head;

	private int size;

	private long echoes;

	private long lastEchoNanos;

	private long longestWaitNanos;

	SendTimes(int capacity) {
		this.times = new long[capacity];
	}

	synchronized void sent(long nanos) {
		if (this.size == this.times.length) {
			throw new IllegalStateException("more messages in flight than the window");
		}
		this.times[(this.head + this.size++) % this.times.length] = nanos;
	}

	/**
	 * @return the send time of the oldest message in flight
	 */
	synchronized long echoed() {
		long time = this.times[this.head];
		this.head = (this.head + 1) % this.times.length;
		this.size--;
		this.echoes++;
		long now = System.nanoTime();
		if (this.lastEchoNanos != 0) {
			this.longestWaitNanos = Math.max(this.longestWaitNanos, now - this.lastEchoNanos);
		}
		this.lastEchoNanos = now;
		return time;
	}

	/**
	 * @return echoes so far, and starts counting again
	 */
	synchronized long takeEchoes() {
		long count = this.echoes;
		this.echoes = 0;
		return count;
	}

	/**
	 * @return the longest time between two echoes of this connection (from its first
	 * echo, or from the last call), and starts again
	 */
	synchronized long takeLongestWaitNanos() {
		long longest = this.longestWaitNanos;
		this.longestWaitNanos = 0;
		return longest;
	}

}
