package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.actuate.ReconnectingSocketsEndpoint;
import io.github.reconnectingsocket.leader.SocketLeadership;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code reconnectingsockets} actuator endpoint, when the
 * actuator is on the class path.
 */
@AutoConfiguration(
		after = { ReconnectingSocketAutoConfiguration.class, ReconnectingSocketLeaderAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(ReconnectingSocketRegistry.class)
public final class ReconnectingSocketEndpointAutoConfiguration {

	// Nested: its condition's class lives in the optional actuator jar, checked above.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(ReconnectingSocketsEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReconnectingSocketsEndpoint reconnectingSocketsEndpoint(ReconnectingSocketRegistry registry,
				ObjectProvider<SocketLeadership> leadership) {
			return new ReconnectingSocketsEndpoint(registry, leadership.getIfUnique());
		}

	}

}
