package io.github.reconnectingsocket.core;

import java.util.ArrayList;
import java.util.List;

import io.github.reconnectingsocket.backoff.Backoff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link Steps#transition} refuses every edge that {@link SocketState#successors()}
 * lacks, and any call from outside the machine's context.
 *
 * <p>
 * This is a test of the package-private {@code Steps}, not of the public API: through the
 * public API no rule of {@code Machine} ever asks for an illegal edge (that is what the
 * random interleavings check), so the refusal cannot be reached from there. Here each of
 * the 49 ordered pairs of states is asked for directly, from inside the context, with the
 * machine's state set to the first.
 */
class StepsTransitionTest {

	private final VirtualClock clock = new VirtualClock();

	private final List<Throwable> uncaught = new ArrayList<>();

	private final List<StateChange> published = new ArrayList<>();

	private final Options<Object> options = new Options<>("steps", new SocketFactory<Object>() {

		@Override
		public Object create(SocketHandle handle, boolean firstOpen) {
			return new Object();
		}

		@Override
		public void destroy(Object socket) {
		}

	}, Backoff.DEFAULTS, Timeouts.NONE, 0, Timeouts.NONE, Timeouts.NONE, RetryPolicy.BACKOFF, this.clock.clock(),
			this.clock, Runnable::run, () -> 0.5, List.of(this.published::add), List.of());

	private final Statistics statistics = new Statistics("steps", 0);

	private final Callbacks<Object> callbacks = new Callbacks<>(this.options);

	private final MachineContext context = new MachineContext(this.statistics, this.callbacks::afterStep,
			(thread, ex) -> this.uncaught.add(ex));

	private final Steps<Object> steps = new Steps<>(new Machine<>(this.options), this.options, this.statistics,
			this.callbacks, this.context, new TimerSlot(this.clock, this.context, () -> {
			}));

	@Test
	void everyEdgeOutsideTheTableIsRefusedAndEveryEdgeInItIsTaken() {
		int refused = 0;
		for (SocketState from : SocketState.values()) {
			for (SocketState to : SocketState.values()) {
				this.uncaught.clear();
				this.published.clear();
				this.statistics.state = from;
				this.context.execute(() -> this.steps.transition(to));
				if (from.canMoveTo(to)) {
					assertThat(this.uncaught).as("%s -> %s taken", from, to).isEmpty();
					assertThat(this.statistics.state).isEqualTo(to);
					assertThat(this.published).singleElement()
						.satisfies((change) -> assertThat(change.from()).isEqualTo(from))
						.satisfies((change) -> assertThat(change.to()).isEqualTo(to));
				}
				else {
					refused++;
					assertThat(this.uncaught).as("%s -> %s refused", from, to)
						.singleElement()
						.isInstanceOf(IllegalStateException.class)
						.extracting(Throwable::getMessage)
						.isEqualTo("No transition " + from.seedName() + " -> " + to.seedName()
								+ " in the table (socket 'steps')");
					assertThat(this.statistics.state).as("a refused edge changes nothing").isEqualTo(from);
					assertThat(this.published).as("a refused edge is not published").isEmpty();
				}
			}
		}
		// 7 x 7 pairs, 17 of them edges of the table
		assertThat(refused).isEqualTo(49 - 17);
	}

	@Test
	void aTransitionFromOutsideTheContextIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> this.steps.transition(SocketState.OPENING))
			.withMessage("Not called from the state machine's serialized context");
		assertThat(this.statistics.state).isEqualTo(SocketState.STOPPED);
	}

}
