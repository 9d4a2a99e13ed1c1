package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.core.VirtualClock;
import io.github.reconnectingsocket.spring.ReconnectingSocketBuilderCustomizer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Runs every managed socket on one virtual clock and on the calling thread, with a fixed
 * random number: each signal is handled before the call that raised it returns, and
 * delays are exact.
 */
@TestConfiguration(proxyBeanMethods = false)
class VirtualClockConfiguration {

	@Bean
	VirtualClock virtualClock() {
		return new VirtualClock();
	}

	@Bean
	ReconnectingSocketBuilderCustomizer virtualClockCustomizer(VirtualClock clock) {
		return (name, builder) -> builder.virtualClock(clock).executor(Runnable::run).random(() -> 0.5);
	}

}
