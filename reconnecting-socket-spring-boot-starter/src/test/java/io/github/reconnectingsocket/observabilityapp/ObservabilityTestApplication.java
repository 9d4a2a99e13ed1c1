package io.github.reconnectingsocket.observabilityapp;

import java.time.Clock;
import java.time.Duration;

import io.github.reconnectingsocket.actuate.TestSockets;
import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A minimal web application with the actuator: its own registry stands in for the main
 * auto-configuration (excluded, so this test does not depend on it), holding
 * {@code alpha}, {@code beta} (gives up after one failed attempt) and {@code shape} on a
 * virtual clock.
 */
@SpringBootApplication(excludeName = "io.github.reconnectingsocket.autoconfigure.ReconnectingSocketAutoConfiguration")
public class ObservabilityTestApplication {

	@Bean
	TestSockets testSockets() {
		TestSockets sockets = new TestSockets();
		sockets.add("alpha");
		sockets.add("beta",
				(b) -> b.backoff(Backoff.builder()
					.strategy("fixed")
					.initialDelay(Duration.ofSeconds(1))
					.jitter("none")
					.failAfter(1)
					.build()));
		sockets.add("shape");
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
