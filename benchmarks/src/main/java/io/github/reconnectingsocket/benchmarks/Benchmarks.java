package io.github.reconnectingsocket.benchmarks;

import java.util.Arrays;

import io.github.reconnectingsocket.benchmarks.clients.ClientThroughput;
import io.github.reconnectingsocket.benchmarks.crowd.CrowdSpread;
import io.github.reconnectingsocket.benchmarks.isolation.IsolationBenchmark;
import io.github.reconnectingsocket.benchmarks.latency.ReactionLatency;
import io.github.reconnectingsocket.benchmarks.scale.MemoryScale;
import io.github.reconnectingsocket.benchmarks.scale.ScaleBenchmark;
import io.github.reconnectingsocket.benchmarks.sidebyside.SideBySide;
import io.github.reconnectingsocket.benchmarks.startup.StartupBenchmark;
import io.github.reconnectingsocket.benchmarks.throughput.CpuThroughput;

/**
 * The entry point of {@code benchmarks.jar}:
 * {@code java -jar benchmarks.jar <scenario> [--option=value...]}. Scenarios:
 * {@code scale}, {@code latency}, {@code jmh} (any JMH arguments follow),
 * {@code transitions} (the JMH cycle timed by thread CPU time), {@code crowd},
 * {@code startup}, {@code isolation}, {@code clients} (the shipped TCP client against a
 * plain NIO client), {@code side-by-side} (the npm package and this library against one
 * server), {@code memory-scale}.
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0) {
			usage();
			System.exit(2);
		}
		String[] rest = Arrays.copyOfRange(args, 1, args.length);
		switch (args[0]) {
			case "scale" -> ScaleBenchmark.main(rest);
			case "latency" -> ReactionLatency.main(rest);
			case "jmh" -> org.openjdk.jmh.Main.main(rest);
			case "transitions" -> CpuThroughput.main(rest);
			case "crowd" -> CrowdSpread.main(rest);
			case "startup" -> StartupBenchmark.main(rest);
			case "isolation" -> IsolationBenchmark.main(rest);
			case "clients" -> ClientThroughput.main(rest);
			case "side-by-side" -> SideBySide.main(rest);
			case "memory-scale" -> MemoryScale.main(rest);
			default -> {
				System.err.println("Unknown scenario '" + args[0] + "'");
				usage();
				System.exit(2);
			}
		}
		// Library threads are daemons; the JMH runner and the scenarios have nothing left
		// running.
		System.exit(0);
	}

	private static void usage() {
		System.err.println(
				"usage: java -jar benchmarks.jar scale|latency|jmh|transitions|crowd|startup|isolation|clients|side-by-side|memory-scale [--option=value ...]");
		System.err.println("  scale   options " + ScaleBenchmark.OPTIONS);
		System.err.println("  latency options " + ReactionLatency.OPTIONS);
		System.err.println("  jmh     JMH's own arguments, e.g. TransitionBenchmark -prof gc");
		System.err.println("  transitions options " + CpuThroughput.OPTIONS);
		System.err.println("  crowd   options " + CrowdSpread.OPTIONS);
		System.err.println("  startup options " + StartupBenchmark.OPTIONS);
		System.err.println("  isolation options " + IsolationBenchmark.OPTIONS);
		System.err.println("  clients options " + ClientThroughput.OPTIONS);
		System.err.println("  side-by-side options " + SideBySide.OPTIONS);
		System.err.println("  memory-scale options " + MemoryScale.OPTIONS);
	}

}
