package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.actuate.ReconnectingSocketsHealthContributor;
import io.github.reconnectingsocket.actuate.RootExcludingHealthEndpointGroups;
import io.github.reconnectingsocket.leader.SocketLeadership;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code reconnectingSockets} health contributor, when Spring
 * Boot's health support is on the class path; switched off by
 * {@code management.health.reconnectingsockets.enabled=false}. It counts in the groups
 * that include it (readiness) and, unless
 * {@code reconnecting-socket.health.include-in-root=true}, not in the root health.
 */
@AutoConfiguration(
		after = { ReconnectingSocketAutoConfiguration.class, ReconnectingSocketLeaderAutoConfiguration.class })
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(ReconnectingSocketRegistry.class)
@EnableConfigurationProperties(ReconnectingSocketProperties.class)
public final class ReconnectingSocketHealthAutoConfiguration {

	/** The contributor's name in the health endpoint and its groups. */
	static final String CONTRIBUTOR_NAME = "reconnectingSockets";

	// Nested: its condition's class lives in the optional health jar, checked above.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("reconnectingsockets")
	static class HealthContributorConfiguration {

		/**
		 * The bean name makes the component name: {@code reconnectingSockets}. Each
		 * socket is judged by its own clock, not by a {@code Clock} bean.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "reconnectingSocketsHealthContributor")
		ReconnectingSocketsHealthContributor reconnectingSocketsHealthContributor(ReconnectingSocketRegistry registry,
				ReconnectingSocketProperties properties, ObjectProvider<SocketLeadership> leadership) {
			ReconnectingSocketSettingsResolver resolver = new ReconnectingSocketSettingsResolver(properties, null);
			return new ReconnectingSocketsHealthContributor(registry, resolver::healthDownAfter,
					resolver::healthEnabled, leadership.getIfUnique());
		}

		// Nested again: the health endpoint's groups need the actuator, which health
		// alone does not bring.
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SecurityContext")
		@ConditionalOnBooleanProperty(name = "reconnecting-socket.health.include-in-root", havingValue = false,
				matchIfMissing = true)
		static class RootExclusionConfiguration {

			@Bean
			RootExcludingHealthEndpointGroups reconnectingSocketsRootHealthExclusion() {
				return new RootExcludingHealthEndpointGroups(CONTRIBUTOR_NAME);
			}

		}

	}

}
