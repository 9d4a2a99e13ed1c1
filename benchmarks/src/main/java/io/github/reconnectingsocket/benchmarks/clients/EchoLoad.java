package io.github.reconnectingsocket.benchmarks.clients;

import java.util.concurrent.atomic.LongAdder;

/**
 * The closed loop of one run, shared by both clients: each connection keeps
 * {@code window} lines in flight; each echo records its send-to-echo latency and sends
 * the next line.
 */
final class EchoLoad {

	/** 32 bytes on the wire with its line feed. */
	static final String LINE = "0123456789abcdefghijklmnopqrstu";

	final int window;

	final LatencyHistogram latencies = new LatencyHistogram();

	final LongAdder echoes = new LongAdder();

	/** Sends refused at once (the shipped client's stage failed): should stay 0. */
	final LongAdder failedSends = new LongAdder();

	private volatile boolean running = true;

	EchoLoad(int window) {
		this.window = window;
	}

	/**
	 * @param times the connection's messages in flight
	 * @param line the echoed line
	 * @return whether to send the next line (its send time is recorded)
	 */
	boolean echoed(SendTimes times, String line) {
		long now = System.nanoTime();
		if (!LINE.equals(line)) {
			throw new IllegalStateException("unexpected echo '" + line + "'");
		}
		this.latencies.record(now - times.echoed());
		this.echoes.increment();
		if (this.running) {
			times.sent(System.nanoTime());
			return true;
		}
		return false;
	}

	void stop() {
		this.running = false;
	}

	/** Forgets the warm-up. */
	void reset() {
		this.latencies.reset();
		this.echoes.reset();
	}

}
