package io.github.reconnectingsocket.reliability;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.reliability.Interleaving.AdvanceToNext;
import io.github.reconnectingsocket.reliability.Interleaving.CreateMode;
import io.github.reconnectingsocket.reliability.Interleaving.DestroyMode;
import io.github.reconnectingsocket.reliability.Interleaving.Raise;
import io.github.reconnectingsocket.reliability.Interleaving.Scenario;
import io.github.reconnectingsocket.reliability.Interleaving.Signal;
import io.github.reconnectingsocket.reliability.Interleaving.Start;
import io.github.reconnectingsocket.reliability.Interleaving.Step;
import io.github.reconnectingsocket.reliability.Interleaving.Stop;
import io.github.reconnectingsocket.reliability.TransitionTable.Row;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fixed scenarios through the same checker as the property test, without a generator (the
 * shrunk counterexample that found a core bug among them), and the table the checker
 * holds transitions to.
 */
class InterleavingReplayTest {

	private static Scenario scenario(List<DestroyMode> destroys, Step... steps) {
		return new Scenario(Backoff.builder().strategy("fixed").initialDelay(Duration.ZERO).build(), null,
				Duration.ZERO, List.of(CreateMode.PENDING), destroys, false, 0, List.of(steps));
	}

	@Test
	void theCounterexampleOfTheSocketExposedWhileClosing() {
		Set<Row> covered = new HashSet<>();
		new Interleaving(scenario(List.of(DestroyMode.NOTHING), new Start(), new Raise(Signal.OPEN, 0), new Stop()),
				covered)
			.run();
		assertThat(covered).extracting(Row::on)
			.contains(TransitionTable.On.START, TransitionTable.On.OPEN, TransitionTable.On.STOP,
					TransitionTable.On.STOPPED);
	}

	@Test
	void aStartDuringClosingThenTheStopTimeoutThenAStaleClose() {
		new Interleaving(scenario(List.of(DestroyMode.NOTHING), new Start(), new Raise(Signal.OPEN, 0), new Stop(),
				new Start(), new AdvanceToNext(), new Raise(Signal.CLOSE, 1), new Raise(Signal.OPEN, 0)),
				new HashSet<>())
			.run();
	}

	@Test
	void theTableAllowsNoMoreThanDesignMdSays() {
		// 7 states, 42 ordered pairs: only these 17 may ever be published (CLOSED ->
		// REOPENING has two causes)
		long legal = 0;
		for (SocketState from : SocketState.values()) {
			for (SocketState to : SocketState.values()) {
				if (!TransitionTable.rows(from, to).isEmpty()) {
					legal++;
				}
			}
		}
		assertThat(legal).isEqualTo(17);
		assertThat(TransitionTable.rows(SocketState.STOPPED, SocketState.OPENED)).isEmpty();
		assertThat(TransitionTable.rows(SocketState.OPENED, SocketState.FAILED)).isEmpty();
		assertThat(TransitionTable.rows(SocketState.CLOSING, SocketState.OPENING)).isEmpty();
		assertThat(TransitionTable.rows(SocketState.STOPPED, SocketState.CLOSING)).isEmpty();
		assertThat(TransitionTable.rows(SocketState.FAILED, SocketState.REOPENING)).isEmpty();
		for (SocketState from : SocketState.values()) {
			assertThat(TransitionTable.rows(from, SocketState.CLOSING)).as("stop() from %s", from)
				.hasSize((from == SocketState.STOPPED || from == SocketState.CLOSING) ? 0 : 1);
		}
	}

}
