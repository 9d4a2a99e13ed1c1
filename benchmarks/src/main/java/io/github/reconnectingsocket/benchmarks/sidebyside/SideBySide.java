package io.github.reconnectingsocket.benchmarks.sidebyside;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.reconnectingsocket.benchmarks.Machine;
import io.github.reconnectingsocket.benchmarks.Options;

/**
 * Side by side: the npm package {@code reconnecting-socket} and this library, each N
 * instances in a process of its own against the same loopback server (Node,
 * {@code server.js}), which is killed and restarted {@code --outage} later; same backoff
 * (fibonacci, the npm default randomisation), runs alternating between the two clients.
 * The npm package is installed with {@code npm} into the harness's own directory
 * ({@code --work}) on first use. Prints each run, then medians and ratios.
 */
public final class SideBySide {

	/** The options this scenario accepts. */
	public static final Set<String> OPTIONS = Set.of("n", "runs", "outage", "initial-delay", "max-delay", "backlog",
			"hosts", "clients", "jitter", "pacing", "java", "java-opts", "work", "timeout", "settle", "storms",
			"lateness");

	static final String NPM_PACKAGE = "reconnecting-socket@2.0.1";

	private SideBySide() {
	}

	public static void main(String[] args) throws Exception {
		run(Options.parse(args, OPTIONS), System.out);
	}

	/**
	 * @param options the options
	 * @param out where the report goes
	 * @return every run, in order
	 * @throws Exception when a run fails
	 */
	public static List<Run> run(Options options, PrintStream out) throws Exception {
		Setup setup = new Setup(options);
		out.println("# side-by-side " + Machine.describe());
		out.printf(
				"n=%d runs=%d per client, alternating, %d storm(s) each; outage=%s; fibonacci %d ms -> %d ms, java jitter %s, pacing %s; "
						+ "backlog=%d; hosts=%s; load before: %s%n",
				setup.n, setup.runs, setup.storms, setup.outage, setup.initialMillis, setup.maxMillis, setup.jitter,
				setup.pacing, setup.backlog, setup.hosts, Figures.loadAverage());
		if (setup.clients.contains("npm")) {
			installNpmPackage(setup.work, out);
		}
		List<Run> runs = new ArrayList<>();
		for (int round = 0; round < setup.runs; round++) {
			// Alternate which client goes first, so that a trend in the machine's load
			// falls on both.
			List<String> order = new ArrayList<>(setup.clients);
			if (round % 2 == 1) {
				java.util.Collections.reverse(order);
			}
			for (String client : order) {
				Run run = runOnce(setup, client);
				runs.add(run);
				out.println(run);
			}
		}
		Figures.report(runs, out);
		return runs;
	}

	static Run runOnce(Setup setup, String client) throws Exception {
		long overflowsBefore = Figures.listenOverflows();
		String load = Figures.loadAverage();
		Listening listening = startServer(setup, 0);
		ChildProcess process = ChildProcess.start(clientCommand(setup, client, listening.port()), setup.work);
		try {
			String[] allOpened = process.await("ALL_OPENED", setup.timeout);
			List<Storm> storms = new ArrayList<>();
			for (int i = 0; i < setup.storms; i++) {
				LockSupport.parkNanos(setup.settle.toNanos());
				Storm storm = storm(setup, process, listening);
				listening = storm.listening();
				storms.add(storm);
			}
			Storm first = storms.get(0);
			Storm last = storms.get(storms.size() - 1);
			long overflows = first.overflowsAtReopen() - overflowsBefore;
			boolean warm = storms.size() > 1;
			return new Run(client, first.reopenNanos(), first.cpuAtReopen(), first.cpuNanos(), first.attemptsAtReopen(),
					Long.parseLong(allOpened[1]), first.rssPerInstance(setup.n), overflows, first.overflows(),
					client.equals("java") ? Figures.field(first.report(), "libraryThreads") : 0,
					warm ? last.reopenNanos() : -1, warm ? last.cpuNanos() : -1, warm ? last.attempts() : -1,
					warm ? last.overflows() : -1, lateness(first.report(), "lateP50"),
					lateness(first.report(), "lateP90"), load);
		}
		finally {
			process.close();
			listening.server().close();
		}
	}

