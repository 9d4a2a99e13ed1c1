package io.github.reconnectingsocket.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random interleavings of commands ({@code start}, {@code stop}, {@code reconnect}), socket signals
 * ({@code open}, {@code error}, {@code close} through the current handle or a stale one) and clock
 * advances, under random options and random factory behaviour (sockets that open or fail inside
 * {@code create()}, {@code create()} or {@code destroy()} that throw, a {@code destroy()} that never
 * leads to a close, hooks that throw). {@link Interleaving} checks every invariant after every step.
 */
class MachineInvariantsTest {

	static final int TRIES = 4_000;

	private static final Set<Row> COVERED = ConcurrentHashMap.newKeySet();

	private static final AtomicLong STEPS = new AtomicLong();

	private static final AtomicLong RUNS = new AtomicLong();

	@Property(tries = TRIES)
	void everyInvariantHoldsAfterEveryStep(@ForAll("scenarios") Scenario scenario) {
		new Interleaving(scenario, COVERED).run();
		RUNS.incrementAndGet();
		STEPS.addAndGet(scenario.steps().size());
	}

	/** Without this, the property could pass by never reaching the interesting rows. */
	@AfterContainer
	static void everyRowOfTheTableWasExercised() {
		System.out.println("[interleavings] " + RUNS.get() + " runs, " + STEPS.get() + " steps, "
				+ COVERED.size() + "/" + TransitionTable.ROWS.size() + " rows of the transition table covered");
		assertThat(COVERED).containsExactlyInAnyOrderElementsOf(TransitionTable.ROWS);
	}

	@Provide
	Arbitrary<Scenario> scenarios() {
		Arbitrary<Duration> openTimeout = Arbitraries.longs().between(1, 3_000).map(Duration::ofMillis).injectNull(0.3);
		Arbitrary<Duration> stopTimeout = Arbitraries.longs().between(0, 3_000).map(Duration::ofMillis);
		Arbitrary<List<CreateMode>> creates = Arbitraries.frequency(Tuple.of(4, CreateMode.PENDING),
				Tuple.of(2, CreateMode.OPEN_AT_ONCE), Tuple.of(2, CreateMode.FAIL_AT_ONCE),
				Tuple.of(1, CreateMode.THROW), Tuple.of(1, CreateMode.NULL))
			.list()
			.ofMinSize(1)
			.ofMaxSize(5);
		Arbitrary<List<DestroyMode>> destroys = Arbitraries.frequency(Tuple.of(4, DestroyMode.CLOSE),
				Tuple.of(2, DestroyMode.NOTHING), Tuple.of(1, DestroyMode.THROW))
			.list()
			.ofMinSize(1)
			.ofMaxSize(3);
		Arbitrary<Boolean> hooksThrow = Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true));
		Arbitrary<List<Step>> steps = steps().list().ofMinSize(1).ofMaxSize(60);
		return Combinators.combine(backoffs(), openTimeout, stopTimeout, creates, destroys, hooksThrow,
				Arbitraries.longs(), steps)
			.as(Scenario::new);
	}

	private static Arbitrary<Backoff> backoffs() {
		Arbitrary<String> strategy = Arbitraries.of("fixed", "fibonacci", "exponential");
		Arbitrary<Long> initial = Arbitraries.longs().between(0, 500);
		Arbitrary<Long> extra = Arbitraries.longs().between(1, 5_000);
		Arbitrary<String> jitter = Arbitraries.of("proportional", "none", "full", "equal", "decorrelated");
		Arbitrary<Double> randomisation = Arbitraries.doubles().between(0, 1);
		Arbitrary<Double> factor = Arbitraries.doubles().between(1.1, 4);
		Arbitrary<Integer> failAfter = Arbitraries.integers().between(1, 5).injectNull(0.4);
		Arbitrary<Duration> resetAfter = Arbitraries.longs().between(1, 2_000).map(Duration::ofMillis).injectNull(0.5);
		return Combinators.combine(strategy, initial, extra, jitter, randomisation, factor, failAfter, resetAfter)
			.as((name, initialMillis, extraMillis, jitterName, random, growth, fails, reset) -> {
				// only the fixed strategy accepts 0 ms
				long first = name.equals("fixed") ? initialMillis : Math.max(1, initialMillis);
				Backoff.Builder builder = Backoff.builder()
					.strategy(name)
					.initialDelay(Duration.ofMillis(first))
					.jitter(jitterName)
					.randomisationFactor(random)
					.failAfter(fails)
					.resetAfter(reset);
				if (!name.equals("fixed")) {
					builder.maxDelay(Duration.ofMillis(first + extraMillis));
				}
				if (name.equals("exponential")) {
					builder.factor(growth);
				}
				return builder.build();
			});
	}

	private static Arbitrary<Step> steps() {
		Arbitrary<Integer> pick = Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(2, 1), Tuple.of(1, 2), Tuple.of(1, 5));
		return Arbitraries.frequencyOf(
				Tuple.of(3, Arbitraries.just(new Start())),
				Tuple.of(2, Arbitraries.just(new Stop())),
				Tuple.of(2, Arbitraries.just(new Reconnect())),
				Tuple.of(4, pick.map((p) -> new Raise(Signal.OPEN, p))),
				Tuple.of(4, pick.map((p) -> new Raise(Signal.CLOSE, p))),
				Tuple.of(1, pick.map((p) -> new Raise(Signal.ERROR, p))),
				Tuple.of(3, Arbitraries.longs().between(0, 3_000).map(Advance::new)),
				Tuple.of(3, Arbitraries.just(new AdvanceToNext())));
	}

}
