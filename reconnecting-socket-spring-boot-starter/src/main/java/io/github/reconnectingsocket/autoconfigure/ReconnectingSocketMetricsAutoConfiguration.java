package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.actuate.ReconnectingSocketMetrics;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code reconnecting.socket.*} Micrometer meters, when
 * Micrometer is on the class path and the application has a meter registry. Spring Boot
 * binds the {@link ReconnectingSocketMetrics} bean to it.
 */
@AutoConfiguration(afterName = { "io.github.reconnectingsocket.autoconfigure.ReconnectingSocketAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ ReconnectingSocketRegistry.class, MeterRegistry.class })
@EnableConfigurationProperties(ReconnectingSocketProperties.class)
public final class ReconnectingSocketMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReconnectingSocketMetrics reconnectingSocketMetrics(ReconnectingSocketRegistry registry,
			ReconnectingSocketProperties properties) {
		return new ReconnectingSocketMetrics(registry, properties.metrics().perSocket());
	}

}