	/**
	 * Kills the server, starts it again {@code --outage} after the kill on the same port,
	 * and waits until the client has reopened every instance.
	 */
	private static Storm storm(Setup setup, ChildProcess process, Listening listening) throws Exception {
		long cpuAtKill = process.cpuNanos();
		long attemptsAtKill = attempts(process, setup);
		long overflowsAtKill = Figures.listenOverflows();
		long killed = System.nanoTime();
		listening.server().kill();
		process.await("DROPPED", setup.timeout);
		LockSupport.parkNanos(Math.max(0, killed + setup.outage.toNanos() - System.nanoTime()));
		Listening restarted = startServer(setup, listening.port());
		long reopened = Long.parseLong(process.await("REOPENED", setup.timeout)[0]);
		long cpuAtReopen = process.cpuNanos();
		long overflowsAtReopen = Figures.listenOverflows();
		process.send("report");
		String[] report = process.await("REPORT", setup.timeout);
		return new Storm(restarted, reopened - restarted.since(), cpuAtReopen, cpuAtReopen - cpuAtKill,
				Figures.field(report, "attempts"), Figures.field(report, "attempts") - attemptsAtKill,
				overflowsAtReopen, overflowsAtReopen - overflowsAtKill, report);
	}

	/**
	 * @return how far behind their due time the client ran its timers in the first storm
	 * (the npm client always measures it, the Java client with {@code --lateness=true}),
	 * or -1
	 */
	private static long lateness(String[] report, String field) {
		return String.join(" ", report).contains(field + "=") ? Figures.field(report, field) : -1;
	}

	private static long attempts(ChildProcess process, Setup setup) throws Exception {
		process.send("report");
		return Figures.field(process.await("REPORT", setup.timeout), "attempts");
	}

	/**
	 * One kill and restart of the server, seen from the client.
	 *
	 * @param listening the restarted server
	 * @param reopenNanos from the restarted server listening to every instance opened
	 * again
	 * @param cpuAtReopen the client's CPU time from its start to all reopened
	 * @param cpuNanos the client's CPU time from the kill to all reopened
	 * @param attemptsAtReopen the client's connection attempts since its start
	 * @param attempts the client's connection attempts from the kill to all reopened
	 * @param overflowsAtReopen the kernel's listen overflows counter at all reopened
	 * @param overflows the listen overflows from the kill to all reopened
	 * @param report the client's report at all reopened
	 */
	private record Storm(Listening listening, long reopenNanos, long cpuAtReopen, long cpuNanos, long attemptsAtReopen,
			long attempts, long overflowsAtReopen, long overflows, String[] report) {

		long rssPerInstance(int n) {
			return (Figures.field(this.report, "rssOpened") - Figures.field(this.report, "rssBefore")) / n;
		}

	}

	/**
	 * Starts the server; a port just freed by a killed server may be busy for a moment:
	 * tries again.
	 */
	private static Listening startServer(Setup setup, int port) throws IOException, InterruptedException {
		for (int i = 0;; i++) {
			ChildProcess server = ChildProcess.start(
					List.of("node", "server.js", setup.hostList(), String.valueOf(port), String.valueOf(setup.backlog)),
					setup.work);
			try {
				String[] words = server.await("LISTENING", setup.timeout);
				return new Listening(server, Integer.parseInt(words[0]), Long.parseLong(words[1]));
			}
			catch (IllegalStateException ex) {
				server.close();
				if (i == 20) {
					throw ex;
				}
				TimeUnit.MILLISECONDS.sleep(50);
			}
		}
	}

