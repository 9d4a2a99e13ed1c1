package io.github.reconnectingsocket.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.Registration;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.core.StateListener;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.jspecify.annotations.Nullable;

/**
 * When the current outage of one socket began. An outage begins when a started socket is without a
 * connection: it lost one (OPENED to CLOSED, or to REOPENING by {@code reconnect()}) or it was started
 * (STOPPED to OPENING). It lasts through CLOSED, OPENING, REOPENING and FAILED, a restart from FAILED
 * included, and ends at the next OPENED (recovered) or when the socket is stopped (abandoned).
 *
 * <p>{@code snapshot().since()} cannot tell this: it moves at every transition, so a socket cycling
 * through short backoff delays would never look disconnected for long.
 */
final class Outage implements StateListener {

	private final ReconnectingSocket<?> socket;

	private final Consumer<Duration> onRecovered;

	private @Nullable Registration registration;

	private @Nullable Instant start;

	private boolean ready;

	// Changes already replayed from the registry's history that may still reach the listener.
	private @Nullable Set<StateChange> replayed;

	private Outage(ReconnectingSocket<?> socket, Consumer<Duration> onRecovered) {
		this.socket = socket;
		this.onRecovered = onRecovered;
	}

	/**
	 * Starts tracking a socket of the registry, picking up an outage already running from the
	 * registry's recent transitions.
	 * @param registry the registry the socket is registered in
	 * @param socket the socket
	 * @param onRecovered receives the length of every outage that ends in OPENED
	 * @return the tracker; {@link #close()} it once the socket is unregistered
	 */
	static Outage track(ReconnectingSocketRegistry registry, ReconnectingSocket<?> socket,
			Consumer<Duration> onRecovered) {
		Outage outage = new Outage(socket, onRecovered);
		// Listen first, then read the history: a change lands in the history before this listener
		// hears of it (the registry listens from registration on), so none falls in between.
		outage.registration = socket.addStateListener(outage);
		outage.initialise(registry.recentTransitions(socket.name()));
		return outage;
	}

	private synchronized void initialise(List<StateChange> newestFirst) {
		if (newestFirst.isEmpty()) {
			SocketSnapshot snapshot = this.socket.snapshot();
			this.start = isWithoutConnection(snapshot.state()) ? snapshot.since() : null;
		}
		else {
			StateChange oldest = newestFirst.get(newestFirst.size() - 1);
			// Began before the history does: its oldest entry is the best lower bound there is.
			this.start = isWithoutConnection(oldest.from()) ? oldest.time() : null;
			for (int i = newestFirst.size() - 1; i >= 0; i--) {
				apply(newestFirst.get(i), false);
			}
			this.replayed = Collections.newSetFromMap(new IdentityHashMap<>());
			this.replayed.addAll(newestFirst);
		}
		this.ready = true;
	}

	@Override
	public synchronized void onStateChange(StateChange change) {
		if (!this.ready) {
			return; // already in the history that initialise() replays
		}
		if (this.replayed != null) {
			if (this.replayed.contains(change)) {
				return;
			}
			this.replayed = null; // changes arrive in order: every later one is new
		}
		apply(change, true);
	}

	private void apply(StateChange change, boolean live) {
		SocketState to = change.to();
		if (to == SocketState.OPENED) {
			if (this.start != null && live) {
				this.onRecovered.accept(Duration.between(this.start, change.time()));
			}
			this.start = null;
		}
		else if (to == SocketState.CLOSING || to == SocketState.STOPPED) {
			this.start = null;
		}
		else if (this.start == null) {
			this.start = change.time();
		}
	}

	/** @return when the current outage began, or {@code null} when there is none */
	synchronized @Nullable Instant start() {
		return this.start;
	}

	/** Stops tracking. */
	void close() {
		Registration registration = this.registration;
		if (registration != null) {
			registration.remove();
		}
	}

	/**
	 * @param state a state
	 * @return whether a socket in that state is started and has no connection
	 */
	static boolean isWithoutConnection(SocketState state) {
		return state.isConnecting() || state == SocketState.CLOSED || state == SocketState.FAILED;
	}

}
