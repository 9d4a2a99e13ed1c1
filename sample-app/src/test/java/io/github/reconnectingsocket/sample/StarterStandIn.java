package io.github.reconnectingsocket.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * TEMPORARY, until the starter's main auto-configuration is merged: a minimal stand-in for it (the
 * registry, and one managed socket per {@link SocketFactory} bean started with the context), so
 * that the sample can be tested. The starter's endpoint, health and meters attach to its registry.
 * Delete it (and its {@code @Import}s) once the auto-configuration is in.
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
			Duration openTimeout = environment.getProperty("reconnecting-socket.sockets." + name + ".open-timeout",
					Duration.class, Duration.ofSeconds(30));
			ReconnectingSocket<?> socket = ReconnectingSocket.builder(factory)
				.name(name)
				.backoff(backoff)
				.openTimeout(openTimeout)
				.build();
			registry.register(socket);
			sockets.add(socket);
		});
		return new ManagedSockets(sockets);
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

}
