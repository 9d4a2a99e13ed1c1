package io.github.reconnectingsocket.benchmarks.clients;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.github.reconnectingsocket.benchmarks.Machine;
import io.github.reconnectingsocket.benchmarks.Options;

/**
 * Scenario {@code clients}: messages per second and send-to-echo latency through the
 * shipped {@code TcpClient} (lines framing, {@code client.send}) against a plain NIO
 * client written here, with 1 and 1,000 connections to one echo server in a child JVM, in
 * one run. Each connection keeps {@code --window} lines of 32 bytes in flight.
 */
public final class ClientThroughput {

	public static final Set<String> OPTIONS = Set.of("connections", "window", "warmup", "duration", "rounds");

	private ClientThroughput() {
	}

	public static void main(String[] args) throws Exception {
		run(Options.parse(args, OPTIONS), System.out);
	}

	/**
	 * @param options the options
	 * @param out where the report goes
	 * @return one row per client and connection count
	 */
	public static List<Row> run(Options options, PrintStream out) throws Exception {
		int[] counts = Arrays.stream(options.string("connections", "1,1000").split(","))
			.mapToInt(Integer::parseInt)
			.toArray();
		int window = options.intValue("window", 8, 1);
		int rounds = options.intValue("rounds", 2, 1);
		Duration warmup = options.duration("warmup", Duration.ofSeconds(3));
		Duration duration = options.duration("duration", Duration.ofSeconds(10));
		out.println(Machine.describe());
		out.println("clients: window " + window + " lines of 32 bytes per connection, warm-up " + warmup.toMillis()
				+ " ms, measured " + duration.toMillis() + " ms, " + rounds
				+ " round(s) per connection count, the two clients alternating which goes first;"
				+ " echo server: one selector thread in a child JVM");
		List<Row> rows = new ArrayList<>();
		try (EchoServer server = EchoServer.start()) {
			for (int connections : counts) {
				for (int round = 1; round <= rounds; round++) {
					Row nio;
					Row shipped;
					if (round % 2 == 1) {
						nio = measure("plain NIO", NioEchoClients::new, server.port, connections, window, warmup,
								duration);
						print(out, nio);
						shipped = measure("TcpClient", ShippedEchoClients::new, server.port, connections, window,
								warmup, duration);
						print(out, shipped);
					}
					else {
						shipped = measure("TcpClient", ShippedEchoClients::new, server.port, connections, window,
								warmup, duration);
						print(out, shipped);
						nio = measure("plain NIO", NioEchoClients::new, server.port, connections, window, warmup,
								duration);
						print(out, nio);
					}
					rows.add(nio);
					rows.add(shipped);
					out.printf(
							"  %d connections, round %d: throughput ratio %.2f (goal >= 0.9), p99 ratio %.2f (goal <= 1.2), "
									+ "CPU per message ratio %.2f%n",
							connections, round, shipped.perSecond() / nio.perSecond(),
							(double) shipped.p99Micros() / Math.max(1, nio.p99Micros()),
							shipped.cpuMicrosPerMessage() / nio.cpuMicrosPerMessage());
				}
			}
		}
		return rows;
	}

	private static Row measure(String name, Supplier<EchoClients> clients, int port, int connections, int window,
			Duration warmup, Duration duration) throws Exception {
		// The same start for both: the previous run's garbage collected, its closes
		// settled.
		System.gc();
		Thread.sleep(500);
		EchoLoad load = new EchoLoad(window);
		Map<String, Long> beforeOpen = TcpCounters.read();
		try (EchoClients client = clients.get()) {
			client.open(port, connections);
			client.start(load);
			Thread.sleep(warmup.toMillis());
			long[] warm = client.takeEchoesPerConnection();
			client.takeLongestWaitsNanos();
			load.reset();
			Map<String, Long> beforeMeasure = TcpCounters.read();
			long cpu = processCpuNanos();
			long gc = gcMillis();
			long start = System.nanoTime();
			Thread.sleep(duration.toMillis());
			long echoes = load.echoes.sum();
			double seconds = (System.nanoTime() - start) / 1e9;
			cpu = processCpuNanos() - cpu;
			gc = gcMillis() - gc;
			long[] perConnection = client.takeEchoesPerConnection();
			long[] waits = client.takeLongestWaitsNanos();
			Map<String, Long> afterMeasure = TcpCounters.read();
			load.stop();
			Arrays.sort(perConnection);
			return new Row(name, connections, echoes / seconds, load.latencies.percentileMicros(50),
					load.latencies.percentileMicros(99), load.latencies.percentileMicros(99.9),
					load.latencies.overflows(), perConnection[0], perConnection[perConnection.length - 1],
					Arrays.stream(warm).min().orElse(0), (echoes > 0) ? cpu / 1e3 / echoes : Double.NaN, gc,
					load.failedSends.sum(), Arrays.stream(waits).max().orElse(0) / 1_000_000,
					Arrays.stream(waits).filter((wait) -> wait >= 1_000_000_000L).count(),
					TcpCounters.delta(beforeOpen, beforeMeasure), TcpCounters.delta(beforeMeasure, afterMeasure),
					client.threads());
		}
	}

