package io.github.reconnectingsocket.benchmarks.scale;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.benchmarks.Machine;
import io.github.reconnectingsocket.benchmarks.Measure;
import io.github.reconnectingsocket.benchmarks.Options;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketHandle;

/**
 * Scale beyond the descriptors a process may have: N instances (100,000 by default) in
 * one JVM on the library's default threads, against a simulated server on one thread
 * ("the network"), which opens every connection while it is up and refuses it while it is
 * down, and drops them all when it is killed. Real TCP needs a descriptor per socket on
 * each side: the hard limit here is 20,000.
 */
public final class MemoryScale {

	/** The options this scenario accepts. */
	public static final Set<String> OPTIONS = Set.of("n", "outage", "timeout");

	private MemoryScale() {
	}

	public static void main(String[] args) throws Exception {
		run(Options.parse(args, OPTIONS), System.out);
	}

	/**
	 * @param options the options
	 * @param out the report
	 * @return from the server's return to every instance open again, in ns
	 * @throws Exception when a phase times out
	 */
	public static long run(Options options, PrintStream out) throws Exception {
		int n = options.intValue("n", 100_000, 1);
		Duration outage = options.duration("outage", Duration.ofSeconds(2));
		Duration timeout = options.duration("timeout", Duration.ofSeconds(120));
		Backoff backoff = Backoff.builder()
			.initialDelay(Duration.ofMillis(100))
			.maxDelay(Duration.ofSeconds(1))
			.build();
		out.println("# memory-scale " + Machine.describe());
		Network network = new Network();
		AtomicInteger open = new AtomicInteger();
		AtomicInteger threadsPeak = new AtomicInteger();
		Thread sampler = new Thread(() -> {
			while (true) {
				threadsPeak.accumulateAndGet(Measure.libraryThreads(), Math::max);
				LockSupport.parkNanos(100_000_000);
			}
		}, "bench-sampler");
		sampler.setDaemon(true);
		sampler.start();
		long heapBefore = Measure.heapAfterGc();
		long rssBefore = Machine.rssBytes();
		List<ReconnectingSocket<SocketHandle>> sockets = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			sockets.add(ReconnectingSocket.<SocketHandle>builder()
				.name("memory-" + i)
				.backoff(backoff)
				.create((handle, firstOpen) -> network.connect(handle))
				.destroy(network::drop)
				.onOpen((handle, firstOpen) -> open.incrementAndGet())
				.onClose((handle) -> {
					if (network.connected.remove(handle)) {
						open.decrementAndGet();
					}
				})
				.build());
		}
		long cpu0 = Measure.processCpuNanos();
		long started = System.nanoTime();
		sockets.forEach(ReconnectingSocket::start);
		long allOpen = await(() -> open.get() == n, timeout, "all to open") - started;
		long heapPerInstance = (Measure.heapAfterGc() - heapBefore) / n;
		long rssPerInstance = (Machine.rssBytes() - rssBefore) / n;
		out.printf(
				"n=%d: all opened in %s (process CPU %s); heap after GC per instance %d B (the simulated "
						+ "socket is its handle); RSS growth per instance %d B%n",
				n, Measure.seconds(allOpen), Measure.seconds(Measure.processCpuNanos() - cpu0), heapPerInstance,
				rssPerInstance);
		long cpu1 = Measure.processCpuNanos();
		long attempts0 = network.attempts.get();
		long killed = System.nanoTime();
		network.kill();
		long dropped = await(() -> open.get() == 0, timeout, "all to see the drop") - killed;
		// The outage counts from the last drop: until then some instances are still
		// connected.
		LockSupport.parkNanos(outage.toNanos());
		long returned = System.nanoTime();
		network.up = true;
		long reopened = await(() -> open.get() == n, timeout, "all to reopen") - returned;
		out.printf(
				"killed: all saw the drop in %s; server back %s after the kill; all %d reopened %s after the return; "
						+ "attempts from the kill on %d (%.2f per instance); process CPU from the kill %s; library "
						+ "threads peak %d%n",
				Measure.seconds(dropped), Measure.seconds(returned - killed), n, Measure.seconds(reopened),
				network.attempts.get() - attempts0, (double) (network.attempts.get() - attempts0) / n,
				Measure.seconds(Measure.processCpuNanos() - cpu1), threadsPeak.get());
		sockets.forEach(ReconnectingSocket::stop);
		return reopened;
	}

	private static long await(BooleanSupplier condition, Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what);
			}
			LockSupport.parkNanos(200_000);
		}
		return System.nanoTime();
	}

	/**
	 * The simulated server and network: one thread answers every connect, as a selector
	 * would.
	 */
	static final class Network {

		final Set<SocketHandle> connected = ConcurrentHashMap.newKeySet();

		final AtomicLong attempts = new AtomicLong();

		private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();

		volatile boolean up = true;

		Network() {
			Thread thread = new Thread(() -> {
				try {
					while (true) {
						this.events.take().run();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, "bench-network");
			thread.setDaemon(true);
			thread.start();
		}

		SocketHandle connect(SocketHandle handle) {
			this.attempts.incrementAndGet();
			this.events.add(() -> {
				if (this.up) {
					this.connected.add(handle);
					handle.open();
				}
				else {
					handle.close(); // refused
				}
			});
			return handle;
		}

		void drop(SocketHandle handle) {
			this.events.add(handle::close);
		}

		void kill() {
			this.up = false;
			this.events.add(() -> this.connected.forEach(SocketHandle::close));
		}

	}

}
