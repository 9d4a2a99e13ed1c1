package io.github.reconnectingsocket.autoconfigure;

import java.util.Map;

import io.github.reconnectingsocket.autoconfigure.ReconnectingSocketProperties.SocketProperties;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Without the shipped clients on the class path, a socket declared with {@code tcp} or
 * {@code websocket} stops start-up with a failure analysis naming the artifact to add,
 * rather than being silently ignored.
 */
@AutoConfiguration
@ConditionalOnMissingClass("io.github.reconnectingsocket.clients.TcpClient")
@ConditionalOnBooleanProperty(name = "reconnecting-socket.enabled", matchIfMissing = true)
public final class ReconnectingSocketClientsRequirementAutoConfiguration {

	@Bean
	static BeanDefinitionRegistryPostProcessor reconnectingSocketClientsRequirement() {
		return new Requirement();
	}

	private static final class Requirement implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

		private Environment environment;

		@Override
		public void setEnvironment(Environment environment) {
			this.environment = environment;
		}

		@Override
		public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
			Map<String, SocketProperties> sockets = Binder.get(this.environment)
				.bind(ReconnectingSocketSettingsResolver.PREFIX + ".sockets",
						Bindable.mapOf(String.class, SocketProperties.class))
				.orElse(Map.of());
			sockets.forEach((name, socket) -> {
				if (socket.tcp() != null || socket.websocket() != null) {
					String kind = (socket.tcp() != null) ? "tcp" : "websocket";
					throw new DeclaredSocketSupport(name, kind, this.environment).invalid(
							(socket.tcp() != null) ? "host" : "uri",
							(socket.tcp() != null) ? socket.tcp().host() : socket.websocket().uri(),
							"a socket declared in configuration only with io.github.reconnectingsocket:"
									+ "reconnecting-socket-clients on the class path: add that dependency",
							null);
				}
			});
		}

	}

}
