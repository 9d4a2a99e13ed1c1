package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.reconnectingsocket.actuate.ReconnectingSocketsEndpoint;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.RefusalDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.SocketDescriptor;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.leader.LeaderRoleCoordinator;
import io.github.reconnectingsocket.leader.ReconnectingSocketLeadershipEvent;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.leader.event.OnRevokedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leader roles: a socket with a role waits as a standby until this instance is granted
 * the role, stops when it is revoked, and shows its leadership in the endpoint, health,
 * meters and events.
 */
class ReconnectingSocketLeaderAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				ReconnectingSocketAutoConfiguration.class, ReconnectingSocketLeaderAutoConfiguration.class,
				ReconnectingSocketLeaderMetricsAutoConfiguration.class,
				ReconnectingSocketLeaderRequirementAutoConfiguration.class,
				ReconnectingSocketEndpointAutoConfiguration.class, ReconnectingSocketHealthAutoConfiguration.class))
		.withUserConfiguration(FactoriesConfiguration.Echo.class, FactoriesConfiguration.Other.class,
				LeadershipEvents.class)
		.withPropertyValues("management.endpoints.web.exposure.include=*");

	@Test
	void aSocketWithALeaderRoleWaitsForTheGrantAndStopsWhenTheRoleIsRevoked() {
		this.contextRunner.withPropertyValues("reconnecting-socket.sockets.echo.leader-role=feed").run((context) -> {
			assertThat(context).hasNotFailed();
			// "other" has no role: started with the context, as always.
			await().atMost(WAIT).until(() -> socket(context, "other").state() == SocketState.OPENING);
			assertThat(socket(context, "echo").state()).isEqualTo(SocketState.STOPPED);

			context.publishEvent(new OnGrantedEvent(this, context(false), "feed"));
			await().atMost(WAIT).until(() -> socket(context, "echo").state() == SocketState.OPENING);
			assertThat(context.getBean(LeaderRoleCoordinator.class).isGranted("feed")).isTrue();

			context.publishEvent(new OnRevokedEvent(this, context(false), "feed"));
			// The revocation returns once the socket is stopped.
			assertThat(socket(context, "echo").state()).isEqualTo(SocketState.STOPPED);
			assertThat(socket(context, "other").state()).isEqualTo(SocketState.OPENING);
			assertThat(context.getBean(LeadershipEvents.class).events).extracting(Object::toString)
				.containsExactly("ReconnectingSocketLeadershipEvent{name=echo, role=feed, leader}",
						"ReconnectingSocketLeadershipEvent{name=echo, role=feed, standby}");
		});
	}

	@Test
	void anEventWithoutRoleTakesTheRoleOfItsContext() {
		this.contextRunner.withPropertyValues("reconnecting-socket.sockets.echo.leader-role=feed").run((context) -> {
			context.publishEvent(new OnGrantedEvent(this, context(true), null));
			await().atMost(WAIT).until(() -> socket(context, "echo").state() == SocketState.OPENING);
		});
	}

	@Test
	void theGlobalLeaderRoleAppliesToEverySocketAndAnEmptyOverrideOptsOut() {
		this.contextRunner
			.withPropertyValues("reconnecting-socket.leader-role=fleet",
					"reconnecting-socket.sockets.other.leader-role=")
			.run((context) -> {
				LeaderRoleCoordinator coordinator = context.getBean(LeaderRoleCoordinator.class);
				assertThat(coordinator.roles()).containsExactly("fleet");
				assertThat(coordinator.leadership("echo")).hasToString("Leadership[role=fleet, leader=false]");
				assertThat(coordinator.leadership("other")).isNull();
				await().atMost(WAIT).until(() -> socket(context, "other").state() == SocketState.OPENING);
				assertThat(socket(context, "echo").state()).isEqualTo(SocketState.STOPPED);
			});
	}

	@Test
	void aStandbyIsShownByTheEndpointHealthAndGaugeAndAManualStartIsRefusedUnlessForced() {
		this.contextRunner.withPropertyValues("reconnecting-socket.sockets.echo.leader-role=feed").run((context) -> {
			ReconnectingSocketsEndpoint endpoint = context.getBean(ReconnectingSocketsEndpoint.class);
			SocketDescriptor echo = endpoint.socket("echo");
			assertThat(echo.leadership()).hasToString("LeadershipDescriptor[role=feed, status=standby]");
			assertThat(endpoint.socket("other").leadership()).isNull();
			assertThat(health(context, "echo").getStatus()).isEqualTo(Status.UP);
			assertThat(health(context, "echo").getDetails()).containsEntry("leadership", "standby")
				.containsEntry("role", "feed");
			assertThat(gauge(context)).isZero();

			WebEndpointResponse<?> refused = endpoint.command("echo", "start");
			assertThat(refused.getStatus()).isEqualTo(409);
			assertThat(((RefusalDescriptor) refused.getBody()).message())
				.isEqualTo("Reconnecting socket 'echo' is a standby for leader role 'feed': another instance holds the "
						+ "role. Send {\"action\": \"start\", \"force\": true} to start it anyway, at the risk of two "
						+ "connections.");
			assertThat(socket(context, "echo").state()).isEqualTo(SocketState.STOPPED);
			// Stop and reconnect are not refused: they cannot add a connection.
			assertThat(endpoint.command("echo", "stop").getStatus()).isEqualTo(200);

			WebEndpointResponse<?> forced = endpoint.command("echo", "start", true,
					org.springframework.boot.actuate.endpoint.SecurityContext.NONE);
			assertThat(forced.getStatus()).isEqualTo(200);
			assertThat(((SocketDescriptor) forced.getBody()).state()).isEqualTo("opening");
			endpoint.command("echo", "stop");

			context.publishEvent(new OnGrantedEvent(this, context(true), "feed"));
			assertThat(endpoint.socket("echo").leadership())
				.hasToString("LeadershipDescriptor[role=feed, status=leader]");
			assertThat(health(context, "echo").getDetails()).containsEntry("leadership", "leader");
			assertThat(gauge(context)).isOne();
			WebEndpointResponse<?> started = endpoint.command("echo", "start");
			assertThat(started.getStatus()).isEqualTo(200);
		});
	}

	@Test
	void aLeaderRoleWithSurroundingWhitespaceFailsNamingThePropertyTheValueAndWhatIsAllowed() {
		// A quoted YAML value or a trailing blank in a .properties file keeps the
		// whitespace.
		this.contextRunner
			.withInitializer(
					(context) -> context.getEnvironment()
						.getPropertySources()
						.addFirst(new MapPropertySource("test",
								Map.of("reconnecting-socket.sockets.echo.leader-role", "feed "))))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureAnalysisSupport.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: reconnecting-socket.sockets.echo.leader-role",
						"Value: \"feed \"",
						"Allowed: a role name without leading or trailing whitespace, or empty for none");
			});
	}

	@Test
	void withoutSpringIntegrationALeaderRoleFailsStartUpSayingWhichDependencyToAdd() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.integration"))
			.withPropertyValues("reconnecting-socket.leader-role=fleet")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureAnalysisSupport.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: reconnecting-socket.leader-role",
						"Value: \"fleet\"", "Missing: org.springframework.integration:spring-integration-core");
				assertThat(analysis.getAction())
					.startsWith("Add org.springframework.integration:spring-integration-core")
					.endsWith("or remove 'reconnecting-socket.leader-role'.");
			});
	}

	@Test
	void withoutSpringIntegrationAndWithoutALeaderRoleEverySocketStarts() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.integration"))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(LeaderRoleCoordinator.class);
				await().atMost(WAIT).until(() -> socket(context, "echo").state() == SocketState.OPENING);
			});
	}

	private static ReconnectingSocket<?> socket(AssertableApplicationContext context, String name) {
		return context.getBean(ReconnectingSocketRegistry.class).find(name).orElseThrow();
	}

	private static Health health(AssertableApplicationContext context, String name) {
		CompositeHealthContributor contributor = context.getBean("reconnectingSocketsHealthContributor",
				CompositeHealthContributor.class);
		return ((HealthIndicator) contributor.getContributor(name)).health();
	}

	private static double gauge(AssertableApplicationContext context) {
		return context.getBean(MeterRegistry.class)
			.get("reconnecting.socket.leader")
			.tag("name", "echo")
			.tag("role", "feed")
			.gauge()
			.value();
	}

	private static Context context(boolean withRole) {
		return new Context() {

			@Override
			public boolean isLeader() {
				return true;
			}

			@Override
			public String getRole() {
				return withRole ? "feed" : null;
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	static class LeadershipEvents implements ApplicationListener<ReconnectingSocketLeadershipEvent> {

		final List<ReconnectingSocketLeadershipEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(ReconnectingSocketLeadershipEvent event) {
			this.events.add(event);
		}

	}

}
