package io.github.reconnectingsocket.benchmarks.scale;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.backoff.BackoffSequence;
import io.github.reconnectingsocket.benchmarks.Machine;
import io.github.reconnectingsocket.benchmarks.Measure;
import io.github.reconnectingsocket.benchmarks.Options;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketHandle;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;

/**
 * Scenario 1, scale: N managed sockets over real loopback TCP against a server (in a
 * child JVM) that is killed and restarted. Default executor and scheduler, so the
 * library's threads are the ones a user gets.
 */
public final class ScaleBenchmark {

	/** The options this scenario accepts. */
	public static final Set<String> OPTIONS = Set.of("n", "outage", "initial-delay", "max-delay", "backlog", "timeout");

	private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	// Descriptors the benchmark JVM needs besides the sockets: jars, selector, pipes,
	// stdio.
	private static final int SPARE_DESCRIPTORS = 200;

	private ScaleBenchmark() {
	}

	/**
	 * The figures of one run.
	 *
	 * @param n managed sockets
	 * @param allOpenNanos from the first start() to all OPENED
	 * @param allClosedNanos from the kill to all sockets having seen the drop
	 * @param outageNanos from the kill to the server listening again
	 * @param reopenNanos from the server listening again to all OPENED
	 * @param backoffBoundMillis the longest backoff delay in effect when the server
	 * returned
	 * @param peakAttemptsPer10ms the most connection attempts in one 10 ms window after
	 * the return
	 * @param attemptsAfterReturn connection attempts from the return to all OPENED (10 ms
	 * windows)
	 * @param attemptsDuringOutage connection attempts from the kill to the return (10 ms
	 * windows)
	 * @param heapPerSocket heap after GC per managed socket, NIO channel included
	 * @param rssPerSocket resident set growth per managed socket
	 * @param libraryHeapPerInstance heap after GC per OPENED instance whose socket is its
	 * own handle
	 * @param libraryThreadsPeak most library threads seen at once
	 * @param allThreadsPeak most threads of the JVM seen at once
	 * @param cpuOpenNanos process CPU time from start to all OPENED
	 * @param cpuReconnectNanos process CPU time from the kill to all OPENED again
	 */
	public record Result(int n, long allOpenNanos, long allClosedNanos, long outageNanos, long reopenNanos,
			long backoffBoundMillis, int peakAttemptsPer10ms, long attemptsAfterReturn, long attemptsDuringOutage,
			long heapPerSocket, long rssPerSocket, long libraryHeapPerInstance, int libraryThreadsPeak,
			int allThreadsPeak, long cpuOpenNanos, long cpuReconnectNanos) {

		/**
		 * @return whether every socket reopened within the backoff delay plus 1 s of the
		 * return
		 */
		public boolean reopenedInTime() {
			return this.reopenNanos <= TimeUnit.MILLISECONDS.toNanos(this.backoffBoundMillis + 1000);
		}

	}

	public static void main(String[] args) throws Exception {
		run(Options.parse(args, OPTIONS), System.out);
	}

