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

}
