package io.github.reconnectingsocket.autoconfigure;

import java.time.Clock;

import io.github.reconnectingsocket.actuate.TestSockets;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Stands in for the main auto-configuration: a registry with the sockets {@code alpha}
 * and {@code beta} (stopped) on a virtual clock, which is also the application's
 * {@link Clock}.
 */
@Configuration(proxyBeanMethods = false)
class TestSocketsConfiguration {

	@Bean
	TestSockets testSockets() {
		TestSockets sockets = new TestSockets();
		sockets.add("alpha");
		sockets.add("beta");
		return sockets;
	}

	@Bean
	ReconnectingSocketRegistry reconnectingSocketRegistry(TestSockets sockets) {
		return sockets.registry;
	}

	@Bean
	Clock clock(TestSockets sockets) {
		return sockets.clock.clock();
	}

}
