package io.github.reconnectingsocket.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.Registration;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.core.StateListener;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Records each outage of one socket that ends in {@code opened}, from the socket's own
 * {@link SocketSnapshot#disconnectedSince()}: into the initial-connect timer when it
 * began with {@code start()} from {@code stopped}, else into the downtime timer. The
 * start is cleared by the transition to {@code opened}, so it is remembered from the
 * transitions before.
 */
final class Outages implements StateListener {

	private final ReconnectingSocket<?> socket;

	private final Timer downtime;

	private final Timer initialConnect;

	private @Nullable Instant disconnectedSince;

	/**
	 * Whether the current outage began with a start rather than a lost connection.
	 */
	private boolean initial;

	private Outages(ReconnectingSocket<?> socket, Timer downtime, Timer initialConnect) {
		this.socket = socket;
		this.downtime = downtime;
		this.initialConnect = initialConnect;
	}

	static Registration track(ReconnectingSocket<?> socket, List<StateChange> recent, Timer downtime,
			Timer initialConnect) {
		Outages outages = new Outages(socket, downtime, initialConnect);
		Registration registration = socket.addStateListener(outages);
		// Read after listening, so that no change falls in between: an outage this
		// snapshot shows is recorded when it ends; one that ended before it was read
		// ended before binding.
		synchronized (outages) {
			SocketSnapshot snapshot = socket.snapshot();
			outages.disconnectedSince = snapshot.disconnectedSince();
			outages.initial = (outages.disconnectedSince != null) && beganWithStart(recent, snapshot);
		}
		return registration;
	}

	/**
	 * Whether an outage under way began with a start: the newest transition out of
	 * {@code opened} or {@code stopped} in the recent history says; beyond that history,
	 * only a socket that never opened is surely in its initial connect.
	 */
	private static boolean beganWithStart(List<StateChange> recent, SocketSnapshot snapshot) {
		for (StateChange change : recent) {
			if (change.from() == SocketState.OPENED) {
				return false;
			}
			if (change.from() == SocketState.STOPPED) {
				return true;
			}
		}
		return snapshot.counters().opens() == 0;
	}

	@Override
	public synchronized void onStateChange(StateChange change) {
		if (change.to() == SocketState.OPENED) {
			if (this.disconnectedSince != null) {
				Timer timer = this.initial ? this.initialConnect : this.downtime;
				timer.record(Duration.between(this.disconnectedSince, change.time()));
			}
			this.disconnectedSince = null;
			this.initial = false;
			return;
		}
		if (change.from() == SocketState.STOPPED) {
			this.initial = true;
		}
		else if (change.from() == SocketState.OPENED) {
			this.initial = false;
		}
		// Called on the socket's serialized context: the snapshot is the one of this
		// change.
		this.disconnectedSince = this.socket.snapshot().disconnectedSince();
	}

}
