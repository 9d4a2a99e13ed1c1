package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.reconnectingsocket.core.ConnectionPacer;
import io.github.reconnectingsocket.core.InvalidOptionException;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.spring.ReconnectingSocketBuilderCustomizer;
import io.github.reconnectingsocket.spring.ReconnectingSocketLifecycle;
import io.github.reconnectingsocket.spring.ReconnectingSocketManager;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import io.github.reconnectingsocket.spring.ReconnectingSocketSettings;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of managed reconnecting sockets: every {@link SocketFactory} bean
 * becomes a {@link ReconnectingSocket} bean named
 * {@code <factoryName>ReconnectingSocket}, registered in the
 * {@link ReconnectingSocketRegistry}, started and stopped with the application context,
 * and republishing its state changes as application events.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "reconnecting-socket.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReconnectingSocketProperties.class)
public final class ReconnectingSocketAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReconnectingSocketRegistry reconnectingSocketRegistry() {
		return new ReconnectingSocketRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	ReconnectingSocketManager reconnectingSocketManager(ReconnectingSocketProperties properties,
			ReconnectingSocketRegistry registry, ListableBeanFactory beanFactory, Environment environment,
			ObjectProvider<ReconnectingSocketBuilderCustomizer> customizers, ApplicationEventPublisher eventPublisher) {
		ReconnectingSocketSettingsResolver resolver = new ReconnectingSocketSettingsResolver(properties, environment);
		resolver.checkPrefix();
		Map<String, ReconnectingSocketSettings> settings = resolver
			.resolve(ReconnectingSocketBeanDefinitionRegistrar.socketFactoryNames(beanFactory));
		ReconnectingSocketSettings defaults = resolver.defaults();
		List<ReconnectingSocketBuilderCustomizer> all = new ArrayList<>();
		if (properties.pacing().enabled()) {
			// First, so that an application's customizer may replace the pacer of a
			// socket.
			Map<String, ConnectionPacer> pacers = pacers(properties);
			all.add((name, builder) -> builder.pacer(pacers.get(pacingGroup(properties, name))));
		}
		all.addAll(customizers.orderedStream().toList());
		return new ReconnectingSocketManager(registry, (name) -> settings.getOrDefault(name, defaults), all,
				eventPublisher);
	}

	/**
	 * The JVM-wide pacer of every group the sockets use, each with the pacing limits.
	 */
	private static Map<String, ConnectionPacer> pacers(ReconnectingSocketProperties properties) {
		ReconnectingSocketProperties.Pacing pacing = properties.pacing();
		Set<String> groups = new TreeSet<>();
		groups.add(pacing.group());
		properties.sockets().keySet().forEach((name) -> groups.add(pacingGroup(properties, name)));
		Map<String, ConnectionPacer> pacers = new HashMap<>();
		for (String group : groups) {
			ConnectionPacer pacer = ConnectionPacer.named(group, pacing.maxInFlight(), pacing.attemptsPerSecond());
			recoveryWindow(pacer, pacing.recoveryWindow());
			pacers.put(group, pacer);
		}
		return pacers;
	}

	private static String pacingGroup(ReconnectingSocketProperties properties, String name) {
		ReconnectingSocketProperties.SocketProperties socket = properties.sockets().get(name);
		String group = (socket != null) ? socket.pacingGroup() : null;
		if (group == null) {
			return properties.pacing().group();
		}
		if (group.isBlank() || !group.equals(group.strip())) {
			throw new InvalidReconnectingSocketPropertyException(
					"reconnecting-socket.sockets." + name + ".pacing-group", "'" + group + "'",
					"a group name without surrounding spaces (or no value, for pacing.group)", null, null);
		}
		return group;
	}

	private static void recoveryWindow(ConnectionPacer pacer, Duration window) {
		try {
			pacer.recoveryWindow(window);
		}
		catch (InvalidOptionException ex) {
			throw new InvalidReconnectingSocketPropertyException("reconnecting-socket.pacing.recovery-window",
					ReconnectingSocketSettings.print(window), "0 (off) or a positive duration", null, ex);
		}
	}

	@Bean
	static ReconnectingSocketBeanDefinitionRegistrar reconnectingSocketBeanDefinitionRegistrar() {
		return new ReconnectingSocketBeanDefinitionRegistrar();
	}

	@Bean
	@ConditionalOnMissingBean
	ReconnectingSocketLifecycle reconnectingSocketLifecycle(ReconnectingSocketManager manager,
			ReconnectingSocketProperties properties) {
		return new ReconnectingSocketLifecycle(manager, properties.phase());
	}

}
