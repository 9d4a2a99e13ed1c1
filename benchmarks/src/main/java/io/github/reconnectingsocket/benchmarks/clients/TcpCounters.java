package io.github.reconnectingsocket.benchmarks.clients;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's TCP counters that explain a long tail on loopback (Linux only, whole
 * machine: other processes count too): listen-queue overflows (a dropped handshake is
 * retried after 1 s), retransmission timeouts and SYN retransmissions, and packets the
 * loopback device dropped because its backlog was full ({@code /proc/net/softnet_stat}).
 */
final class TcpCounters {

	private static final List<String> NAMES = List.of("TcpExt:ListenOverflows", "TcpExt:TCPSynRetrans",
			"TcpExt:TCPTimeouts", "TcpExt:TCPLossProbes", "Tcp:RetransSegs", "softnet:dropped");

	private TcpCounters() {
	}

	/**
	 * @return the counters now, empty when they cannot be read
	 */
	static Map<String, Long> read() {
		Map<String, Long> all = new LinkedHashMap<>();
		try {
			parse(Path.of("/proc/net/netstat"), all);
			parse(Path.of("/proc/net/snmp"), all);
			long dropped = 0;
			for (String line : Files.readAllLines(Path.of("/proc/net/softnet_stat"))) {
				dropped += Long.parseLong(line.trim().split("\\s+")[1], 16);
			}
			all.put("softnet:dropped", dropped);
		}
		catch (IOException | RuntimeException ex) {
			return Map.of();
		}
		Map<String, Long> kept = new LinkedHashMap<>();
		for (String name : NAMES) {
			Long value = all.get(name);
			if (value != null) {
				kept.put(name, value);
			}
		}
		return kept;
	}

	/**
	 * @return the counters that moved from {@code before} to {@code after}, or "none"
	 */
	static String delta(Map<String, Long> before, Map<String, Long> after) {
		StringBuilder moved = new StringBuilder();
		after.forEach((name, value) -> {
			long delta = value - before.getOrDefault(name, value);
			if (delta != 0) {
				moved.append((moved.length() > 0) ? ", " : "")
					.append(name.substring(name.indexOf(':') + 1))
					.append(" +")
					.append(delta);
			}
		});
		return (after.isEmpty()) ? "unavailable" : (moved.length() > 0) ? moved.toString() : "none";
	}

	private static void parse(Path file, Map<String, Long> into) throws IOException {
		List<String> lines = Files.readAllLines(file);
		for (int i = 0; i + 1 < lines.size(); i += 2) {
			String[] names = lines.get(i).split("\\s+");
			String[] values = lines.get(i + 1).split("\\s+");
			for (int j = 1; j < Math.min(names.length, values.length); j++) {
				try {
					into.put(names[0] + names[j], Long.parseLong(values[j]));
				}
				catch (NumberFormatException ex) {
					// Not a counter.
				}
			}
		}
	}

}
