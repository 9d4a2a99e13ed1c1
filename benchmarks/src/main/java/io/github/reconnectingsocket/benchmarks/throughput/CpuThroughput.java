package io.github.reconnectingsocket.benchmarks.throughput;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Set;

import io.github.reconnectingsocket.benchmarks.Machine;
import io.github.reconnectingsocket.benchmarks.Options;
import io.github.reconnectingsocket.core.ReconnectingSocket;

/**
 * Scenario 3's cross-check on a shared machine: the same cycle as
 * {@link TransitionBenchmark}, timed by the thread's own CPU time rather than the wall
 * clock, so that time spent descheduled in favour of other people's processes does not
 * count. Also reports the bytes the thread allocated per transition.
 */
public final class CpuThroughput {

	/** The options this scenario accepts. */
	public static final Set<String> OPTIONS = Set.of("cycles", "rounds", "instances");

	private CpuThroughput() {
	}

	/**
	 * @param transitionsPerCpuSecondOne median over the rounds, one instance
	 * @param transitionsPerCpuSecondMany median over the rounds, many instances
	 * round-robin
	 * @param bytesPerTransitionOne allocated per transition, one instance, last round
	 * @param bytesPerTransitionMany allocated per transition, many instances, last round
	 */
	public record Result(double transitionsPerCpuSecondOne, double transitionsPerCpuSecondMany,
			double bytesPerTransitionOne, double bytesPerTransitionMany) {
	}

	public static void main(String[] args) {
		run(Options.parse(args, OPTIONS), System.out);
	}

	public static Result run(Options options, PrintStream out) {
		int cycles = options.intValue("cycles", 2_000_000, 1);
		int rounds = options.intValue("rounds", 10, 1);
		int instances = options.intValue("instances", 10_000, 1);
		out.println("# transitions " + Machine.describe());
		TransitionBenchmark.Factory one = new TransitionBenchmark.Factory();
		ReconnectingSocket<?> oneSocket = TransitionBenchmark.newSocket(one, "one", null);
		TransitionBenchmark.Factory[] many = new TransitionBenchmark.Factory[instances];
		ReconnectingSocket<?>[] manySockets = new ReconnectingSocket<?>[instances];
		for (int i = 0; i < instances; i++) {
			many[i] = new TransitionBenchmark.Factory();
			manySockets[i] = TransitionBenchmark.newSocket(many[i], "many-" + i, null);
		}
		double[] rateOne = new double[rounds];
		double[] rateMany = new double[rounds];
		double[] bytes = new double[2];
		// Alternate the two so that both see the same background load.
		for (int round = 0; round < rounds; round++) {
			rateOne[round] = measure(cycles, () -> {
				for (int i = 0; i < cycles; i++) {
					TransitionBenchmark.cycle(one);
				}
			}, bytes, 0);
			rateMany[round] = measure(cycles, () -> {
				for (int i = 0, next = 0; i < cycles; i++) {
					TransitionBenchmark.cycle(many[next]);
					next = (next + 1 == instances) ? 0 : next + 1;
				}
			}, bytes, 1);
			out.printf(
					"round %2d: one instance %6.2f M transitions per CPU-second; %d instances %6.2f M "
							+ "(allocated per transition: %.1f B, %.1f B)%n",
					round + 1, rateOne[round] / 1e6, instances, rateMany[round] / 1e6, bytes[0], bytes[1]);
		}
		TransitionBenchmark.check(oneSocket);
		Arrays.stream(manySockets).forEach(TransitionBenchmark::check);
		Result result = new Result(median(rateOne), median(rateMany), bytes[0], bytes[1]);
		out.printf("median: one instance %.2f M transitions per CPU-second, %d instances %.2f M (target >= 1 M: %s)%n",
				result.transitionsPerCpuSecondOne() / 1e6, instances, result.transitionsPerCpuSecondMany() / 1e6,
				(Math.min(result.transitionsPerCpuSecondOne(), result.transitionsPerCpuSecondMany()) >= 1e6) ? "met"
						: "MISSED");
		return result;
	}

	private static double measure(int cycles, Runnable loop, double[] bytes, int slot) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long id = Thread.currentThread().getId();
		long allocated = threads.getThreadAllocatedBytes(id);
		long cpu = threads.getCurrentThreadCpuTime();
		loop.run();
		cpu = threads.getCurrentThreadCpuTime() - cpu;
		allocated = threads.getThreadAllocatedBytes(id) - allocated;
		bytes[slot] = (double) allocated / cycles / TransitionBenchmark.TRANSITIONS_PER_OP;
		return (double) cycles * TransitionBenchmark.TRANSITIONS_PER_OP / (cpu / 1e9);
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
