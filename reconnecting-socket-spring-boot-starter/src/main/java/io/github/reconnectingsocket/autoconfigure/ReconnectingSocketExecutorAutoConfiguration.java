package io.github.reconnectingsocket.autoconfigure;

import java.util.Arrays;
import java.util.concurrent.Executor;

import io.github.reconnectingsocket.spring.ReconnectingSocketBuilderCustomizer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Auto-configuration of the threads that run the sockets' own code (factory, hooks, event
 * listeners), in this order of precedence:
 * <ol>
 * <li>the {@link Executor} bean named by {@code reconnecting-socket.executor};</li>
 * <li>the {@link Executor} bean named {@value #EXECUTOR_BEAN_NAME};</li>
 * <li>with {@code spring.threads.virtual.enabled=true} (Java 21+), a
 * {@link SimpleAsyncTaskExecutor} on virtual threads, named
 * {@value #VIRTUAL_THREAD_PREFIX}{@code N};</li>
 * <li>else the core's default (virtual threads on Java 21+, else a pool that grows).</li>
 * </ol>
 * The executor is set by a customizer that runs before every other one, so that a
 * {@link ReconnectingSocketBuilderCustomizer} of the application can still replace it.
 * Whatever the executor, each socket runs its callbacks one at a time on its own lane, so
 * a slow callback delays only that socket's later callbacks.
 */
@AutoConfiguration(before = ReconnectingSocketAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "reconnecting-socket.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReconnectingSocketProperties.class)
public final class ReconnectingSocketExecutorAutoConfiguration {

	/** The name of the application's executor bean for the sockets, if it has one. */
	public static final String EXECUTOR_BEAN_NAME = "reconnectingSocketExecutor";

	/**
	 * The name prefix of the virtual threads used with spring.threads.virtual.enabled.
	 */
	public static final String VIRTUAL_THREAD_PREFIX = "reconnecting-socket-virtual-";

	private static final String PROPERTY = ReconnectingSocketPropertyNames.PREFIX + ".executor";

	/**
	 * Not an {@link Executor} bean of our own: any such bean makes Spring Boot's
	 * {@code applicationTaskExecutor} back off. The virtual-thread switch is read as
	 * {@code @ConditionalOnThreading(Threading.VIRTUAL)} reads it, inside the method
	 * because the application's executor takes precedence over it.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	ReconnectingSocketBuilderCustomizer reconnectingSocketExecutorCustomizer(ReconnectingSocketProperties properties,
			ListableBeanFactory beanFactory, Environment environment) {
		Executor executor = applicationExecutor(properties.executor(), beanFactory, environment);
		if (executor == null && Threading.VIRTUAL.isActive(environment)) {
			SimpleAsyncTaskExecutor virtual = new SimpleAsyncTaskExecutor(VIRTUAL_THREAD_PREFIX);
			// No concurrency limit: a throttled execute() would block the socket's state
			// machine behind blocked user code.
			virtual.setVirtualThreads(true);
			executor = virtual;
		}
		Executor chosen = executor;
		return (chosen != null) ? (name, builder) -> builder.executor(chosen) : (name, builder) -> {
		};
	}

	private static @Nullable Executor applicationExecutor(@Nullable String named, ListableBeanFactory beanFactory,
			Environment environment) {
		if (named == null || named.isBlank()) {
			return beanFactory.containsBean(EXECUTOR_BEAN_NAME)
					? beanFactory.getBean(EXECUTOR_BEAN_NAME, Executor.class) : null;
		}
		if (!beanFactory.containsBean(named) || !beanFactory.isTypeMatch(named, Executor.class)) {
			String[] executors = beanFactory.getBeanNamesForType(Executor.class, false, false);
			Arrays.sort(executors);
			String known = (executors.length > 0) ? String.join(", ", executors) : "there is none";
			ConfigurationProperty configured = find(environment, ConfigurationPropertyName.of(PROPERTY));
			throw new InvalidReconnectingSocketPropertyException(PROPERTY,
					(configured != null) ? configured.getValue() : named,
					"the name of a java.util.concurrent.Executor bean (" + known + "), or empty",
					(configured != null) ? configured.getOrigin() : null, null);
		}
		return beanFactory.getBean(named, Executor.class);
	}

	private static @Nullable ConfigurationProperty find(Environment environment, ConfigurationPropertyName name) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			if (property != null) {
				return property;
			}
		}
		return null;
	}

}
