package io.github.reconnectingsocket.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.Registration;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.core.StateListener;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters of every managed socket, each tagged {@code name}: the current state
 * (one gauge per state), attempts by outcome, disconnections, failures (gave up) and the
 * downtime from losing a connection to having it back. Sockets registered later get their
 * meters then; an unregistered socket's meters are removed.
 *
 * <p>
 * The counters read the socket's own totals ({@link SocketSnapshot.Counters}), so they
 * are exact whenever they are scraped and count what happened before binding too.
 */
public class ReconnectingSocketMetrics implements MeterBinder, AutoCloseable {

	/** One gauge per state, tag {@code state}: 1 for the current state, else 0. */
	public static final String STATE = "reconnecting.socket.state";

	/** Attempts that ended, tag {@code outcome}: {@code opened} or {@code failed}. */
	public static final String ATTEMPTS = "reconnecting.socket.attempts";

	/** Open connections that closed on their own. */
	public static final String DISCONNECTIONS = "reconnecting.socket.disconnections";

	/** Times the socket gave up (entered {@code failed}). */
	public static final String FAILURES = "reconnecting.socket.failures";

	/** From losing a connection, or starting, to the next {@code opened}. */
	public static final String DOWNTIME = "reconnecting.socket.downtime";

	private final ReconnectingSocketRegistry sockets;

	private final List<Binding> bindings = new CopyOnWriteArrayList<>();

	/**
	 * @param sockets the sockets to measure
	 */
	public ReconnectingSocketMetrics(ReconnectingSocketRegistry sockets) {
		this.sockets = sockets;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Binding binding = new Binding(registry);
		this.bindings.add(binding);
		binding.registration = this.sockets.addListener(binding);
	}

	/**
	 * Stops following the sockets and removes their meters from every registry bound to.
	 */
	@Override
	public void close() {
		for (Binding binding : this.bindings) {
			binding.close();
		}
		this.bindings.clear();
	}

	/** The meters of all sockets in one meter registry. */
	private final class Binding implements ReconnectingSocketRegistry.Listener {

		private final MeterRegistry registry;

		private final Map<String, SocketMeters> meters = new ConcurrentHashMap<>();

		@Nullable Registration registration;

		Binding(MeterRegistry registry) {
			this.registry = registry;
		}

		@Override
		public void registered(ReconnectingSocket<?> socket) {
			this.meters.computeIfAbsent(socket.name(), (name) -> new SocketMeters(this.registry, socket));
		}

		@Override
		public void unregistered(ReconnectingSocket<?> socket) {
			SocketMeters removed = this.meters.remove(socket.name());
			if (removed != null) {
				removed.close();
			}
		}

		void close() {
			if (this.registration != null) {
				this.registration.remove();
			}
			for (String name : this.meters.keySet()) {
				SocketMeters removed = this.meters.remove(name);
				if (removed != null) {
					removed.close();
				}
			}
		}

	}

	/** The meters of one socket in one meter registry. */
	private final class SocketMeters {

		private final MeterRegistry registry;

		private final List<Meter> meters = new ArrayList<>();

		private final Registration downtimeTracking;

		SocketMeters(MeterRegistry registry, ReconnectingSocket<?> socket) {
			this.registry = registry;
			Tags tags = Tags.of("name", socket.name());
			for (SocketState state : SocketState.values()) {
				this.meters.add(Gauge.builder(STATE, socket, (s) -> (s.state() == state) ? 1 : 0)
					.tags(tags)
					.tag("state", state.seedName())
					.description("Whether the reconnecting socket is in this state (1) or not (0)")
					.strongReference(true)
					.register(registry));
			}
			this.meters.add(counter(ATTEMPTS, socket, (s) -> s.snapshot().counters().opens(),
					tags.and("outcome", "opened"), "Attempts to open the socket, by outcome"));
			this.meters.add(counter(ATTEMPTS, socket, (s) -> s.snapshot().counters().failedAttempts(),
					tags.and("outcome", "failed"), "Attempts to open the socket, by outcome"));
			this.meters.add(counter(DISCONNECTIONS, socket, (s) -> s.snapshot().counters().disconnections(), tags,
					"Open connections that closed on their own"));
			this.meters.add(counter(FAILURES, socket, (s) -> s.snapshot().counters().failures(), tags,
					"Times the socket gave up after failAfter consecutive failed attempts"));
			Timer downtime = Timer.builder(DOWNTIME)
				.tags(tags)
				.description("Time from losing a connection (or starting) to the next open connection")
				.register(registry);
			this.meters.add(downtime);
			this.downtimeTracking = Downtime.track(socket, downtime);
		}

		private Meter counter(String name, ReconnectingSocket<?> socket, ToDoubleFunction<ReconnectingSocket<?>> count,
				Tags tags, String description) {
			return FunctionCounter.builder(name, socket, count)
				.tags(tags)
				.description(description)
				.register(this.registry);
		}

		void close() {
			this.downtimeTracking.remove();
			for (Meter meter : this.meters) {
				this.registry.remove(meter);
			}
		}

	}

	/**
	 * Records each outage of one socket that ends in {@code opened}, from the socket's
	 * own {@link SocketSnapshot#disconnectedSince()}. That is cleared by the transition
	 * to {@code opened}, so it is remembered from the transitions before.
	 */
	private static final class Downtime implements StateListener {

		private final ReconnectingSocket<?> socket;

		private final Timer timer;

		private @Nullable Instant disconnectedSince;

		private Downtime(ReconnectingSocket<?> socket, Timer timer) {
			this.socket = socket;
			this.timer = timer;
		}

		static Registration track(ReconnectingSocket<?> socket, Timer timer) {
			Downtime downtime = new Downtime(socket, timer);
			Registration registration = socket.addStateListener(downtime);
			// Read after listening, so that no change falls in between: an outage this
			// snapshot shows
			// is recorded when it ends; one that ended before it was read ended before
			// binding.
			synchronized (downtime) {
				downtime.disconnectedSince = socket.snapshot().disconnectedSince();
			}
			return registration;
		}

		@Override
		public synchronized void onStateChange(StateChange change) {
			if (change.to() == SocketState.OPENED) {
				if (this.disconnectedSince != null) {
					this.timer.record(Duration.between(this.disconnectedSince, change.time()));
				}
				this.disconnectedSince = null;
			}
			else {
				// Called on the socket's serialized context: the snapshot is the one of
				// this change.
				this.disconnectedSince = this.socket.snapshot().disconnectedSince();
			}
		}

	}

}
