package io.github.reconnectingsocket.test.spring;

import io.github.reconnectingsocket.core.VirtualClock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The beans of {@link VirtualClockSockets}: one {@link VirtualClock} and the
 * {@link VirtualClockCustomizer} that puts every managed socket on it.
 */
@Configuration(proxyBeanMethods = false)
public class VirtualClockSocketsConfiguration {

	@Bean
	VirtualClock reconnectingSocketVirtualClock() {
		return new VirtualClock();
	}

	@Bean
	VirtualClockCustomizer reconnectingSocketVirtualClockCustomizer(VirtualClock reconnectingSocketVirtualClock) {
		return new VirtualClockCustomizer(reconnectingSocketVirtualClock);
	}

}
