package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.leader.ReconnectingSocketLeaderMetrics;
import io.github.reconnectingsocket.leader.SocketLeadership;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code reconnecting.socket.leader} gauge, when Micrometer is
 * on the class path and leader roles are configured (a {@link SocketLeadership} bean).
 */
@AutoConfiguration(afterName = { "io.github.reconnectingsocket.autoconfigure.ReconnectingSocketLeaderAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ ReconnectingSocketRegistry.class, SocketLeadership.class, MeterRegistry.class })
public final class ReconnectingSocketLeaderMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReconnectingSocketLeaderMetrics reconnectingSocketLeaderMetrics(ReconnectingSocketRegistry registry,
			SocketLeadership leadership) {
		return new ReconnectingSocketLeaderMetrics(registry, leadership);
	}

}
