package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.spring.ReconnectingSocketManager;
import io.github.reconnectingsocket.spring.ReconnectingSocketSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Without Spring Integration on the class path, a socket with a leader role would wait
 * for a grant that never comes: fail start-up instead, saying which dependency to add.
 */
@AutoConfiguration(after = ReconnectingSocketAutoConfiguration.class)
@ConditionalOnMissingClass(LeaderRoleUnavailableException.REQUIRED_CLASS)
@ConditionalOnBean(ReconnectingSocketManager.class)
@EnableConfigurationProperties(ReconnectingSocketProperties.class)
public final class ReconnectingSocketLeaderRequirementAutoConfiguration {

	/** Checked once every socket exists, before any is started. */
	@Bean
	SmartInitializingSingleton reconnectingSocketLeaderRoleRequirement(ReconnectingSocketManager manager,
			ReconnectingSocketProperties properties, Environment environment) {
		return () -> manager.getSockets().forEach((socket) -> {
			ReconnectingSocketSettings settings = manager.getSettings(socket.name());
			String role = (settings != null) ? settings.leaderRole() : null;
			if (role != null) {
				String property = new ReconnectingSocketSettingsResolver(properties, environment)
					.leaderRoleProperty(socket.name());
				throw new LeaderRoleUnavailableException(property, role, origin(environment, property));
			}
		});
	}

	private static @Nullable Origin origin(Environment environment, String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			if (found != null) {
				return found.getOrigin();
			}
		}
		return null;
	}

}
