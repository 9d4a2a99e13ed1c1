package io.github.reconnectingsocket.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.github.reconnectingsocket.backoff.Backoff;

/**
 * A machine on a virtual clock and a direct executor: every call completes before it
 * returns.
 */
final class Harness {

	final VirtualClock clock = new VirtualClock();

	final ScriptedFactory factory = new ScriptedFactory();

	final List<StateChange> changes = new ArrayList<>();

	final List<String> infos = new ArrayList<>();

	final ReconnectingSocket<ScriptedFactory.Sock> socket;

	Harness() {
		this(Backoff.builder().randomisationFactor(0).build());
	}

	Harness(Backoff backoff) {
		this(backoff, UnaryOperator.identity());
	}

	Harness(Backoff backoff, UnaryOperator<ReconnectingSocketBuilder<ScriptedFactory.Sock>> customizer) {
		ReconnectingSocketBuilder<ScriptedFactory.Sock> builder = ReconnectingSocket.builder(this.factory)
			.name("test")
			.backoff(backoff)
			.openTimeout(null)
			.virtualClock(this.clock)
			.executor(Runnable::run)
			.random(() -> 0.5)
			.stateListener((change) -> {
				this.changes.add(change);
				this.factory.log.add(change.from().seedName() + " -> " + change.to().seedName());
			})
			.infoListener((info) -> this.infos.add(info.message()));
		this.socket = customizer.apply(builder).build();
	}

	void advance(long millis) {
		this.clock.advance(Duration.ofMillis(millis));
	}

	SocketState state() {
		return this.socket.state();
	}

	List<String> log() {
		return this.factory.drain();
	}

	/** Starts and opens the first socket; clears the log. */
	Harness opened() {
		this.socket.start();
		this.factory.last().open();
		this.factory.drain();
		return this;
	}

}
