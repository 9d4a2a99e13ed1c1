package io.github.reconnectingsocket.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.Registration;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
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
 * Micrometer meters of every managed socket: the current state (one gauge per state),
 * attempts by outcome, disconnections, failures (gave up), the downtime from losing a
 * connection to having it back, and apart from it the initial connect, from
 * {@code start()} to the first connection. Sockets registered later get their meters
 * then; an unregistered socket's meters are removed.
 *
 * <p>
 * Per socket (the default), every meter is tagged {@code name}: 13 meters per socket.
 * Without per-socket meters, the same meters are registered once, without the
 * {@code name} tag, over all sockets: the state gauges count the sockets in each state,
 * the counters add up the sockets' totals (an unregistered socket's totals are kept) and
 * every socket records into the two timers. That is a registration choice rather than a
 * {@code MeterFilter} that drops the tag: a filtered gauge or function counter would keep
 * the value of the first socket registered under the shortened id instead of the sum.
 *
 * <p>
 * The sockets' pacing groups (their {@code ConnectionPacer}s, by name) have three meters
 * each, tagged {@code group} whether or not meters are per socket: their number is the
 * number of groups, one with the starter's defaults. They appear with a group's first
 * socket and stay: the pacer outlives its sockets.
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

	/** From losing a connection to the next {@code opened}. */
	public static final String DOWNTIME = "reconnecting.socket.downtime";

	/** From {@code start()} to the first {@code opened} after it. */
	public static final String INITIAL_CONNECT = "reconnecting.socket.initial.connect";

	/**
	 * Attempts holding a permit of their pacing group, tag {@code group}: between their
	 * connect and its outcome.
	 */
	public static final String PACING_IN_FLIGHT = "reconnecting.socket.pacing.in.flight";

	/** Attempts waiting for a permit of their pacing group, tag {@code group}. */
	public static final String PACING_WAITING = "reconnecting.socket.pacing.waiting";

	/**
	 * Attempts that had to wait for a permit of their pacing group, tag {@code group}.
	 */
	public static final String PACING_PACED = "reconnecting.socket.pacing.paced";

	private static final String DOWNTIME_DESCRIPTION = "Time from losing a connection to the next open connection";

	private static final String INITIAL_CONNECT_DESCRIPTION = "Time from starting the socket to its first open connection";

	private final ReconnectingSocketRegistry sockets;

	private final boolean perSocket;

	private final List<Binding> bindings = new CopyOnWriteArrayList<>();

	/**
	 * Meters per socket.
	 * @param sockets the sockets to measure
	 */
	public ReconnectingSocketMetrics(ReconnectingSocketRegistry sockets) {
		this(sockets, true);
	}

	/**
	 * @param sockets the sockets to measure
	 * @param perSocket whether each socket gets its own meters, tagged {@code name}, or
	 * all sockets share one set without that tag
	 */
	public ReconnectingSocketMetrics(ReconnectingSocketRegistry sockets, boolean perSocket) {
		this.sockets = sockets;
		this.perSocket = perSocket;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Binding binding = this.perSocket ? new PerSocketBinding(registry) : new AggregateBinding(registry);
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

	private static <T> Meter functionCounter(MeterRegistry registry, String name, T source, ToDoubleFunction<T> value,
			Tags tags, String description) {
		return FunctionCounter.builder(name, source, value).tags(tags).description(description).register(registry);
	}

	/** The meters of all sockets in one meter registry. */
	private abstract static class Binding implements ReconnectingSocketRegistry.Listener {

		final MeterRegistry registry;

		final PacingMeters pacing;

		@Nullable Registration registration;

		Binding(MeterRegistry registry) {
			this.registry = registry;
			this.pacing = new PacingMeters(registry);
		}

		void close() {
			if (this.registration != null) {
				this.registration.remove();
			}
			this.pacing.close();
		}

	}

	/** Meters tagged with each socket's name. */
	private final class PerSocketBinding extends Binding {

		private final Map<String, SocketMeters> meters = new ConcurrentHashMap<>();

		PerSocketBinding(MeterRegistry registry) {
			super(registry);
		}

		@Override
		public void registered(ReconnectingSocket<?> socket) {
			this.pacing.add(socket);
			this.meters.computeIfAbsent(socket.name(), (name) -> new SocketMeters(this.registry, socket,
					ReconnectingSocketMetrics.this.sockets.recentTransitions(name)));
		}

		@Override
		public void unregistered(ReconnectingSocket<?> socket) {
			SocketMeters removed = this.meters.remove(socket.name());
			if (removed != null) {
				removed.close();
			}
		}

		@Override
		void close() {
			super.close();
			for (String name : this.meters.keySet()) {
				SocketMeters removed = this.meters.remove(name);
				if (removed != null) {
					removed.close();
				}
			}
		}

	}

	/** The meters of one socket in one meter registry. */
	private static final class SocketMeters {

		private final MeterRegistry registry;

		private final List<Meter> meters = new ArrayList<>();

		private final Registration outageTracking;

		SocketMeters(MeterRegistry registry, ReconnectingSocket<?> socket, List<StateChange> recent) {
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
			this.meters.add(counter(ATTEMPTS, socket, SocketSnapshot.Counters::opens, tags.and("outcome", "opened"),
					"Attempts to open the socket, by outcome"));
			this.meters.add(counter(ATTEMPTS, socket, SocketSnapshot.Counters::failedAttempts,
					tags.and("outcome", "failed"), "Attempts to open the socket, by outcome"));
			this.meters.add(counter(DISCONNECTIONS, socket, SocketSnapshot.Counters::disconnections, tags,
					"Open connections that closed on their own"));
			this.meters.add(counter(FAILURES, socket, SocketSnapshot.Counters::failures, tags,
					"Times the socket gave up after failAfter consecutive failed attempts"));
			Timer downtime = Timer.builder(DOWNTIME).tags(tags).description(DOWNTIME_DESCRIPTION).register(registry);
			Timer initialConnect = Timer.builder(INITIAL_CONNECT)
				.tags(tags)
				.description(INITIAL_CONNECT_DESCRIPTION)
				.register(registry);
			this.meters.add(downtime);
			this.meters.add(initialConnect);
			this.outageTracking = Outages.track(socket, recent, downtime, initialConnect);
		}

		private Meter counter(String name, ReconnectingSocket<?> socket, ToLongFunction<SocketSnapshot.Counters> count,
				Tags tags, String description) {
			return functionCounter(this.registry, name, socket, (s) -> count.applyAsLong(s.snapshot().counters()), tags,
					description);
		}

		void close() {
			this.outageTracking.remove();
			for (Meter meter : this.meters) {
				this.registry.remove(meter);
			}
		}

	}

	/**
	 * One set of meters without the {@code name} tag, over every socket: a fixed number
	 * of series whatever the number of sockets.
	 */
	private final class AggregateBinding extends Binding {

		private final List<Meter> meters = new ArrayList<>();

		private final Map<String, Registration> outageTracking = new ConcurrentHashMap<>();

		/** The totals of unregistered sockets, so that the counters never go down. */
		private final List<SocketSnapshot.Counters> retired = new CopyOnWriteArrayList<>();

		private final Timer downtime;

		private final Timer initialConnect;

		AggregateBinding(MeterRegistry registry) {
			super(registry);
			for (SocketState state : SocketState.values()) {
				this.meters.add(Gauge.builder(STATE, this, (binding) -> binding.count(state))
					.tag("state", state.seedName())
					.description("Number of reconnecting sockets in this state")
					.register(registry));
			}
			this.meters.add(total(ATTEMPTS, SocketSnapshot.Counters::opens, Tags.of("outcome", "opened"),
					"Attempts to open the sockets, by outcome"));
			this.meters.add(total(ATTEMPTS, SocketSnapshot.Counters::failedAttempts, Tags.of("outcome", "failed"),
					"Attempts to open the sockets, by outcome"));
			this.meters.add(total(DISCONNECTIONS, SocketSnapshot.Counters::disconnections, Tags.empty(),
					"Open connections that closed on their own"));
			this.meters.add(total(FAILURES, SocketSnapshot.Counters::failures, Tags.empty(),
					"Times a socket gave up after failAfter consecutive failed attempts"));
			this.downtime = Timer.builder(DOWNTIME).description(DOWNTIME_DESCRIPTION).register(registry);
			this.initialConnect = Timer.builder(INITIAL_CONNECT)
				.description(INITIAL_CONNECT_DESCRIPTION)
				.register(registry);
			this.meters.add(this.downtime);
			this.meters.add(this.initialConnect);
		}

		private Meter total(String name, ToLongFunction<SocketSnapshot.Counters> count, Tags tags, String description) {
			return functionCounter(this.registry, name, this, (binding) -> binding.sum(count), tags, description);
		}

		private double count(SocketState state) {
			return ReconnectingSocketMetrics.this.sockets.sockets()
				.stream()
				.filter((socket) -> socket.state() == state)
				.count();
		}

		private long sum(ToLongFunction<SocketSnapshot.Counters> count) {
			long sum = 0;
			for (SocketSnapshot.Counters counters : this.retired) {
				sum += count.applyAsLong(counters);
			}
			for (ReconnectingSocket<?> socket : ReconnectingSocketMetrics.this.sockets.sockets()) {
				sum += count.applyAsLong(socket.snapshot().counters());
			}
			return sum;
		}

		@Override
		public void registered(ReconnectingSocket<?> socket) {
			this.pacing.add(socket);
			this.outageTracking.computeIfAbsent(socket.name(),
					(name) -> Outages.track(socket, ReconnectingSocketMetrics.this.sockets.recentTransitions(name),
							this.downtime, this.initialConnect));
		}

		@Override
		public void unregistered(ReconnectingSocket<?> socket) {
			Registration removed = this.outageTracking.remove(socket.name());
			if (removed != null) {
				removed.remove();
				this.retired.add(socket.snapshot().counters());
			}
		}

		@Override
		void close() {
			super.close();
			this.outageTracking.values().forEach(Registration::remove);
			this.outageTracking.clear();
			for (Meter meter : this.meters) {
				this.registry.remove(meter);
			}
		}

	}

}
