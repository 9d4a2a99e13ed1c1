package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.actuate.ReconnectingSocketsEndpoint;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectingSocketEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
				ReconnectingSocketEndpointAutoConfiguration.class))
		.withUserConfiguration(TestSocketsConfiguration.class);

	@Test
	void anExposedEndpointShowsTheRegistrysSockets() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=reconnectingsockets")
			.run((context) -> {
				assertThat(context).hasSingleBean(ReconnectingSocketsEndpoint.class);
				assertThat(context.getBean(ReconnectingSocketsEndpoint.class).sockets().sockets())
					.containsOnlyKeys("alpha", "beta");
			});
	}

	@Test
	void anEndpointExposedNowhereIsNotCreated() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ReconnectingSocketsEndpoint.class));
	}

	@Test
	void anEndpointWithoutAccessIsNotCreated() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=reconnectingsockets",
					"management.endpoint.reconnectingsockets.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ReconnectingSocketsEndpoint.class));
	}

	@Test
	void noRegistryNoEndpoint() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
					ReconnectingSocketEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ReconnectingSocketsEndpoint.class));
	}

	@Test
	void theApplicationsOwnEndpointWins() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=reconnectingsockets")
			.withUserConfiguration(OwnEndpointConfiguration.class)
			.run((context) -> assertThat(context).getBean(ReconnectingSocketsEndpoint.class)
				.isSameAs(context.getBean("ownEndpoint")));
	}

	@Test
	void withoutTheActuatorTheContextStartsWithoutTheEndpoint() {
		new ApplicationContextRunner().withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.withConfiguration(AutoConfigurations.of(ReconnectingSocketEndpointAutoConfiguration.class))
			.withUserConfiguration(TestSocketsConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ReconnectingSocketRegistry.class)
				.doesNotHaveBean("reconnectingSocketsEndpoint"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnEndpointConfiguration {

		@Bean
		ReconnectingSocketsEndpoint ownEndpoint(ReconnectingSocketRegistry registry) {
			return new ReconnectingSocketsEndpoint(registry);
		}

	}

}
