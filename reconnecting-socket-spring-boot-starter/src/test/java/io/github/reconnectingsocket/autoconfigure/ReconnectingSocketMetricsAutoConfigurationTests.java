package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.actuate.ReconnectingSocketMetrics;
import io.github.reconnectingsocket.actuate.TestSockets;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectingSocketMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				ReconnectingSocketMetricsAutoConfiguration.class))
		.withUserConfiguration(TestSocketsConfiguration.class);

	@Test
	void bootBindsTheMetersToTheMeterRegistry() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ReconnectingSocketMetrics.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find(ReconnectingSocketMetrics.STATE).tag("name", "alpha").gauges()).hasSize(7);
			assertThat(meters.get(ReconnectingSocketMetrics.STATE)
				.tags("name", "beta", "state", "stopped")
				.gauge()
				.value()).isEqualTo(1);
			context.getBean(ReconnectingSocketRegistry.class).find("beta").get().start();
			assertThat(meters.get(ReconnectingSocketMetrics.STATE)
				.tags("name", "beta", "state", "opening")
				.gauge()
				.value()).isEqualTo(1);
			context.getBean(TestSockets.class).add("gamma");
			assertThat(meters.find(ReconnectingSocketMetrics.DOWNTIME).tag("name", "gamma").timer()).isNotNull();
		});
	}

	@Test
	void perSocketFalseRegistersOneSetOfMetersWithoutTheNameTag() {
		this.runner.withPropertyValues("reconnecting-socket.metrics.per-socket=false").run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find(ReconnectingSocketMetrics.STATE).tagKeys("name").gauges()).isEmpty();
			assertThat(meters.get(ReconnectingSocketMetrics.STATE).tag("state", "stopped").gauge().value())
				.isEqualTo(2);
			context.getBean(TestSockets.class).add("gamma");
			assertThat(meters.get(ReconnectingSocketMetrics.STATE).tag("state", "stopped").gauge().value())
				.isEqualTo(3);
			assertThat(meters.find(ReconnectingSocketMetrics.DOWNTIME).timers()).singleElement()
				.satisfies((timer) -> assertThat(timer.getId().getTag("name")).isNull());
		});
	}

	@Test
	void noMeterRegistryNoMeters() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReconnectingSocketMetricsAutoConfiguration.class))
			.withUserConfiguration(TestSocketsConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ReconnectingSocketMetrics.class));
	}

	@Test
	void withoutMicrometerTheContextStartsWithoutTheMeters() {
		new ApplicationContextRunner().withClassLoader(new FilteredClassLoader("io.micrometer"))
			.withConfiguration(AutoConfigurations.of(ReconnectingSocketMetricsAutoConfiguration.class))
			.withUserConfiguration(TestSocketsConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ReconnectingSocketRegistry.class)
				.doesNotHaveBean("reconnectingSocketMetrics"));
	}

}
