package io.github.reconnectingsocket.autoconfigure;

import java.util.Map;

import io.github.reconnectingsocket.actuate.ReconnectingSocketMetrics;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.PacingGroupDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.SocketDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.SocketsDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsEndpoint;
import io.github.reconnectingsocket.test.ScriptedSocketFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's JVM-wide pacer in the endpoint and the meters: two sockets started with
 * the context on a virtual clock, one permit between them. Each test has a group of its
 * own, since a named pacer is shared by the whole JVM.
 */
class PacingObservabilityTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketAutoConfiguration.class,
				EndpointAutoConfiguration.class, ReconnectingSocketEndpointAutoConfiguration.class,
				MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, ReconnectingSocketMetricsAutoConfiguration.class))
		.withUserConfiguration(VirtualClockConfiguration.class, TwoFactories.class)
		.withPropertyValues("management.endpoints.web.exposure.include=reconnectingsockets",
				"reconnecting-socket.pacing.max-in-flight=1");

	@Test
	void theEndpointListsTheGroupWithItsFiguresWhileAnAttemptWaits(TestInfo test) {
		String group = groupOf(test);
		this.runner.withPropertyValues("reconnecting-socket.pacing.group=" + group).run((context) -> {
			SocketsDescriptor all = endpoint(context).sockets();
			assertThat(all.pacing()).containsOnlyKeys(group)
				.containsEntry(group, new PacingGroupDescriptor(1, null, 1, 1, 1));
			assertThat(all.sockets().values()).extracting(SocketDescriptor::pacingGroup).containsOnly(group);
			ScriptedSocketFactory connecting = connecting(context);
			connecting.last().open();
			assertThat(endpoint(context).sockets().pacing()).containsEntry(group,
					new PacingGroupDescriptor(1, null, 1, 0, 1));
		});
	}

	@Test
	void theSocketWaitingForAPermitSaysSo(TestInfo test) {
		this.runner.withPropertyValues("reconnecting-socket.pacing.group=" + groupOf(test)).run((context) -> {
			Map<String, SocketDescriptor> sockets = endpoint(context).sockets().sockets();
			String waiting = (factory(context, "first").sockets().isEmpty()) ? "first" : "second";
			String connecting = waiting.equals("first") ? "second" : "first";
			assertThat(sockets.get(waiting).waitingForPermit()).isTrue();
			assertThat(sockets.get(waiting).state()).isEqualTo("opening");
			assertThat(sockets.get(connecting).waitingForPermit()).isFalse();
			factory(context, connecting).last().open();
			assertThat(endpoint(context).socket(waiting).waitingForPermit()).isFalse();
			assertThat(factory(context, waiting).sockets()).hasSize(1);
		});
	}

	@Test
	void theMetersFollowTheGroup(TestInfo test) {
		String group = groupOf(test);
		this.runner.withPropertyValues("reconnecting-socket.pacing.group=" + group).run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(gauge(meters, ReconnectingSocketMetrics.PACING_IN_FLIGHT, group)).isEqualTo(1);
			assertThat(gauge(meters, ReconnectingSocketMetrics.PACING_WAITING, group)).isEqualTo(1);
			assertThat(paced(meters, group)).isEqualTo(1);
			connecting(context).last().open();
			assertThat(gauge(meters, ReconnectingSocketMetrics.PACING_WAITING, group)).isZero();
			assertThat(gauge(meters, ReconnectingSocketMetrics.PACING_IN_FLIGHT, group)).isEqualTo(1);
			assertThat(paced(meters, group)).isEqualTo(1);
		});
	}

	@Test
	void withPacingOffNothingPacingRelatedAppears() {
		this.runner.withPropertyValues("reconnecting-socket.pacing.enabled=false").run((context) -> {
			SocketsDescriptor all = endpoint(context).sockets();
			assertThat(all.pacing()).isEmpty();
			assertThat(all.sockets()).hasSize(2).allSatisfy((name, socket) -> {
				assertThat(socket.pacingGroup()).isNull();
				assertThat(socket.waitingForPermit()).isFalse();
			});
			assertThat(factory(context, "first").sockets()).hasSize(1);
			assertThat(factory(context, "second").sockets()).hasSize(1);
			assertThat(context.getBean(MeterRegistry.class).getMeters()).isNotEmpty()
				.noneMatch((meter) -> meter.getId().getName().startsWith("reconnecting.socket.pacing"));
		});
	}

	private static String groupOf(TestInfo test) {
		return "pacing-observability-" + test.getTestMethod().orElseThrow().getName();
	}

	private static ReconnectingSocketsEndpoint endpoint(AssertableApplicationContext context) {
		return context.getBean(ReconnectingSocketsEndpoint.class);
	}

	private static ScriptedSocketFactory factory(AssertableApplicationContext context, String name) {
		return context.getBean(name, ScriptedSocketFactory.class);
	}

	/** The factory whose socket's attempt holds the permit: the one that created. */
	private static ScriptedSocketFactory connecting(AssertableApplicationContext context) {
		ScriptedSocketFactory first = factory(context, "first");
		return first.sockets().isEmpty() ? factory(context, "second") : first;
	}

	private static double gauge(MeterRegistry meters, String name, String group) {
		return meters.get(name).tag("group", group).gauge().value();
	}

	private static double paced(MeterRegistry meters, String group) {
		return meters.get(ReconnectingSocketMetrics.PACING_PACED).tag("group", group).functionCounter().count();
	}

	/** Two factories, {@code first} and {@code second}, whose sockets open when told. */
	@TestConfiguration(proxyBeanMethods = false)
	static class TwoFactories {

		@Bean
		ScriptedSocketFactory first() {
			return new ScriptedSocketFactory();
		}

		@Bean
		ScriptedSocketFactory second() {
			return new ScriptedSocketFactory();
		}

	}

}
