package io.github.reconnectingsocket.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/** Heap, CPU, thread and percentile helpers shared by the scenarios. */
public final class Measure {

	/** The prefix of every thread the library starts. */
	public static final String LIBRARY_THREAD_PREFIX = "reconnecting-socket-";

	private Measure() {
	}

	/**
	 * @return the used heap in bytes after asking for full collections until it stops
	 * shrinking
	 */
	public static long heapAfterGc() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			if (now >= used) {
				return Math.min(now, used);
			}
			used = now;
		}
		return used;
	}

	/**
	 * @return CPU time of this process (all its threads) in nanoseconds, or -1 when
	 * unknown
	 */
	public static long processCpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return ProcessHandle.current().info().totalCpuDuration().map((d) -> d.toNanos()).orElse(-1L);
	}

	/**
	 * @return the live threads whose names start with {@link #LIBRARY_THREAD_PREFIX}
	 */
	public static int libraryThreads() {
		int count = 0;
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().startsWith(LIBRARY_THREAD_PREFIX)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * @param sorted ascending values
	 * @param p the percentile, in (0, 100]
	 * @return the nearest-rank percentile
	 */
	public static long percentile(long[] sorted, double p) {
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	/**
	 * @return a sorted copy
	 */
	public static long[] sorted(long[] values) {
		long[] copy = values.clone();
		Arrays.sort(copy);
		return copy;
	}

	public static String micros(long nanos) {
		return String.format("%.1f µs", nanos / 1000.0);
	}

	public static String seconds(long nanos) {
		return String.format("%.3f s", nanos / 1e9);
	}

}
