package io.github.reconnectingsocket.benchmarks.sidebyside;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The side-by-side scenario's reading of the kernel's counters and its report of medians
 * and ratios.
 */
final class Figures {

	private Figures() {
	}

	/**
	 * @return the kernel's TcpExtListenOverflows (connection requests dropped because an
	 * accept queue was full), system-wide, or -1 when unknown
	 */
	static long listenOverflows() {
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
			for (int i = 0; i + 1 < lines.size(); i += 2) {
				if (lines.get(i).startsWith("TcpExt:")) {
					List<String> names = List.of(lines.get(i).split(" "));
					String[] values = lines.get(i + 1).split(" ");
					return Long.parseLong(values[names.indexOf("ListenOverflows")]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// reported as unknown
		}
		return -1;
	}

	/**
	 * @return the 1-minute load average and the number of cores, as uptime says it
	 */
	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + "/"
					+ Runtime.getRuntime().availableProcessors();
		}
		catch (IOException ex) {
			return "?";
		}
	}

	/**
	 * @return the value of {@code name=value} among the words
	 */
	static long field(String[] words, String name) {
		for (String word : words) {
			if (word.startsWith(name + "=")) {
				return Long.parseLong(word.substring(name.length() + 1));
			}
		}
		throw new IllegalStateException("No " + name + " in " + String.join(" ", words));
	}

	/**
	 * Prints, per figure, each client's median and range, and the ratio of the medians
	 * (java / npm).
	 */
	static void report(List<SideBySide.Run> runs, PrintStream out) {
		out.println();
		out.println("| figure | npm median (min-max, spread) | java median (min-max, spread) | java / npm |");
		out.println("|---|---|---|---|");
		row(out, runs, "restart -> all reopened, ms", (run) -> run.reopenNanos() / 1_000_000);
		row(out, runs, "CPU, start -> all reopened, ms", (run) -> run.cpuNanos() / 1_000_000);
		row(out, runs, "CPU, kill -> all reopened, ms", (run) -> run.cpuReconnectNanos() / 1_000_000);
		row(out, runs, "connection attempts", SideBySide.Run::attempts);
		row(out, runs, "time to all first opened, ms", (run) -> run.firstOpenNanos() / 1_000_000);
		row(out, runs, "RSS per instance, B", SideBySide.Run::rssPerInstance);
		row(out, runs, "listen overflows per run", SideBySide.Run::listenOverflows);
		row(out, runs, "listen overflows from the kill on", SideBySide.Run::restartOverflows);
		row(out, runs, "library threads, peak (java)", SideBySide.Run::libraryThreads);
		row(out, runs, "backoff delays late, first storm, p50 ms", SideBySide.Run::timerLateP50Millis);
		row(out, runs, "backoff delays late, first storm, p90 ms", SideBySide.Run::timerLateP90Millis);
		if (runs.stream().anyMatch((run) -> run.warmReopenNanos() >= 0)) {
			row(out, runs, "last storm (warm): restart -> all reopened, ms",
					(run) -> run.warmReopenNanos() / 1_000_000);
			row(out, runs, "last storm (warm): CPU, kill -> all reopened, ms", (run) -> run.warmCpuNanos() / 1_000_000);
			row(out, runs, "last storm (warm): connection attempts", SideBySide.Run::warmAttempts);
			row(out, runs, "last storm (warm): listen overflows", SideBySide.Run::warmOverflows);
		}
		out.println("(spread: the largest distance of a run from the median, as a share of the median)");
	}

	private static void row(PrintStream out, List<SideBySide.Run> runs, String figure,
			ToLongFunction<SideBySide.Run> value) {
		long[] npm = values(runs, "npm", value);
		long[] java = values(runs, "java", value);
		String ratio = (npm.length > 0 && java.length > 0 && median(npm) != 0)
				? String.format("%.2f", (double) median(java) / median(npm)) : "-";
		out.printf("| %s | %s | %s | %s |%n", figure, summary(npm), summary(java), ratio);
	}

	private static long[] values(List<SideBySide.Run> runs, String client, ToLongFunction<SideBySide.Run> value) {
		// A negative value is a figure this client does not have.
		return runs.stream()
			.filter((run) -> run.client().equals(client))
			.mapToLong(value)
			.filter((figure) -> figure >= 0)
			.sorted()
			.toArray();
	}

	static long median(long[] sorted) {
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static String summary(long[] sorted) {
		if (sorted.length == 0) {
			return "-";
		}
		long median = median(sorted);
		long worst = Math.max(Math.abs(sorted[0] - median), Math.abs(sorted[sorted.length - 1] - median));
		String spread = (median != 0) ? String.format("±%.0f%%", 100.0 * worst / Math.abs(median)) : "-";
		return String.format("%,d (%,d-%,d, %s)", median, sorted[0], sorted[sorted.length - 1], spread);
	}

}
