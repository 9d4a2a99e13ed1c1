package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
			Function<String, ConnectionPacer> pacers = pacers(properties);
			all.add((name, builder) -> builder.pacer(pacers.apply(name)));
		}
		all.addAll(customizers.orderedStream().toList());
		return new ReconnectingSocketManager(registry, (name) -> settings.getOrDefault(name, defaults), all,
				eventPublisher);
	}

	/**
	 * The JVM-wide pacer of each socket, by the socket's name: its own group's, else
	 * pacing.group's; every group with the pacing limits. Groups are checked here, once.
	 */
	private static Function<String, ConnectionPacer> pacers(ReconnectingSocketProperties properties) {
		ReconnectingSocketProperties.Pacing pacing = properties.pacing();
		Map<String, ConnectionPacer> byGroup = new HashMap<>();
		Function<String, ConnectionPacer> ofGroup = (group) -> byGroup.computeIfAbsent(group, (key) -> {
			ConnectionPacer pacer = ConnectionPacer.named(key, pacing.maxInFlight(), pacing.attemptsPerSecond());
			recoveryWindow(pacer, pacing.recoveryWindow());
			return pacer;
		});
		ConnectionPacer shared = ofGroup.apply(pacing.group());
		Map<String, ConnectionPacer> bySocket = new HashMap<>();
		properties.sockets().forEach((name, socket) -> {
			String group = socket.pacingGroup();
			if (group != null) {
				checkPacingGroup(name, group);
				bySocket.put(name, ofGroup.apply(group));
			}
		});
		return (name) -> bySocket.getOrDefault(name, shared);
	}

	private static void checkPacingGroup(String name, String group) {
		if (group.isBlank() || !group.equals(group.strip())) {
			throw new InvalidReconnectingSocketPropertyException(
					"reconnecting-socket.sockets." + name + ".pacing-group", "'" + group + "'",
					"a group name without surrounding spaces (or no value, for pacing.group)", null, null);
		}
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
