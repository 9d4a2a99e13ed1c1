package io.github.reconnectingsocket.harness;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.core.StateListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A state listener that keeps every transition, with the {@code System.nanoTime()} at
 * which the listener heard of it, for factories that {@link Recorder} cannot wrap (an
 * {@code AsyncSocketFactory}) and for timing.
 */
public final class Transitions implements StateListener {

	private final List<StateChange> changes = new CopyOnWriteArrayList<>();

	private final List<Long> heardNanos = new CopyOnWriteArrayList<>();

	@Override
	public void onStateChange(StateChange change) {
		this.heardNanos.add(System.nanoTime());
		this.changes.add(change);
	}

	/**
	 * @return every transition so far
	 */
	public List<StateChange> changes() {
		return List.copyOf(this.changes);
	}

	/**
	 * @return the transitions so far as {@code from>to} separated by single spaces
	 */
	public String trace() {
		return this.changes.stream()
			.map((change) -> change.from().seedName() + ">" + change.to().seedName())
			.collect(Collectors.joining(" "));
	}

	/** Waits until the whole trace matches the expression. */
	public void awaitTrace(String regex) {
		await().atMost(Recorder.PATIENCE)
			.pollInterval(Duration.ofMillis(5))
			.untilAsserted(() -> assertThat(trace()).as("trace").matches(regex));
	}

	/**
	 * @param to a state
	 * @return the first transition into it, waiting for it
	 */
	public StateChange awaitFirst(SocketState to) {
		return awaitNth(to, 1);
	}

	/**
	 * @param to a state
	 * @param n from 1
	 * @return the n-th transition into it, waiting for it
	 */
	public StateChange awaitNth(SocketState to, int n) {
		await().atMost(Recorder.PATIENCE)
			.pollInterval(Duration.ofMillis(2))
			.until(() -> this.changes.stream().filter((change) -> change.to() == to).count() >= n);
		return this.changes.stream().filter((change) -> change.to() == to).skip(n - 1).findFirst().orElseThrow();
	}

	/**
	 * @param change a transition recorded here
	 * @return when the listener heard of it, by {@code System.nanoTime()}
	 */
	public long heardNanos(StateChange change) {
		return this.heardNanos.get(this.changes.indexOf(change));
	}

}
