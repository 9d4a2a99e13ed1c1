package io.github.reconnectingsocket.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.reconnectingsocket.spring.ReconnectingSocketStateChangedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint.ConfigurationPropertiesBeanDescriptor;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enum values are spelt in lower case everywhere: in {@code configprops} as in the
 * endpoint, the tags, the hints and the events.
 */
class LowerCaseEnumValuesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketAutoConfiguration.class))
		.withUserConfiguration(VirtualClockConfiguration.class, FactoriesConfiguration.Echo.class,
				ConfigPropsConfiguration.class);

	@Test
	@SuppressWarnings("unchecked")
	void configpropsShowsStrategyAndJitterInLowerCase() {
		this.contextRunner
			.withPropertyValues("reconnecting-socket.backoff.strategy=EXPONENTIAL",
					"reconnecting-socket.sockets.echo.backoff.jitter=Full")
			.run((context) -> {
				ConfigurationPropertiesBeanDescriptor bean = context
					.getBean(ConfigurationPropertiesReportEndpoint.class)
					.configurationPropertiesWithPrefix("reconnecting-socket")
					.getContexts()
					.values()
					.iterator()
					.next()
					.getBeans()
					.values()
					.iterator()
					.next();
				Map<String, Object> backoff = (Map<String, Object>) bean.getProperties().get("backoff");
				// Unset values are not shown: the endpoint shows each socket's effective
				// backoff.
				assertThat(backoff).containsEntry("strategy", "exponential").doesNotContainKey("jitter");
				Map<String, Object> sockets = (Map<String, Object>) bean.getProperties().get("sockets");
				Map<String, Object> echo = (Map<String, Object>) sockets.get("echo");
				assertThat((Map<String, Object>) echo.get("backoff")).containsEntry("jitter", "full");
			});
	}

	@Test
	void eventsPrintStatesInLowerCase() {
		this.contextRunner.withUserConfiguration(EventsConfiguration.class).run((context) -> {
			List<ReconnectingSocketStateChangedEvent> events = context.getBean(EventsConfiguration.class).events;
			assertThat(events).isNotEmpty();
			assertThat(events.get(0))
				.hasToString("ReconnectingSocketStateChangedEvent[echo: stopped -> opening (attempt 1)]");
		});
	}

	@Test
	void eventsNameTheirStatesInLowerCaseForConditionsAndLogs() {
		this.contextRunner.withUserConfiguration(ConditionalListenerConfiguration.class).run((context) -> {
			List<String> opening = context.getBean(ConditionalListenerConfiguration.class).opening;
			assertThat(opening).containsExactly("echo: stopped -> opening");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ConditionalListenerConfiguration {

		final List<String> opening = new CopyOnWriteArrayList<>();

		@EventListener(condition = "#event.toName == 'opening'")
		void on(ReconnectingSocketStateChangedEvent event) {
			this.opening.add(event.getName() + ": " + event.getFromName() + " -> " + event.getToName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EventsConfiguration {

		final List<ReconnectingSocketStateChangedEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(ReconnectingSocketStateChangedEvent event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConfigPropsConfiguration {

		@Bean
		ConfigurationPropertiesReportEndpoint configurationPropertiesReportEndpoint() {
			return new ConfigurationPropertiesReportEndpoint(List.of(), Show.ALWAYS);
		}

	}

}
