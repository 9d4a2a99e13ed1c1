package io.github.reconnectingsocket.benchmarks.clients;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

	public static final Set<String> OPTIONS = Set.of("connections", "window", "warmup", "duration");

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
		Duration warmup = options.duration("warmup", Duration.ofSeconds(3));
		Duration duration = options.duration("duration", Duration.ofSeconds(10));
		out.println(Machine.describe());
		out.println("clients: window " + window + " lines of 32 bytes per connection, warm-up " + warmup.toMillis()
				+ " ms, measured " + duration.toMillis() + " ms; echo server: one selector thread in a child JVM");
		List<Row> rows = new ArrayList<>();
		try (EchoServer server = EchoServer.start()) {
			for (int connections : counts) {
				Row nio = measure("plain NIO", NioEchoClients::new, server.port, connections, window, warmup, duration);
				Row shipped = measure("TcpClient", ShippedEchoClients::new, server.port, connections, window, warmup,
						duration);
				rows.add(nio);
				rows.add(shipped);
				print(out, nio);
				print(out, shipped);
				out.printf("  %d connections: throughput ratio %.2f (goal >= 0.9), p99 ratio %.2f (goal <= 1.2)%n",
						connections, shipped.perSecond() / nio.perSecond(),
						(double) shipped.p99Micros() / Math.max(1, nio.p99Micros()));
			}
		}
		return rows;
	}

	private static Row measure(String name, Supplier<EchoClients> clients, int port, int connections, int window,
			Duration warmup, Duration duration) throws Exception {
		EchoLoad load = new EchoLoad(window);
		try (EchoClients client = clients.get()) {
			client.open(port, connections);
			client.start(load);
			Thread.sleep(warmup.toMillis());
			load.reset();
			client.takeEchoesPerConnection();
			long start = System.nanoTime();
			Thread.sleep(duration.toMillis());
			long echoes = load.echoes.sum();
			double seconds = (System.nanoTime() - start) / 1e9;
			long[] perConnection = client.takeEchoesPerConnection();
			load.stop();
			Arrays.sort(perConnection);
			return new Row(name, connections, echoes / seconds, load.latencies.percentileMicros(50),
					load.latencies.percentileMicros(99), load.latencies.percentileMicros(99.9), perConnection[0],
					perConnection[perConnection.length - 1], client.threads());
		}
	}

	private static void print(PrintStream out, Row row) {
		out.printf(
				"  %-9s %5d connections: %,10.0f msg/s  p50 %,6d us  p99 %,6d us  p99.9 %,6d us  "
						+ "echoes per connection min %,d max %,d  [%s]%n",
				row.client(), row.connections(), row.perSecond(), row.p50Micros(), row.p99Micros(), row.p999Micros(),
				row.minEchoes(), row.maxEchoes(), row.threads());
	}

	/**
	 * @param client which client
	 * @param connections how many connections
	 * @param perSecond echoed messages per second
	 * @param p50Micros median send-to-echo latency
	 * @param p99Micros 99th percentile
	 * @param p999Micros 99.9th percentile
	 * @param minEchoes echoes of the least served connection while measured
	 * @param maxEchoes echoes of the best served connection while measured
	 * @param threads what it runs on
	 */
	public record Row(String client, int connections, double perSecond, long p50Micros, long p99Micros, long p999Micros,
			long minEchoes, long maxEchoes, String threads) {
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
