package io.github.reconnectingsocket.actuate;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

import io.github.reconnectingsocket.core.ConnectionPacer;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import org.jspecify.annotations.Nullable;

/**
 * The pacers of one name, read as one: the JVM-wide pacer of that name
 * ({@link ConnectionPacer#named}, the starter's
 * {@code reconnecting-socket.pacing.group}), or pacers of their own that a customizer
 * gave some sockets (all named {@code unnamed}). Their figures add up: a meter or a JSON
 * key per name shows the whole group rather than whichever pacer came first.
 */
final class PacingGroup {

	private final String name;

	// ConnectionPacer keeps the identity's equals: one entry per pacer.
	private final Set<ConnectionPacer> pacers = new CopyOnWriteArraySet<>();

	PacingGroup(String name) {
		this.name = name;
	}

	/**
	 * @param sockets some sockets
	 * @return the groups of their pacers, by name, sorted; empty when none is paced
	 */
	static Map<String, PacingGroup> of(Iterable<ReconnectingSocket<?>> sockets) {
		Map<String, PacingGroup> groups = new TreeMap<>();
		for (ReconnectingSocket<?> socket : sockets) {
			socket.pacer()
				.ifPresent((pacer) -> groups.computeIfAbsent(pacer.name(), PacingGroup::new).pacers.add(pacer));
		}
		return groups;
	}

	/**
	 * @param socket a socket
	 * @return the name of its pacing group, or {@code null} when it is not paced
	 */
	static @Nullable String nameOf(ReconnectingSocket<?> socket) {
		return socket.pacer().map(ConnectionPacer::name).orElse(null);
	}

	/**
	 * @param pacer a pacer of this name
	 * @return whether the group did not have it yet
	 */
	boolean add(ConnectionPacer pacer) {
		return this.pacers.add(pacer);
	}

	String name() {
		return this.name;
	}

	/**
	 * @return attempts in flight at most over the group, 0 when one of its pacers has no
	 * limit
	 */
	int maxInFlight() {
		return limit(ConnectionPacer::maxInFlight);
	}

	/**
	 * @return new attempts per second at most over the group, 0 when one of its pacers
	 * has no limit
	 */
	int attemptsPerSecond() {
		return limit(ConnectionPacer::attemptsPerSecond);
	}

	int inFlight() {
		return (int) sum(ConnectionPacer::inFlight);
	}

	int waiting() {
		return (int) sum(ConnectionPacer::waiting);
	}

	long paced() {
		return sum(ConnectionPacer::paced);
	}

	private int limit(ToIntFunction<ConnectionPacer> limit) {
		long sum = 0;
		for (ConnectionPacer pacer : this.pacers) {
			int value = limit.applyAsInt(pacer);
			if (value == 0) {
				return 0;
			}
			sum += value;
		}
		return (int) Math.min(sum, Integer.MAX_VALUE);
	}

	private long sum(ToLongFunction<ConnectionPacer> figure) {
		long sum = 0;
		for (ConnectionPacer pacer : this.pacers) {
			sum += figure.applyAsLong(pacer);
		}
		return sum;
	}

}
