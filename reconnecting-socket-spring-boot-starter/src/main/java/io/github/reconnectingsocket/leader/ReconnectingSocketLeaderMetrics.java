package io.github.reconnectingsocket.leader;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The gauge {@value #LEADER}, tags {@code name} and {@code role}, for each socket with a
 * leader role: 1 while this instance holds the role, 0 while it is a standby. Summed over
 * a fleet, it is 1 per socket when exactly one instance holds each role.
 */
public class ReconnectingSocketLeaderMetrics implements MeterBinder {

	/** 1 while this instance holds the socket's leader role, else 0. */
	public static final String LEADER = "reconnecting.socket.leader";

	private final ReconnectingSocketRegistry sockets;

	private final SocketLeadership leadership;

	/**
	 * @param sockets the sockets
	 * @param leadership their leadership
	 */
	public ReconnectingSocketLeaderMetrics(ReconnectingSocketRegistry sockets, SocketLeadership leadership) {
		this.sockets = sockets;
		this.leadership = leadership;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Map<String, Meter> meters = new ConcurrentHashMap<>();
		this.sockets.addListener(new ReconnectingSocketRegistry.Listener() {

			@Override
			public void registered(ReconnectingSocket<?> socket) {
				SocketLeadership.Leadership current = ReconnectingSocketLeaderMetrics.this.leadership
					.leadership(socket.name());
				if (current == null) {
					return;
				}
				meters.computeIfAbsent(socket.name(), (name) -> Gauge
					.builder(LEADER, ReconnectingSocketLeaderMetrics.this.leadership, (leadership) -> {
						SocketLeadership.Leadership now = leadership.leadership(name);
						return (now != null && now.leader()) ? 1 : 0;
					})
					.tag("name", name)
					.tag("role", current.role())
					.description("Whether this instance holds the socket's leader role (1) or is a standby (0)")
					.strongReference(true)
					.register(registry));
			}

			@Override
			public void unregistered(ReconnectingSocket<?> socket) {
				Meter meter = meters.remove(socket.name());
				if (meter != null) {
					registry.remove(meter);
				}
			}

		});
	}

}
