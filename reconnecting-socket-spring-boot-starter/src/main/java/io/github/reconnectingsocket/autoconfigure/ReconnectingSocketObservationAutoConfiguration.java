package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.actuate.DefaultReconnectingSocketAttemptObservationConvention;
import io.github.reconnectingsocket.actuate.ReconnectingSocketAttemptObservationConvention;
import io.github.reconnectingsocket.actuate.ReconnectingSocketObservations;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of one Micrometer observation per attempt to open a socket, opt-in
 * with {@code reconnecting-socket.observations.enabled=true}, when Micrometer's
 * observation API is on the class path and the application has an observation registry.
 */
@AutoConfiguration(afterName = { "io.github.reconnectingsocket.autoconfigure.ReconnectingSocketAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBooleanProperty("reconnecting-socket.observations.enabled")
@ConditionalOnBean({ ReconnectingSocketRegistry.class, ObservationRegistry.class })
@EnableConfigurationProperties(ReconnectingSocketProperties.class)
public final class ReconnectingSocketObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ReconnectingSocketAttemptObservationConvention.class)
	DefaultReconnectingSocketAttemptObservationConvention reconnectingSocketAttemptObservationConvention() {
		return new DefaultReconnectingSocketAttemptObservationConvention();
	}

	@Bean
	@ConditionalOnMissingBean
	ReconnectingSocketObservations reconnectingSocketObservations(ReconnectingSocketRegistry registry,
			ObservationRegistry observationRegistry,
			ObjectProvider<ReconnectingSocketAttemptObservationConvention> convention) {
		return new ReconnectingSocketObservations(registry, observationRegistry, convention.getIfUnique());
	}

}
