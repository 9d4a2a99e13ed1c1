package io.github.reconnectingsocket.benchmarks.clients;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Send-to-echo latencies in microsecond buckets up to 1 s (one overflow bucket):
 * thread-safe, no allocation.
 */
final class LatencyHistogram {

	private static final int BUCKETS = 1_000_001;

	private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

	void record(long nanos) {
		this.counts.incrementAndGet((int) Math.min(BUCKETS - 1, Math.max(0, nanos / 1000)));
	}

	long count() {
		long total = 0;
		for (int i = 0; i < BUCKETS; i++) {
			total += this.counts.get(i);
		}
		return total;
	}

	/**
	 * @return the nearest-rank percentile, in microseconds
	 */
	long percentileMicros(double p) {
		long rank = (long) Math.ceil(p / 100.0 * count());
		long seen = 0;
		for (int i = 0; i < BUCKETS; i++) {
			seen += this.counts.get(i);
			if (seen >= rank && rank > 0) {
				return i;
			}
		}
		return 0;
	}

	/**
	 * @return latencies of 1 s or more
	 */
	long overflows() {
		return this.counts.get(BUCKETS - 1);
	}

	void reset() {
		for (int i = 0; i < BUCKETS; i++) {
			this.counts.set(i, 0);
		}
	}

}