	private record Listening(ChildProcess server, int port, long since) {
	}

	private static List<String> clientCommand(Setup setup, String client, int port) {
		List<String> command = new ArrayList<>();
		if (client.equals("npm")) {
			command.addAll(List.of("node", "npm-client.js"));
		}
		else {
			command.add(setup.java);
			if (!setup.javaOpts.isBlank()) {
				command.addAll(Arrays.asList(setup.javaOpts.trim().split("\\s+")));
			}
			command.addAll(List.of("-cp", absoluteClassPath(), JavaClient.class.getName()));
		}
		command.addAll(List.of(String.valueOf(setup.n), setup.hostList(), String.valueOf(port),
				String.valueOf(setup.initialMillis), String.valueOf(setup.maxMillis)));
		if (client.equals("java")) {
			command.add(setup.jitter);
			command.add(setup.pacing);
			if (setup.lateness) {
				command.add("lateness");
			}
		}
		return command;
	}

	/**
	 * The class path with every entry absolute: the clients run in the working directory.
	 */
	private static String absoluteClassPath() {
		return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
			.map((entry) -> Path.of(entry).toAbsolutePath().toString())
			.collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
	}

	/**
	 * Installs the npm package into the harness's directory, once, with npm's ordinary
	 * client.
	 */
	static void installNpmPackage(Path work, PrintStream out) throws IOException, InterruptedException {
		if (Files.exists(work.resolve("node_modules/reconnecting-socket/package.json"))) {
			return;
		}
		out.println("installing " + NPM_PACKAGE + " into " + work);
		Process npm = new ProcessBuilder("npm", "install", "--prefix", work.toString(), "--no-audit", "--no-fund",
				"--no-save", NPM_PACKAGE)
			.inheritIO()
			.start();
		if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
			throw new IOException("npm install " + NPM_PACKAGE + " failed (exit " + npm.exitValue() + ")");
		}
	}

	/** The options, resolved; the scripts copied into the working directory. */
	static final class Setup {

		final int n;

		final int runs;

		final int storms;

		final boolean lateness;

		final Duration outage;

		final Duration timeout;

		final Duration settle;

		final long initialMillis;

		final long maxMillis;

		final int backlog;

		final int hosts;

		final List<String> clients;

		final String jitter;

		final String pacing;

		final String java;

		final String javaOpts;

		final Path work;

		Setup(Options options) throws IOException {
			this.n = options.intValue("n", 10_000, 1);
			this.runs = options.intValue("runs", 4, 1);
			this.storms = options.intValue("storms", 1, 1);
			this.lateness = Boolean.parseBoolean(options.string("lateness", "false"));
			this.outage = options.duration("outage", Duration.ofSeconds(2));
			this.timeout = options.duration("timeout", Duration.ofSeconds(60));
			this.settle = options.duration("settle", Duration.ofSeconds(1));
			this.initialMillis = options.duration("initial-delay", Duration.ofMillis(100)).toMillis();
			this.maxMillis = options.duration("max-delay", Duration.ofSeconds(1)).toMillis();
			this.backlog = options.intValue("backlog", 4096, 1);
			this.hosts = options.intValue("hosts", 1, 1);
			if (this.hosts > 254) {
				throw new IllegalArgumentException(
						"--hosts=" + this.hosts + " is not allowed: 1 to 254 (127.0.0.1 to .254)");
			}
			this.clients = List.of(options.string("clients", "npm,java").split(","));
			for (String client : this.clients) {
				if (!client.equals("npm") && !client.equals("java")) {
					throw new IllegalArgumentException("--clients=" + String.join(",", this.clients)
							+ " is not allowed: npm, java or both, comma-separated");
				}
			}
			this.jitter = options.string("jitter", "proportional");
			this.pacing = options.string("pacing", "none");
			if (!this.pacing.matches("none|[0-9]+:[0-9]+(:[0-9]+)?")) {
				throw new IllegalArgumentException("--pacing=" + this.pacing
						+ " is not allowed: none, or maxInFlight:attemptsPerSecond (0 for no limit), optionally"
						+ " followed by :recoveryWindowMillis (0 for off), e.g. 256:0 or 256:0:500");
			}
			this.java = options.string("java",
					ProcessHandle.current()
						.info()
						.command()
						.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
			this.javaOpts = options.string("java-opts", "");
			this.work = Path.of(options.string("work", "benchmarks/target/side-by-side")).toAbsolutePath();
			Files.createDirectories(this.work);
			for (String script : List.of("server.js", "npm-client.js")) {
				try (InputStream in = SideBySide.class.getResourceAsStream("/side-by-side/" + script)) {
					Files.copy(in, this.work.resolve(script), StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}

		String hostList() {
			StringBuilder list = new StringBuilder();
			for (int i = 1; i <= this.hosts; i++) {
				list.append((i > 1) ? "," : "").append("127.0.0.").append(i);
			}
			return list.toString();
		}

	}

	/**
	 * One run of one client.
	 *
	 * @param client {@code npm} or {@code java}
	 * @param reopenNanos from the restarted server listening to every instance opened
	 * again
	 * @param cpuNanos the client's CPU time from its start to all reopened
	 * @param cpuReconnectNanos the client's CPU time from the kill to all reopened
	 * @param attempts connection attempts over the whole run (the first N included)
	 * @param firstOpenNanos from the first start() to every instance opened
	 * @param rssPerInstance resident set growth per instance, up to all opened
	 * @param listenOverflows the kernel's TcpExtListenOverflows over the run (the network
	 * namespace's)
	 * @param restartOverflows the same from the kill on: the reconnect wave's
	 * @param libraryThreads the most library threads seen at once (java only)
	 * @param warmReopenNanos with {@code --storms} above 1, the last storm's restart to
	 * all reopened, in a warm process; otherwise -1
	 * @param warmCpuNanos the last storm's CPU time from the kill to all reopened, or -1
	 * @param warmAttempts the last storm's connection attempts, or -1
	 * @param warmOverflows the last storm's listen overflows, or -1
	 * @param timerLateP50Millis the client's median lateness of its backoff delays in the
	 * first storm, or -1 when not measured
	 * @param timerLateP90Millis the same, 90th percentile
	 * @param load the load average when the run began
	 */
	public record Run(String client, long reopenNanos, long cpuNanos, long cpuReconnectNanos, long attempts,
			long firstOpenNanos, long rssPerInstance, long listenOverflows, long restartOverflows, long libraryThreads,
			long warmReopenNanos, long warmCpuNanos, long warmAttempts, long warmOverflows, long timerLateP50Millis,
			long timerLateP90Millis, String load) {

		@Override
		public String toString() {
			String late = (this.timerLateP50Millis < 0) ? "" : String.format("  timers late p50 %d ms p90 %d ms",
					this.timerLateP50Millis, this.timerLateP90Millis);
			String warm = (this.warmReopenNanos < 0) ? ""
					: String.format("  | last storm: reopen %6.0f ms  cpu %5.2f s  attempts %6d  listen overflows %5d",
							this.warmReopenNanos / 1e6, this.warmCpuNanos / 1e9, this.warmAttempts, this.warmOverflows);
			return String.format("%-4s reopen %6.0f ms  cpu %5.2f s (kill->reopened %5.2f s)  attempts %7d  "
					+ "first open %6.0f ms  rss/instance %6d B  listen overflows %5d (after the kill %5d)  library threads %3d%s  load %s%s",
					this.client, this.reopenNanos / 1e6, this.cpuNanos / 1e9, this.cpuReconnectNanos / 1e9,
					this.attempts, this.firstOpenNanos / 1e6, this.rssPerInstance, this.listenOverflows,
					this.restartOverflows, this.libraryThreads, late, this.load, warm);
		}

	}

}