	public static Result run(Options options, PrintStream out) throws Exception {
		int requested = options.intValue("n", 10_000, 1);
		Duration outage = options.duration("outage", Duration.ofSeconds(3));
		Duration timeout = options.duration("timeout", Duration.ofSeconds(120));
		int backlog = options.intValue("backlog", 4096, 1);
		Backoff backoff = Backoff.builder()
			.initialDelay(options.duration("initial-delay", Duration.ofSeconds(1)))
			.maxDelay(options.duration("max-delay", Duration.ofSeconds(20)))
			.build();
		out.println("# scale " + Machine.describe());
		int n = fitToDescriptors(requested, out);
		out.printf("n=%d backoff=%s outage=%s backlog=%d (effective: min with net.core.somaxconn=%s) ports=%s%n", n,
				backoff, outage, backlog, sysctl("net/core/somaxconn"), sysctl("net/ipv4/ip_local_port_range"));

		long origin = System.nanoTime();
		AtomicIntegerArray attemptsPerWindow = new AtomicIntegerArray(
				(int) (timeout.multipliedBy(3).plus(outage).toNanos() / WINDOW_NANOS) + 1);
		AtomicInteger opened = new AtomicInteger();
		Sampler sampler = new Sampler();
		sampler.start();
		ServerProcess server = ServerProcess.start(0, backlog);
		NioSocketFactory factory = new NioSocketFactory(new InetSocketAddress("127.0.0.1", server.port()), (nanos) -> {
			int window = (int) ((nanos - origin) / WINDOW_NANOS);
			if (window < attemptsPerWindow.length()) {
				attemptsPerWindow.incrementAndGet(window);
			}
		});
		List<ReconnectingSocket<NioSocketFactory.Connection>> sockets = new ArrayList<>(n);
		try {
			long heapBefore = Measure.heapAfterGc();
			long rssBefore = Machine.rssBytes();
			for (int i = 0; i < n; i++) {
				sockets.add(ReconnectingSocket.builder(factory)
					.name("scale-" + i)
					.backoff(backoff)
					.stateListener((change) -> {
						if (change.to() == SocketState.OPENED) {
							opened.incrementAndGet();
						}
						else if (change.from() == SocketState.OPENED) {
							opened.decrementAndGet();
						}
					})
					.build());
			}

			// Phase 1: first open.
			long cpu0 = Measure.processCpuNanos();
			long started = System.nanoTime();
			sockets.forEach(ReconnectingSocket::start);
			long allOpen = awaitNanos(() -> opened.get() == n, timeout, "all " + n + " sockets to open") - started;
			long cpuOpen = Measure.processCpuNanos() - cpu0;
			out.printf("all %d opened in %s (CPU %s)%n", n, Measure.seconds(allOpen), Measure.seconds(cpuOpen));
			long heapPerSocket = (Measure.heapAfterGc() - heapBefore) / n;
			long rssPerSocket = (Machine.rssBytes() - rssBefore) / n;
			out.printf("heap after GC per managed socket (NIO channel included): %d B; RSS per socket: %d B%n",
					heapPerSocket, rssPerSocket);

			// Phase 2: kill the server, keep it down, bring it back on the same port.
			long cpu1 = Measure.processCpuNanos();
			long killed = System.nanoTime();
			server.kill();
			long allClosed = awaitNanos(() -> opened.get() == 0, timeout, "all sockets to see the drop") - killed;
			LockSupport.parkNanos(Math.max(0, killed + outage.toNanos() - System.nanoTime()));
			server = ServerProcess.start(server.port(), backlog);
			long returned = server.listeningSince();
			int openAtRead = opened.get();
			long bound = backoffBoundMillis(sockets, backoff);
			long reopened = awaitNanos(() -> opened.get() == n, timeout, "all sockets to reopen") - returned;
			long cpuReconnect = Measure.processCpuNanos() - cpu1;
			int returnWindow = (int) ((returned - origin) / WINDOW_NANOS);
			int reopenedWindow = (int) ((returned + reopened - origin) / WINDOW_NANOS);
			long attemptsAfterReturn = sum(attemptsPerWindow, returnWindow, reopenedWindow);
			long attemptsDuringOutage = sum(attemptsPerWindow, (int) ((killed - origin) / WINDOW_NANOS),
					returnWindow - 1);
			int peak = peakWindow(attemptsPerWindow, returnWindow, reopenedWindow);
			out.printf(
					"all saw the drop %s after the kill; server listening again %s after the kill (%d had "
							+ "reopened by the time its start-up was reported)%n",
					Measure.seconds(allClosed), Measure.seconds(returned - killed), openAtRead);
			out.printf(
					"all %d reopened %s after the server's return (longest backoff delay then: %d ms; "
							+ "target <= %d ms: %s)%n",
					n, Measure.seconds(reopened), bound, bound + 1000,
					(reopened <= TimeUnit.MILLISECONDS.toNanos(bound + 1000)) ? "met" : "MISSED");
			out.printf(
					"connection attempts: %d during the outage, %d after the return; peak %d per 10 ms window "
							+ "after the return (%.2f%% of n)%n",
					attemptsDuringOutage, attemptsAfterReturn, peak, 100.0 * peak / n);
			out.printf("process CPU from the kill to all reopened: %s%n", Measure.seconds(cpuReconnect));

			// Phase 3: stop everything; nothing may hang.
			CompletableFuture
				.allOf(sockets.stream()
					.map((socket) -> socket.stop().toCompletableFuture())
					.toArray(CompletableFuture[]::new))
				.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			sockets.clear();
			factory.close();
			server.close();
			sampler.stop();
			out.printf(
					"threads: library (\"%s*\") peak %d (target <= 4: %s); whole JVM peak %d, of which the "
							+ "benchmark's selector and sampler 2%n",
					Measure.LIBRARY_THREAD_PREFIX, sampler.libraryPeak, (sampler.libraryPeak <= 4) ? "met" : "MISSED",
					sampler.allPeak);

			long libraryHeap = libraryHeapPerInstance(n);
			out.printf("heap after GC per OPENED instance, in-memory socket (its handle): %d B (target <= 1024 B: "
					+ "%s)%n", libraryHeap, (libraryHeap <= 1024) ? "met" : "MISSED");
			return new Result(n, allOpen, allClosed, returned - killed, reopened, bound, peak, attemptsAfterReturn,
					attemptsDuringOutage, heapPerSocket, rssPerSocket, libraryHeap, sampler.libraryPeak,
					sampler.allPeak, cpuOpen, cpuReconnect);
		}
		finally {
			sampler.stop();
			factory.close();
			server.close();
		}
	}

