package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.actuate.DefaultReconnectingSocketAttemptObservationConvention;
import io.github.reconnectingsocket.actuate.ReconnectingSocketAttemptContext;
import io.github.reconnectingsocket.actuate.ReconnectingSocketAttemptObservationConvention;
import io.github.reconnectingsocket.actuate.ReconnectingSocketObservations;
import io.github.reconnectingsocket.actuate.TestSockets;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class ReconnectingSocketObservationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketObservationAutoConfiguration.class))
		.withUserConfiguration(TestSocketsConfiguration.class, ObservationRegistryConfiguration.class);

	@Test
	void observationsAreOffByDefault() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ReconnectingSocketObservations.class));
	}

	@Test
	void enabledEveryAttemptIsObservedWithTheDefaultConvention() {
		this.runner.withPropertyValues("reconnecting-socket.observations.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(ReconnectingSocketObservations.class)
				.hasSingleBean(DefaultReconnectingSocketAttemptObservationConvention.class);
			context.getBean(ReconnectingSocketRegistry.class).find("alpha").get().start();
			context.getBean(TestSockets.class).open("alpha");
			assertThat(context.getBean(TestObservationRegistry.class)).hasSingleObservationThat()
				.hasNameEqualTo("reconnecting.socket.attempt")
				.hasLowCardinalityKeyValue("outcome", "opened");
		});
	}

	@Test
	void aConventionBeanOfTheApplicationReplacesTheDefault() {
		this.runner.withPropertyValues("reconnecting-socket.observations.enabled=true")
			.withUserConfiguration(CustomConventionConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(DefaultReconnectingSocketAttemptObservationConvention.class);
				context.getBean(ReconnectingSocketRegistry.class).find("alpha").get().start();
				context.getBean(TestSockets.class).open("alpha");
				assertThat(context.getBean(TestObservationRegistry.class)).hasSingleObservationThat()
					.hasNameEqualTo("socket.connect");
			});
	}

	@Test
	void withoutTheObservationApiTheContextStartsWithoutObservations() {
		this.runner.withPropertyValues("reconnecting-socket.observations.enabled=true")
			.withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
			.withUserConfiguration(TestSocketsConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("reconnectingSocketObservations"));
	}

	@Configuration(proxyBeanMethods = false)
	static class ObservationRegistryConfiguration {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomConventionConfiguration {

		@Bean
		ReconnectingSocketAttemptObservationConvention customConvention() {
			return new ReconnectingSocketAttemptObservationConvention() {

				@Override
				public String getName() {
					return "socket.connect";
				}

				@Override
				public String getContextualName(ReconnectingSocketAttemptContext context) {
					return "connect " + context.getSocketName();
				}

			};
		}

	}

}
