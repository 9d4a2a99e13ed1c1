package io.github.reconnectingsocket.benchmarks.throughput;

import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs the JMH benchmark methods directly, without the JMH runner, for the smoke test.
 */
public final class TransitionBenchmarkAccess {

	private static final Blackhole BLACKHOLE = new Blackhole(
			"Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

	private TransitionBenchmarkAccess() {
	}

	/**
	 * @return the opens counted by the instance after the cycles
	 */
	public static long cyclesOfOneInstance(int cycles, boolean listener) {
		TransitionBenchmark benchmark = new TransitionBenchmark();
		TransitionBenchmark.One state = new TransitionBenchmark.One();
		state.listener = listener;
		state.setUp(BLACKHOLE);
		for (int i = 0; i < cycles; i++) {
			benchmark.oneInstance(state);
		}
		long opens = state.socket.snapshot().counters().opens();
		state.tearDown();
		return opens;
	}

	/**
	 * @return the opens counted by all instances after the cycles
	 */
	public static long cyclesOfManyInstances(int instances, int cycles) {
		TransitionBenchmark benchmark = new TransitionBenchmark();
		TransitionBenchmark.Many state = new TransitionBenchmark.Many();
		state.instances = instances;
		state.setUp(BLACKHOLE);
		for (int i = 0; i < cycles; i++) {
			benchmark.manyInstances(state);
		}
		long opens = 0;
		for (var socket : state.sockets) {
			opens += socket.snapshot().counters().opens();
		}
		state.tearDown();
		return opens;
	}

}
