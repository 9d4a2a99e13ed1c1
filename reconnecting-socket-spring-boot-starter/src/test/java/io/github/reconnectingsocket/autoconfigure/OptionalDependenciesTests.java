package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With neither the actuator, nor health support, nor Micrometer, the application still
 * starts.
 */
class OptionalDependenciesTests {

	@Test
	void withoutAnyObservabilityDependencyTheContextStartsWithTheRegistryAlone() {
		new ApplicationContextRunner()
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
					"org.springframework.boot.health", "org.springframework.boot.micrometer", "io.micrometer"))
			.withConfiguration(AutoConfigurations.of(ReconnectingSocketEndpointAutoConfiguration.class,
					ReconnectingSocketHealthAutoConfiguration.class, ReconnectingSocketMetricsAutoConfiguration.class))
			.withUserConfiguration(TestSocketsConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ReconnectingSocketRegistry.class);
				assertThat(context.getBeanDefinitionNames()).noneMatch(
						(name) -> name.startsWith("reconnectingSocket") && !name.equals("reconnectingSocketRegistry"));
			});
	}

}
