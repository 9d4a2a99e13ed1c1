package io.github.reconnectingsocket.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.reliability.Interleaving.Advance;
import io.github.reconnectingsocket.reliability.Interleaving.AdvanceToNext;
import io.github.reconnectingsocket.reliability.Interleaving.CreateMode;
import io.github.reconnectingsocket.reliability.Interleaving.DestroyMode;
import io.github.reconnectingsocket.reliability.Interleaving.Raise;
import io.github.reconnectingsocket.reliability.Interleaving.Reconnect;
import io.github.reconnectingsocket.reliability.Interleaving.Scenario;
import io.github.reconnectingsocket.reliability.Interleaving.Signal;
import io.github.reconnectingsocket.reliability.Interleaving.Start;
import io.github.reconnectingsocket.reliability.Interleaving.Step;
import io.github.reconnectingsocket.reliability.Interleaving.Stop;
import io.github.reconnectingsocket.reliability.TransitionTable.Row;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random interleavings of commands ({@code start}, {@code stop}, {@code reconnect}),
 * socket signals ({@code open}, {@code error}, {@code close} through the current handle
 * or a stale one) and clock advances, under random options and random factory behaviour
 * (sockets that open or fail inside {@code create()}, {@code create()} or
 * {@code destroy()} that throw, a {@code destroy()} that never leads to a close, hooks
 * that throw). {@link Interleaving} checks every invariant after every step.
 *
 * <p>
 * The scenarios come from a seeded generator of our own rather than jqwik, whose authors
 * ask that AI coding agents not use it (docs/DECISIONS.md). Each scenario has its own
 * seed, printed with any failure:
 * {@code -Dinterleavings.seed=<seed> -Dinterleavings.tries=1} replays exactly that one.
 * {@code -Dinterleavings.seed} alone changes the whole run; by default every build tries
 * new ones.
 */
class MachineInvariantsTest {

	static final int TRIES = Integer.getInteger("interleavings.tries", 4_000);

	@Test
	void everyInvariantHoldsAfterEveryStepOfRandomInterleavings() {
		Long fixed = Long.getLong("interleavings.seed");
		long runSeed = (fixed != null) ? fixed : new Random().nextLong();
		Random seeds = new Random(runSeed);
		Set<Row> covered = ConcurrentHashMap.newKeySet();
		long steps = 0;
		for (int i = 0; i < TRIES; i++) {
			long seed = (i == 0 && fixed != null) ? fixed : seeds.nextLong();
			Scenario scenario = new Generator(new Random(seed)).scenario();
			try {
				new Interleaving(scenario, covered).run();
			}
			catch (AssertionError ex) {
				throw new AssertionError("Interleaving " + (i + 1) + " of " + TRIES + " failed; replay it with "
						+ "-Dinterleavings.seed=" + seed + " -Dinterleavings.tries=1\n" + scenario, ex);
			}
			steps += scenario.steps().size();
		}
		System.out.println("[interleavings] seed " + runSeed + ": " + TRIES + " runs, " + steps + " steps, "
				+ covered.size() + "/" + TransitionTable.ROWS.size() + " rows of the transition table covered");
		if (TRIES >= 1_000) {
			// Without this, the property could pass by never reaching the interesting
			// rows.
			assertThat(covered).containsExactlyInAnyOrderElementsOf(TransitionTable.ROWS);
		}
	}

	/**
	 * Random scenarios, with the weights the property needs to reach every row of the
	 * table.
	 */
	static final class Generator {

		private final Random random;

		Generator(Random random) {
			this.random = random;
		}

		Scenario scenario() {
			Duration openTimeout = (chance(0.3)) ? null : Duration.ofMillis(between(1, 3_000));
			Duration stopTimeout = Duration.ofMillis(between(0, 3_000));
			List<CreateMode> creates = list(1, 5, () -> weighted(new int[] { 4, 2, 2, 1, 1 }, CreateMode.PENDING,
					CreateMode.OPEN_AT_ONCE, CreateMode.FAIL_AT_ONCE, CreateMode.THROW, CreateMode.NULL));
			List<DestroyMode> destroys = list(1, 3,
					() -> weighted(new int[] { 4, 2, 1 }, DestroyMode.CLOSE, DestroyMode.NOTHING, DestroyMode.THROW));
			boolean hooksThrow = this.random.nextInt(5) == 0;
			List<Step> steps = list(1, 60, this::step);
			return new Scenario(backoff(), openTimeout, stopTimeout, creates, destroys, hooksThrow,
					this.random.nextLong(), steps);
		}

		private Backoff backoff() {
			String strategy = pick("fixed", "fibonacci", "exponential");
			long initial = between(0, 500);
			long first = strategy.equals("fixed") ? initial : Math.max(1, initial); // only
																					// fixed
																					// accepts
																					// 0
																					// ms
			Backoff.Builder builder = Backoff.builder()
				.strategy(strategy)
				.initialDelay(Duration.ofMillis(first))
				.jitter(pick("proportional", "none", "full", "equal", "decorrelated"))
				.randomisationFactor(this.random.nextDouble())
				.failAfter(chance(0.4) ? null : (int) between(1, 5))
				.resetAfter(chance(0.5) ? null : Duration.ofMillis(between(1, 2_000)));
			if (!strategy.equals("fixed")) {
				builder.maxDelay(Duration.ofMillis(first + between(1, 5_000)));
			}
			if (strategy.equals("exponential")) {
				builder.factor(1.1 + this.random.nextDouble() * 2.9);
			}
			return builder.build();
		}

		private Step step() {
			return this
				.<Supplier<Step>>weighted(new int[] { 3, 2, 2, 4, 4, 1, 3, 3 }, () -> new Start(), () -> new Stop(),
						() -> new Reconnect(), () -> new Raise(Signal.OPEN, pickHandle()),
						() -> new Raise(Signal.CLOSE, pickHandle()), () -> new Raise(Signal.ERROR, pickHandle()),
						() -> new Advance(between(0, 3_000)), () -> new AdvanceToNext())
				.get();
		}

		/** Mostly the current handle (0), sometimes a recent or an old stale one. */
		private int pickHandle() {
			return weighted(new int[] { 6, 2, 1, 1 }, 0, 1, 2, 5);
		}

		private boolean chance(double probability) {
			return this.random.nextDouble() < probability;
		}

		private long between(long min, long max) {
			return min + (long) (this.random.nextDouble() * (max - min + 1));
		}

		@SafeVarargs
		private <T> T pick(T... values) {
			return values[this.random.nextInt(values.length)];
		}

		@SafeVarargs
		private <T> T weighted(int[] weights, T... values) {
			int total = 0;
			for (int weight : weights) {
				total += weight;
			}
			int roll = this.random.nextInt(total);
			for (int i = 0; i < values.length; i++) {
				roll -= weights[i];
				if (roll < 0) {
					return values[i];
				}
			}
			throw new IllegalStateException("weights and values differ in length");
		}

		private <T> List<T> list(int min, int max, Supplier<T> element) {
			int size = (int) between(min, max);
			List<T> values = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				values.add(element.get());
			}
			return values;
		}

	}

}
