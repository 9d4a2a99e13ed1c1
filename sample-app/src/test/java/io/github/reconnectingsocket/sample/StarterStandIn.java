package io.github.reconnectingsocket.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * TEMPORARY, until the starter's auto-configuration and actuator endpoint are merged: a minimal
 * stand-in for them, in the shape they are specified to have, so that the sample can be tested.
 * Delete it (and its {@code @Import}s) once they are in.
 */
@TestConfiguration(proxyBeanMethods = false)
class StarterStandIn {

	@Bean
	ReconnectingSocketRegistry reconnectingSocketRegistry() {
		return new ReconnectingSocketRegistry();
	}

	@Bean
	ManagedSockets managedSockets(Map<String, SocketFactory<?>> factories, Environment environment,
			ReconnectingSocketRegistry registry) {
		List<ReconnectingSocket<?>> sockets = new ArrayList<>();
		factories.forEach((name, factory) -> {
			String prefix = "reconnecting-socket.sockets." + name + ".backoff.";
			Backoff backoff = Backoff.builder()
				.initialDelay(environment.getProperty(prefix + "initial-delay", Duration.class, Duration.ofSeconds(1)))
				.maxDelay(environment.getProperty(prefix + "max-delay", Duration.class, Duration.ofSeconds(20)))
				.build();
			ReconnectingSocket<?> socket = ReconnectingSocket.builder(factory).name(name).backoff(backoff).build();
			registry.register(socket);
			sockets.add(socket);
		});
		return new ManagedSockets(sockets);
	}

	@Bean
	StandInEndpoint standInEndpoint(ReconnectingSocketRegistry registry) {
		return new StandInEndpoint(registry);
	}

	static class ManagedSockets implements SmartLifecycle {

		private final List<ReconnectingSocket<?>> sockets;

		private volatile boolean running;

		ManagedSockets(List<ReconnectingSocket<?>> sockets) {
			this.sockets = sockets;
		}

		@Override
		public void start() {
			this.sockets.forEach(ReconnectingSocket::start);
			this.running = true;
		}

		@Override
		public void stop() {
			for (ReconnectingSocket<?> socket : this.sockets) {
				try {
					socket.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return SmartLifecycle.DEFAULT_PHASE - 1536;
		}

	}

	@Endpoint(id = "reconnectingsockets")
	static class StandInEndpoint {

		private final ReconnectingSocketRegistry registry;

		StandInEndpoint(ReconnectingSocketRegistry registry) {
			this.registry = registry;
		}

		@ReadOperation
		Map<String, Object> sockets() {
			Map<String, Object> sockets = new LinkedHashMap<>();
			this.registry.sockets().forEach((socket) -> sockets.put(socket.name(), describe(socket)));
			return Map.of("sockets", sockets);
		}

		@ReadOperation
		Map<String, Object> socket(@Selector String name) {
			return this.registry.find(name).map(this::describe).orElse(null);
		}

		@WriteOperation
		Map<String, Object> act(@Selector String name, String action) {
			ReconnectingSocket<?> socket = this.registry.find(name).orElse(null);
			if (socket == null) {
				return null;
			}
			switch (action) {
				case "start" -> socket.start();
				case "stop" -> socket.stop();
				case "reconnect" -> socket.reconnect();
				default -> throw new IllegalArgumentException("action must be start, stop or reconnect");
			}
			return describe(socket);
		}

		private Map<String, Object> describe(ReconnectingSocket<?> socket) {
			SocketSnapshot snapshot = socket.snapshot();
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("state", snapshot.state().seedName());
			json.put("since", snapshot.since());
			json.put("attempt", snapshot.attempt());
			json.put("consecutiveFailures", snapshot.consecutiveFailures());
			json.put("lastError", (snapshot.lastError() != null)
					? Map.of("type", snapshot.lastError().getClass().getName(), "message",
							String.valueOf(snapshot.lastError().getMessage()), "time", snapshot.lastErrorAt())
					: null);
			json.put("nextAttemptAt", snapshot.nextAttemptAt());
			json.put("counters", Map.of("attempts", snapshot.counters().attempts(), "opens",
					snapshot.counters().opens(), "failedAttempts", snapshot.counters().failedAttempts(),
					"disconnections", snapshot.counters().disconnections(), "failures",
					snapshot.counters().failures()));
			Backoff backoff = socket.backoff();
			Map<String, Object> settings = new LinkedHashMap<>();
			settings.put("strategy", backoff.strategy().name());
			settings.put("initialDelay", Duration.ofMillis(backoff.strategy().initialDelayMillis()).toString());
			settings.put("maxDelay", Duration.ofMillis(backoff.strategy().maxDelayMillis()).toString());
			settings.put("jitter", backoff.jitter().name());
			settings.put("failAfter", backoff.failAfter());
			settings.put("resetAfter", null);
			json.put("backoff", settings);
			json.put("openTimeout", socket.openTimeout().map(Duration::toString).orElse(null));
			json.put("stopTimeout", socket.stopTimeout().toString());
			List<Map<String, Object>> transitions = new ArrayList<>();
			for (StateChange change : this.registry.recentTransitions(socket.name())) {
				transitions.add(Map.of("time", change.time(), "from", change.from().seedName(), "to",
						change.to().seedName(), "attempt", change.attempt()));
			}
			json.put("recentTransitions", transitions);
			return json;
		}

	}

}