	/**
	 * CPU time of this JVM (the clients, their GC and JIT; the echo server is another).
	 */
	private static long processCpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return 0;
	}

	private static long gcMillis() {
		long total = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			total += Math.max(0, gc.getCollectionTime());
		}
		return total;
	}

	private static void print(PrintStream out, Row row) {
		out.printf("  %-9s %5d connections: %,10.0f msg/s  p50 %,6d us  p99 %,6d us  p99.9 %,6d us  >= 1 s: %,d  "
				+ "echoes per connection min %,d max %,d (warm-up min %,d)  CPU %.2f us/msg  GC %,d ms  failed sends %,d  [%s]%n"
				+ "                   longest wait between two echoes of a connection %,d ms; connections that waited 1 s or more: %,d%n"
				+ "                   TCP counters (of this network namespace; softnet drops: whole machine): opening and warm-up %s; measured %s%n",
				row.client(), row.connections(), row.perSecond(), row.p50Micros(), row.p99Micros(), row.p999Micros(),
				row.overOneSecond(), row.minEchoes(), row.maxEchoes(), row.minWarmupEchoes(), row.cpuMicrosPerMessage(),
				row.gcMillis(), row.failedSends(), row.threads(), row.longestWaitMillis(),
				row.connectionsWaitingOneSecond(), row.tcpOpening(), row.tcpMeasured());
	}

	/**
	 * @param client which client
	 * @param connections how many connections
	 * @param perSecond echoed messages per second
	 * @param p50Micros median send-to-echo latency
	 * @param p99Micros 99th percentile
	 * @param p999Micros 99.9th percentile
	 * @param overOneSecond echoes that took 1 s or more
	 * @param minEchoes echoes of the least served connection while measured
	 * @param maxEchoes echoes of the best served connection while measured
	 * @param minWarmupEchoes echoes of the least served connection during the warm-up (0:
	 * a connection was not working yet when the measurement began)
	 * @param cpuMicrosPerMessage CPU time of the clients' JVM per echoed message
	 * @param gcMillis time the clients' JVM spent in GC while measured
	 * @param failedSends sends refused at once (must be 0)
	 * @param longestWaitMillis the longest time a connection waited between two echoes
	 * while measured
	 * @param connectionsWaitingOneSecond connections that waited 1 s or more between two
	 * echoes while measured
	 * @param tcpOpening TCP counters that moved while connecting and warming up
	 * @param tcpMeasured TCP counters that moved while measured
	 * @param threads what it runs on
	 */
	public record Row(String client, int connections, double perSecond, long p50Micros, long p99Micros, long p999Micros,
			long overOneSecond, long minEchoes, long maxEchoes, long minWarmupEchoes, double cpuMicrosPerMessage,
			long gcMillis, long failedSends, long longestWaitMillis, long connectionsWaitingOneSecond,
			String tcpOpening, String tcpMeasured, String threads) {
	}

	/** {@link EchoServerMain} in a child JVM: same java, same class path. */
	private static final class EchoServer implements AutoCloseable {

		final Process process;

		final int port;

		private EchoServer(Process process, int port) {
			this.process = process;
			this.port = port;
		}

		static EchoServer start() throws IOException {
			String java = ProcessHandle.current()
				.info()
				.command()
				.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
					EchoServerMain.class.getName())
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
			String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
				.readLine();
			if (line == null || !line.startsWith("LISTENING ")) {
				process.destroyForcibly();
				throw new IOException("The echo server did not start (said: " + line + ")");
			}
			return new EchoServer(process, Integer.parseInt(line.substring("LISTENING ".length())));
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroyForcibly();
			this.process.waitFor();
		}

	}

}