	/**
	 * The same machine over N in-memory sockets whose socket is their own handle, so that
	 * nothing but the library is counted: what an instance costs beyond its socket.
	 */
	static long libraryHeapPerInstance(int n) throws Exception {
		AtomicInteger opened = new AtomicInteger();
		List<ReconnectingSocket<SocketHandle>> sockets = new ArrayList<>(n);
		long before = Measure.heapAfterGc();
		for (int i = 0; i < n; i++) {
			sockets.add(ReconnectingSocket.<SocketHandle>builder().name("memory-" + i).create((handle, firstOpen) -> {
				handle.open();
				return handle;
			}).destroy(SocketHandle::close).stateListener((change) -> {
				if (change.to() == SocketState.OPENED) {
					opened.incrementAndGet();
				}
			}).build());
		}
		sockets.forEach(ReconnectingSocket::start);
		awaitNanos(() -> opened.get() == n, Duration.ofSeconds(60), "in-memory sockets to open");
		long perInstance = (Measure.heapAfterGc() - before) / n;
		CompletableFuture.allOf(
				sockets.stream().map((socket) -> socket.stop().toCompletableFuture()).toArray(CompletableFuture[]::new))
			.get(60, TimeUnit.SECONDS);
		return perInstance;
	}

	/**
	 * The longest backoff delay any socket was waiting, or could wait next, when the
	 * server returned: the exact delay of a CLOSED socket; the policy's largest next
	 * delay for one still connecting.
	 */
	private static long backoffBoundMillis(List<? extends ReconnectingSocket<?>> sockets, Backoff backoff) {
		double spread = backoff.jitterName().equals("proportional") ? 1 + backoff.randomisationFactor() : 1;
		Backoff withoutJitter = backoff.toBuilder().jitter("none").build();
		long bound = 0;
		for (ReconnectingSocket<?> socket : sockets) {
			SocketSnapshot snapshot = socket.snapshot();
			Instant next = snapshot.nextAttemptAt();
			if (snapshot.state() == SocketState.CLOSED && next != null) {
				bound = Math.max(bound, Duration.between(snapshot.since(), next).toMillis());
			}
			else if (snapshot.state().isConnecting()) {
				long base = baseDelayMillis(withoutJitter, snapshot.consecutiveFailures() + 1);
				bound = Math.max(bound, (long) Math.ceil(base * spread));
			}
		}
		return bound;
	}

	/** The delay a policy without jitter hands out after {@code retry} others. */
	private static long baseDelayMillis(Backoff withoutJitter, int retry) {
		BackoffSequence sequence = withoutJitter.newSequence(() -> 0);
		for (int i = 0; i < retry; i++) {
			sequence.nextDelayMillis();
		}
		return sequence.nextDelayMillis();
	}

	private static long sum(AtomicIntegerArray windows, int from, int to) {
		long sum = 0;
		for (int i = Math.max(0, from); i <= to && i < windows.length(); i++) {
			sum += windows.get(i);
		}
		return sum;
	}

	private static int peakWindow(AtomicIntegerArray windows, int from, int to) {
		int peak = 0;
		for (int i = Math.max(0, from); i <= to && i < windows.length(); i++) {
			peak = Math.max(peak, windows.get(i));
		}
		return peak;
	}

	/**
	 * @return the {@link System#nanoTime()} at which the condition was first seen true
	 */
	private static long awaitNanos(BooleanSupplier condition, Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what);
			}
			LockSupport.parkNanos(200_000);
		}
		return System.nanoTime();
	}

	private static int fitToDescriptors(int requested, PrintStream out) {
		long limit = Machine.openFilesLimit();
		if (limit < 0 || limit >= requested + SPARE_DESCRIPTORS) {
			out.printf("open-file limit %d: enough for n=%d (needs n + %d in this JVM and in the server's)%n", limit,
					requested, SPARE_DESCRIPTORS);
			return requested;
		}
		int n = (int) Math.max(1, limit - SPARE_DESCRIPTORS);
		out.printf("open-file limit %d is too low for n=%d (needs n + %d): running n=%d; raise it with ulimit -n%n",
				limit, requested, SPARE_DESCRIPTORS, n);
		return n;
	}

	private static String sysctl(String name) {
		try {
			return String.join(" ", Files.readAllLines(Path.of("/proc/sys", name))).trim().replace('\t', '-');
		}
		catch (IOException ex) {
			return "?";
		}
	}

	/** Samples thread counts, so that a worker that lives briefly is still counted. */
	private static final class Sampler implements Runnable {

		private final Thread thread = new Thread(this, "bench-sampler");

		volatile int libraryPeak;

		volatile int allPeak;

		private volatile boolean running = true;

		void start() {
			this.thread.setDaemon(true);
			this.thread.start();
		}

		void stop() throws InterruptedException {
			this.running = false;
			this.thread.join();
		}

		@Override
		public void run() {
			while (this.running) {
				this.libraryPeak = Math.max(this.libraryPeak, Measure.libraryThreads());
				this.allPeak = Math.max(this.allPeak, ManagementFactory.getThreadMXBean().getThreadCount());
				LockSupport.parkNanos(50_000_000);
			}
		}

	}

}
