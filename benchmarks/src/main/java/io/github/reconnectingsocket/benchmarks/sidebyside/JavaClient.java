package io.github.reconnectingsocket.benchmarks.sidebyside;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.benchmarks.Machine;
import io.github.reconnectingsocket.benchmarks.Measure;
import io.github.reconnectingsocket.benchmarks.scale.NioSocketFactory;
import io.github.reconnectingsocket.core.ConnectionPacer;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;

/**
 * This library's side of the side-by-side scenario, in a child JVM: N instances on the
 * public API, every socket a non-blocking channel on one selector thread
 * ({@link NioSocketFactory}), the library's default threads. It speaks the same line
 * protocol as {@code npm-client.js} (see there).
 */
public final class JavaClient {

	private JavaClient() {
	}

	/**
	 * @param args n, hosts (comma-separated), port, initial delay ms, max delay ms,
	 * jitter (a {@link Backoff} jitter name), and optionally the pacing as
	 * {@code maxInFlight:attemptsPerSecond} (0 for no limit), optionally followed by
	 * {@code :recoveryWindowMillis} (0 for off), or {@code none}, and optionally
	 * {@code lateness} to measure how far behind its due time each attempt began (a state
	 * listener per instance: it costs CPU, so it is off by default)
	 * @throws Exception when the client cannot run
	 */
	public static void main(String[] args) throws Exception {
		int n = Integer.parseInt(args[0]);
		String[] hosts = args[1].split(",");
		int port = Integer.parseInt(args[2]);
		Backoff backoff = Backoff.builder()
			.strategy("fibonacci")
			.initialDelay(Duration.ofMillis(Long.parseLong(args[3])))
			.maxDelay(Duration.ofMillis(Long.parseLong(args[4])))
			.jitter(args[5])
			.randomisationFactor(0.2)
			.build();
		ConnectionPacer pacer = null;
		if (args.length > 6 && !args[6].equals("none")) {
			String[] limits = args[6].split(":");
			pacer = ConnectionPacer.named("side-by-side", Integer.parseInt(limits[0]), Integer.parseInt(limits[1]))
				.recoveryWindow(Duration.ofMillis((limits.length > 2) ? Long.parseLong(limits[2]) : 0));
		}
		Lateness lateness = (args.length > 7 && args[7].equals("lateness")) ? new Lateness(n) : null;
		AtomicLong attempts = new AtomicLong();
		NioSocketFactory nio = new NioSocketFactory(new InetSocketAddress(hosts[0], port),
				(nanos) -> attempts.incrementAndGet());
		Progress progress = new Progress(n);
		long rssBefore = Machine.rssBytes();
		List<ReconnectingSocket<NioSocketFactory.Connection>> sockets = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			InetSocketAddress address = new InetSocketAddress(hosts[i % hosts.length], port);
			int index = i;
			ReconnectingSocketBuilder<NioSocketFactory.Connection> builder = ReconnectingSocket
				.builder(NioSocketFactory.Connection.class)
				.name("rs-" + i)
				.backoff(backoff)
				.pacer(pacer)
				.create((handle, firstOpen) -> {
					if (lateness != null) {
						lateness.began(index);
					}
					return nio.connect(handle, address);
				})
				.destroy(nio::destroy)
				.onOpen((connection, firstOpen) -> progress.opened())
				.onClose((connection) -> {
					if (connection.wasOpened()) {
						progress.closed();
					}
				});
			if (lateness != null) {
				builder.stateListener((change) -> lateness.scheduled(index, change.nextAttemptAt()));
			}
			sockets.add(builder.build());
		}
		AtomicInteger libraryThreadsPeak = new AtomicInteger();
		Thread sampler = new Thread(() -> {
			while (true) {
				libraryThreadsPeak.accumulateAndGet(libraryThreads(), Math::max);
				LockSupport.parkNanos(100_000_000);
			}
		}, "bench-sampler");
		sampler.setDaemon(true);
		sampler.start();
		progress.started = System.nanoTime();
		sockets.forEach(ReconnectingSocket::start);
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line;
		while ((line = in.readLine()) != null) {
			if (line.equals("report")) {
				System.out.println("REPORT attempts=" + attempts.get() + " rssBefore=" + rssBefore + " rssOpened="
						+ progress.rssOpened + " libraryThreads=" + libraryThreadsPeak.get()
						+ ((lateness != null) ? lateness.report() : ""));
				if (Boolean.getBoolean("side-by-side.thread-cpu")) {
					System.err.println("thread CPU (ms, user+system, grouped by name): " + threadCpu());
				}
			}
		}
		System.exit(0);
	}

	/**
	 * @return the live threads named as the library names its own (virtual ones are not
	 * listed)
	 */
	private static int libraryThreads() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		int count = 0;
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
			if (info != null && info.getThreadName().startsWith(Measure.LIBRARY_THREAD_PREFIX)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * @return CPU per thread name (numbers folded), JIT and GC threads included, from
	 * /proc/self/task: where the time goes that execution samples do not see
	 */
	static java.util.Map<String, Long> threadCpu() throws java.io.IOException {
		java.util.Map<String, Long> cpu = new java.util.TreeMap<>();
		try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
			for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
				try {
					String stat = java.nio.file.Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
						.replaceAll("[0-9]+", "N");
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					cpu.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10, Long::sum);
				}
				catch (java.io.IOException ex) {
					// the thread ended meanwhile
				}
			}
		}
		return cpu;
	}

	/**
	 * How far behind its due time (the {@code nextAttemptAt} of the transition that
	 * scheduled it) each attempt's {@code create()} began: the same figure as the npm
	 * client's timer lateness.
	 */
	static final class Lateness {

		private final java.util.concurrent.atomic.AtomicLongArray dueAt;

		private final List<Long> late = new ArrayList<>();

		Lateness(int n) {
			this.dueAt = new java.util.concurrent.atomic.AtomicLongArray(n);
		}

		void scheduled(int index, java.time.Instant nextAttemptAt) {
			if (nextAttemptAt != null) {
				this.dueAt.set(index, nextAttemptAt.toEpochMilli());
			}
		}

		void began(int index) {
			long due = this.dueAt.getAndSet(index, 0);
			if (due != 0) {
				synchronized (this.late) {
					this.late.add(System.currentTimeMillis() - due);
				}
			}
		}

		/**
		 * @return the figures since the last report, as the npm client words them
		 */
		String report() {
			synchronized (this.late) {
				this.late.sort(null);
				String report = " lateP50=" + percentile(0.5) + " lateP90=" + percentile(0.9) + " timers="
						+ this.late.size();
				this.late.clear();
				return report;
			}
		}

		private long percentile(double p) {
			return this.late.isEmpty() ? 0
					: this.late.get(Math.min(this.late.size() - 1, (int) (this.late.size() * p)));
		}

	}

	/** Counts open connections and says when all opened, all dropped, all reopened. */
	static final class Progress {

		private final int n;

		private final AtomicInteger open = new AtomicInteger();

		// 0: opening, 1: all opened, 2: all dropped; all reopened is 1 again, so that the
		// server can be killed once more (--storms).
		private final AtomicInteger phase = new AtomicInteger();

		volatile long started;

		volatile long rssOpened;

		Progress(int n) {
			this.n = n;
		}

		void opened() {
			int now = this.open.incrementAndGet();
			if (now == this.n && this.phase.compareAndSet(0, 1)) {
				long at = System.nanoTime();
				this.rssOpened = Machine.rssBytes();
				System.out.println("ALL_OPENED " + at + " " + (at - this.started));
			}
			else if (now == this.n && this.phase.compareAndSet(2, 1)) {
				System.out.println("REOPENED " + System.nanoTime());
			}
		}

		void closed() {
			if (this.open.decrementAndGet() == 0 && this.phase.compareAndSet(1, 2)) {
				System.out.println("DROPPED " + System.nanoTime());
			}
		}

	}

}
