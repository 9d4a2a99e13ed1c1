package io.github.reconnectingsocket.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** What a figure was measured on: printed at the top of every report. */
public final class Machine {

	private Machine() {
	}

	/**
	 * @return one line: date, cores, memory, CPU model, JDK, open-file limit
	 */
	public static String describe() {
		return "date=" + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " nproc="
				+ Runtime.getRuntime().availableProcessors() + " mem=" + memTotal() + " cpu=\"" + cpuModel()
				+ "\" jdk=\"" + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
				+ "\" maxHeap=" + (Runtime.getRuntime().maxMemory() >> 20) + "MiB openFiles=" + openFilesLimit();
	}

	/**
	 * @return the soft limit of open files of this process, or -1 when unknown
	 */
	public static long openFilesLimit() {
		for (String line : lines("/proc/self/limits")) {
			if (line.startsWith("Max open files")) {
				String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
				return parts[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(parts[0]);
			}
		}
		return -1;
	}

	/**
	 * @return the resident set size of this process in bytes, or -1 when unknown
	 */
	public static long rssBytes() {
		for (String line : lines("/proc/self/status")) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		return -1;
	}

	private static String memTotal() {
		for (String line : lines("/proc/meminfo")) {
			if (line.startsWith("MemTotal:")) {
				return (Long.parseLong(line.replaceAll("[^0-9]", "")) >> 20) + "GiB";
			}
		}
		return "?";
	}

	private static String cpuModel() {
		for (String line : lines("/proc/cpuinfo")) {
			if (line.startsWith("model name")) {
				return line.substring(line.indexOf(':') + 1).trim();
			}
		}
		return "?";
	}

	private static List<String> lines(String file) {
		try {
			return Files.readAllLines(Path.of(file));
		}
		catch (IOException ex) {
			return List.of();
		}
	}

}
