package io.github.reconnectingsocket.actuate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.github.reconnectingsocket.core.ConnectionPacer;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of the sockets' pacing groups in one meter registry, tagged {@code group}:
 * registered with the first socket of a group, and kept until the binding closes. A
 * group's figures are its pacer's, which outlives the sockets that use it, and a counter
 * must not go down when a socket leaves.
 */
final class PacingMeters {

	private final MeterRegistry registry;

	// Guarded by this.
	private final Map<String, PacingGroup> groups = new HashMap<>();

	// Guarded by this.
	private final List<Meter> meters = new ArrayList<>();

	PacingMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * @param socket a socket registered: its pacer joins the group of its name, whose
	 * meters are registered if they are not yet
	 */
	void add(ReconnectingSocket<?> socket) {
		socket.pacer().ifPresent(this::add);
	}

	private synchronized void add(ConnectionPacer pacer) {
		PacingGroup group = this.groups.get(pacer.name());
		if (group == null) {
			group = new PacingGroup(pacer.name());
			this.groups.put(group.name(), group);
			register(group);
		}
		group.add(pacer);
	}

	private void register(PacingGroup group) {
		this.meters.add(gauge(ReconnectingSocketMetrics.PACING_IN_FLIGHT, group, PacingGroup::inFlight,
				"Connection attempts holding a permit of the pacing group, between their connect and its outcome"));
		this.meters.add(gauge(ReconnectingSocketMetrics.PACING_WAITING, group, PacingGroup::waiting,
				"Connection attempts waiting for a permit of the pacing group"));
		this.meters.add(FunctionCounter.builder(ReconnectingSocketMetrics.PACING_PACED, group, PacingGroup::paced)
			.tag("group", group.name())
			.description("Connection attempts that had to wait for a permit of the pacing group")
			.register(this.registry));
	}

	private Meter gauge(String name, PacingGroup group, ToDoubleFunction<PacingGroup> value, String description) {
		return Gauge.builder(name, group, value)
			.tag("group", group.name())
			.description(description)
			.strongReference(true)
			.register(this.registry);
	}

	/** Removes the meters. */
	synchronized void close() {
		for (Meter meter : this.meters) {
			this.registry.remove(meter);
		}
		this.meters.clear();
		this.groups.clear();
	}

}
