package io.github.reconnectingsocket.benchmarks.latency;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.benchmarks.Machine;
import io.github.reconnectingsocket.benchmarks.Measure;
import io.github.reconnectingsocket.benchmarks.Options;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketHandle;
import io.github.reconnectingsocket.core.SocketState;

/**
 * Scenario 2, reaction latency: from {@code handle.close()} of an open socket to the
 * start of the next {@code create()}, with the smallest delay the API allows (fixed
 * strategy, 0 ms) on the default shared executor and scheduler. The socket is in memory,
 * so only the library is timed.
 */
public final class ReactionLatency {

	/** The options this scenario accepts. */
	public static final Set<String> OPTIONS = Set.of("cycles", "warmup");

	private ReactionLatency() {
	}

	/**
	 * @param cycles measured cycles
	 * @param p50 median, ns
	 * @param p99 99th percentile, ns
	 * @param p999 99.9th percentile, ns
	 * @param max the slowest, ns
	 */
	public record Result(int cycles, long p50, long p99, long p999, long max) {
	}

	public static void main(String[] args) throws Exception {
		run(Options.parse(args, OPTIONS), System.out);
	}

	public static Result run(Options options, PrintStream out) throws InterruptedException {
		int cycles = options.intValue("cycles", 200_000, 1);
		int warmup = options.intValue("warmup", 50_000, 0);
		out.println("# latency " + Machine.describe());
		Probe probe = new Probe(warmup + cycles);
		Semaphore opened = new Semaphore(0);
		ReconnectingSocket<SocketHandle> socket = ReconnectingSocket.<SocketHandle>builder()
			.name("latency")
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ZERO).build())
			.create(probe::create)
			.destroy(SocketHandle::close)
			.stateListener((change) -> {
				if (change.to() == SocketState.OPENED) {
					opened.release();
				}
			})
			.build();
		socket.start();
		for (int i = 0; i < warmup + cycles; i++) {
			if (!opened.tryAcquire(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Cycle " + i + " did not reopen within 10 s: " + socket.snapshot());
			}
			SocketHandle handle = probe.handle;
			probe.closedAt = System.nanoTime();
			handle.close();
		}
		if (!opened.tryAcquire(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The last cycle did not reopen within 10 s");
		}
		socket.stop().toCompletableFuture().join();

		long[] measured = new long[cycles];
		System.arraycopy(probe.latencies, warmup, measured, 0, cycles);
		long[] sorted = Measure.sorted(measured);
		Result result = new Result(cycles, Measure.percentile(sorted, 50), Measure.percentile(sorted, 99),
				Measure.percentile(sorted, 99.9), sorted[sorted.length - 1]);
		out.printf(
				"close() -> next create(), fixed 0 ms, shared executor and scheduler, %d cycles after %d warm-up:"
						+ "%n  p50 %s  p99 %s  p99.9 %s  max %s  (target p99 < 1 ms: %s)%n",
				cycles, warmup, Measure.micros(result.p50()), Measure.micros(result.p99()),
				Measure.micros(result.p999()), Measure.micros(result.max()),
				(result.p99() < 1_000_000) ? "met" : "MISSED");
		return result;
	}

	/** The factory side: timestamps each create() against the close() that led to it. */
	private static final class Probe {

		final long[] latencies;

		volatile SocketHandle handle;

		// Written before close() and read in the create() that follows it: ordered by the
		// library's queue.
		volatile long closedAt;

		private int created;

		Probe(int cycles) {
			this.latencies = new long[cycles];
		}

		SocketHandle create(SocketHandle handle, boolean firstOpen) {
			long now = System.nanoTime();
			if (!firstOpen) {
				this.latencies[this.created++] = now - this.closedAt;
			}
			this.handle = handle;
			handle.open();
			return handle;
		}

	}

}
