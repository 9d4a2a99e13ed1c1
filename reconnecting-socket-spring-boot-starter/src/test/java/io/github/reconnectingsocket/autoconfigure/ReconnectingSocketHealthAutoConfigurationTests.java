package io.github.reconnectingsocket.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.github.reconnectingsocket.actuate.ReconnectingSocketsHealthContributor;
import io.github.reconnectingsocket.actuate.TestSockets;
import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.VirtualClock;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectingSocketHealthAutoConfigurationTests {

	/**
	 * The runner's group includes the contributor: without it, that group would fail
	 * start-up.
	 */
	private static final String NO_GROUP_VALIDATION = "management.endpoint.health.validate-group-membership=false";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class, ReconnectingSocketHealthAutoConfiguration.class))
		.withUserConfiguration(TestSocketsConfiguration.class)
		.withPropertyValues("management.endpoint.health.show-details=always",
				"management.endpoint.health.group.sockets.include=reconnectingSockets");

	@Test
	void theContributorIsNamedReconnectingSockets() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ReconnectingSocketsHealthContributor.class);
			HealthContributor contributor = context.getBean(HealthContributorRegistry.class)
				.getContributor("reconnectingSockets");
			assertThat(contributor).isSameAs(context.getBean(ReconnectingSocketsHealthContributor.class));
		});
	}

	@Test
	void aFailedSocketMakesItDownAndARestartedOneUpAgain() {
		this.runner.run((context) -> {
			TestSockets sockets = context.getBean(TestSockets.class);
			ReconnectingSocketRegistry registry = context.getBean(ReconnectingSocketRegistry.class);
			registry.unregister("beta");
			registry.register(sockets.build("beta", (b) -> b.backoff(Backoff.builder().failAfter(1).build())));
			registry.find("beta").get().start();
			sockets.error("beta", "Connection refused");
			sockets.drop("beta");
			CompositeHealthDescriptor health = sockets(context);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getComponents()).containsOnlyKeys("alpha", "beta");
			assertThat(health.getComponents().get("alpha").getStatus()).isEqualTo(Status.UP);
			IndicatedHealthDescriptor beta = (IndicatedHealthDescriptor) health.getComponents().get("beta");
			assertThat(beta.getStatus()).isEqualTo(Status.DOWN);
			assertThat(beta.getDetails()).containsEntry("state", "failed")
				.containsEntry("lastError", "Connection refused");
			registry.find("beta").get().start();
			sockets.open("beta");
			assertThat(sockets(context).getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void downAfterIsReadFromTheProperties() {
		this.runner.withPropertyValues("reconnecting-socket.health.down-after=5s").run((context) -> {
			TestSockets sockets = context.getBean(TestSockets.class);
			context.getBean(ReconnectingSocketRegistry.class).find("alpha").get().start();
			sockets.advance(5000);
			assertThat(sockets(context).getStatus()).isEqualTo(Status.UP);
			sockets.advance(1);
			assertThat(sockets(context).getStatus()).isEqualTo(Status.DOWN);
		});
	}

	@Test
	void downAfterIsJudgedByTheSocketsOwnVirtualClockWithoutAClockBean() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ReconnectingSocketAutoConfiguration.class, EndpointAutoConfiguration.class,
							HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
							HealthEndpointAutoConfiguration.class, ReconnectingSocketHealthAutoConfiguration.class))
			.withUserConfiguration(VirtualClockConfiguration.class, FactoriesConfiguration.Echo.class)
			.withPropertyValues("management.endpoint.health.group.sockets.include=reconnectingSockets",
					"reconnecting-socket.health.down-after=5s")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(Clock.class);
				VirtualClock clock = context.getBean(VirtualClock.class);
				// Started (opening) at the virtual clock's origin, years before the wall
				// clock's now: by the wall clock it would be DOWN at once.
				assertThat(sockets(context).getStatus()).isEqualTo(Status.UP);
				clock.advance(Duration.ofSeconds(5));
				assertThat(sockets(context).getStatus()).isEqualTo(Status.UP);
				clock.advance(Duration.ofMillis(1));
				assertThat(sockets(context).getStatus()).isEqualTo(Status.DOWN);
			});
	}

	@Test
	void aSocketCanBeLeftOut() {
		this.runner.withPropertyValues("reconnecting-socket.sockets.beta.health.enabled=false")
			.run((context) -> assertThat(sockets(context).getComponents()).containsOnlyKeys("alpha"));
	}

	@Test
	void downAfterCanBeSetPerSocket() {
		this.runner
			.withPropertyValues("reconnecting-socket.health.down-after=5s",
					"reconnecting-socket.sockets.beta.health.down-after=2s")
			.run((context) -> {
				TestSockets sockets = context.getBean(TestSockets.class);
				ReconnectingSocketRegistry registry = context.getBean(ReconnectingSocketRegistry.class);
				registry.find("alpha").get().start();
				registry.find("beta").get().start();
				sockets.advance(2001);
				assertThat(sockets(context).getComponents().get("alpha").getStatus()).isEqualTo(Status.UP);
				assertThat(sockets(context).getComponents().get("beta").getStatus()).isEqualTo(Status.DOWN);
				sockets.advance(3000);
				assertThat(sockets(context).getComponents().get("alpha").getStatus()).isEqualTo(Status.DOWN);
			});
	}

	@Test
	void theRootHealthLeavesTheSocketsOutWhileTheGroupsThatIncludeThemCountThem() {
		this.runner.withPropertyValues("reconnecting-socket.health.down-after=0").run((context) -> {
			context.getBean(ReconnectingSocketRegistry.class).find("alpha").get().start();
			context.getBean(TestSockets.class).advance(1);
			HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
			CompositeHealthDescriptor root = (CompositeHealthDescriptor) endpoint.health();
			assertThat(root.getStatus()).isEqualTo(Status.UP);
			assertThat(root.getComponents()).doesNotContainKey("reconnectingSockets");
			assertThat(endpoint.healthForPath("reconnectingSockets")).isNull();
			assertThat(endpoint.healthForPath("sockets").getStatus()).isEqualTo(Status.DOWN);
		});
	}

	@Test
	void includeInRootCountsTheSocketsInTheRootHealthToo() {
		this.runner
			.withPropertyValues("reconnecting-socket.health.down-after=0",
					"reconnecting-socket.health.include-in-root=true")
			.run((context) -> {
				context.getBean(ReconnectingSocketRegistry.class).find("alpha").get().start();
				context.getBean(TestSockets.class).advance(1);
				CompositeHealthDescriptor root = (CompositeHealthDescriptor) context.getBean(HealthEndpoint.class)
					.health();
				assertThat(root.getStatus()).isEqualTo(Status.DOWN);
				assertThat(root.getComponents()).containsKey("reconnectingSockets");
			});
	}

	@Test
	void theSwitchTurnsItOff() {
		this.runner.withPropertyValues("management.health.reconnectingsockets.enabled=false", NO_GROUP_VALIDATION)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ReconnectingSocketsHealthContributor.class);
				assertThat(context.getBean(HealthContributorRegistry.class).getContributor("reconnectingSockets"))
					.isNull();
			});
	}

	@Test
	void theSwitchAlsoTakesTheDashedForm() {
		this.runner.withPropertyValues("management.health.reconnecting-sockets.enabled=false", NO_GROUP_VALIDATION)
			.run((context) -> assertThat(context).doesNotHaveBean(ReconnectingSocketsHealthContributor.class));
	}

	@Test
	void theDefaultsSwitchTurnsItOffUnlessItsOwnSwitchIsOn() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false", NO_GROUP_VALIDATION)
			.run((context) -> assertThat(context).doesNotHaveBean(ReconnectingSocketsHealthContributor.class));
		this.runner
			.withPropertyValues("management.health.defaults.enabled=false",
					"management.health.reconnectingsockets.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(ReconnectingSocketsHealthContributor.class));
	}

	@Test
	void itBelongsInTheReadinessGroup() {
		this.runner
			.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
					AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class))
			.withPropertyValues("management.endpoint.health.probes.enabled=true",
					"management.endpoint.health.group.readiness.include=readinessState,reconnectingSockets")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
				HealthDescriptor readiness = endpoint.healthForPath("readiness");
				assertThat(((CompositeHealthDescriptor) readiness).getComponents()).containsOnlyKeys("readinessState",
						"reconnectingSockets");
				HealthDescriptor liveness = endpoint.healthForPath("liveness");
				assertThat(((CompositeHealthDescriptor) liveness).getComponents()).containsOnlyKeys("livenessState");
			});
	}

	@Test
	void withoutSocketsTheContributorAddsNothing() {
		this.runner
			.withPropertyValues("reconnecting-socket.sockets.alpha.health.enabled=false",
					"reconnecting-socket.sockets.beta.health.enabled=false",
					"reconnecting-socket.health.include-in-root=true")
			.run((context) -> {
				HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
				assertThat(endpoint.healthForPath("reconnectingSockets")).isNull();
				assertThat(((CompositeHealthDescriptor) endpoint.health()).getComponents())
					.doesNotContainKey("reconnectingSockets");
			});
	}

	@Test
	void aMisspelledGroupMemberFailsStartUp() {
		this.runner.withPropertyValues("management.endpoint.health.group.readiness.include=reconnectingsockets")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessage("Included health contributor 'reconnectingsockets' in group 'readiness' does not exist"));
	}

	@Test
	void withoutHealthSupportTheContextStartsWithoutTheContributor() {
		new ApplicationContextRunner().withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.withConfiguration(AutoConfigurations.of(ReconnectingSocketHealthAutoConfiguration.class))
			.withUserConfiguration(TestSocketsConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ReconnectingSocketRegistry.class)
				.doesNotHaveBean("reconnectingSocketsHealthContributor"));
	}

	private static CompositeHealthDescriptor sockets(AssertableApplicationContext context) {
		HealthDescriptor descriptor = context.getBean(HealthEndpoint.class)
			.healthForPath("sockets", "reconnectingSockets");
		assertThat(descriptor).isInstanceOf(CompositeHealthDescriptor.class);
		return (CompositeHealthDescriptor) descriptor;
	}

}
