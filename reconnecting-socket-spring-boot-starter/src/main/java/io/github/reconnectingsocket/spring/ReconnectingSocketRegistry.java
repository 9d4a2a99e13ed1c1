package io.github.reconnectingsocket.spring;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.Registration;
import io.github.reconnectingsocket.core.StateChange;
import org.jspecify.annotations.Nullable;

/**
 * Every managed {@link ReconnectingSocket} of the application, by name, with its recent
 * transitions. Observability (endpoint, health, meters) reads from here, and hears of
 * sockets registered or removed after start-up through {@link #addListener}.
 */
public class ReconnectingSocketRegistry {

	/** How many transitions are kept per socket. */
	public static final int HISTORY_SIZE = 20;

	private final Map<String, Entry> entries = new ConcurrentSkipListMap<>();

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Adds a socket under its {@linkplain ReconnectingSocket#name() name}.
	 * @param socket the socket
	 * @throws IllegalStateException when a socket of that name is registered already
	 */
	public void register(ReconnectingSocket<?> socket) {
		Entry entry = new Entry(socket);
		if (this.entries.putIfAbsent(socket.name(), entry) != null) {
			throw new IllegalStateException(
					"A reconnecting socket named '" + socket.name() + "' is registered already");
		}
		entry.start();
		for (Listener listener : this.listeners) {
			listener.registered(socket);
		}
	}

	/**
	 * Removes a socket; it is not stopped.
	 * @param name the socket's name
	 * @return whether a socket of that name was registered
	 */
	public boolean unregister(String name) {
		Entry entry = this.entries.remove(name);
		if (entry == null) {
			return false;
		}
		entry.registration.remove();
		for (Listener listener : this.listeners) {
			listener.unregistered(entry.socket);
		}
		return true;
	}

	/**
	 * @param name a socket's name
	 * @return the socket, or empty when none has that name
	 */
	public Optional<ReconnectingSocket<?>> find(String name) {
		Entry entry = this.entries.get(name);
		return (entry != null) ? Optional.of(entry.socket) : Optional.empty();
	}

	/**
	 * @return the sockets, sorted by name
	 */
	public List<ReconnectingSocket<?>> sockets() {
		List<ReconnectingSocket<?>> sockets = new ArrayList<>(this.entries.size());
		for (Entry entry : this.entries.values()) {
			sockets.add(entry.socket);
		}
		return sockets;
	}

	/**
	 * @return the names, sorted, as a copy that does not change
	 */
	public SortedSet<String> names() {
		return Collections.unmodifiableSortedSet(new TreeSet<>(this.entries.keySet()));
	}

	/**
	 * @param name a socket's name
	 * @return its last {@value #HISTORY_SIZE} transitions, newest first; empty for an
	 * unknown name
	 */
	public List<StateChange> recentTransitions(String name) {
		Entry entry = this.entries.get(name);
		return (entry != null) ? entry.recent() : List.of();
	}

	/**
	 * Adds a listener and tells it at once of every socket registered so far.
	 * @param listener the listener
	 * @return removes the listener
	 */
	public Registration addListener(Listener listener) {
		this.listeners.add(listener);
		for (Entry entry : this.entries.values()) {
			listener.registered(entry.socket);
		}
		return () -> this.listeners.remove(listener);
	}

	/** Hears of sockets added to and removed from the registry. */
	public interface Listener {

		/**
		 * @param socket a socket just registered, or registered before the listener was
		 * added
		 */
		default void registered(ReconnectingSocket<?> socket) {
		}

		/**
		 * @param socket a socket just removed
		 */
		default void unregistered(ReconnectingSocket<?> socket) {
		}

	}

	private static final class Entry {

		final ReconnectingSocket<?> socket;

		private final Deque<StateChange> history = new ArrayDeque<>(HISTORY_SIZE);

		@Nullable Registration registration;

		Entry(ReconnectingSocket<?> socket) {
			this.socket = socket;
		}

		void start() {
			this.registration = this.socket.addStateListener(this::record);
		}

		private synchronized void record(StateChange change) {
			if (this.history.size() == HISTORY_SIZE) {
				this.history.removeLast();
			}
			this.history.addFirst(change);
		}

		synchronized List<StateChange> recent() {
			return List.copyOf(this.history);
		}

	}

}
