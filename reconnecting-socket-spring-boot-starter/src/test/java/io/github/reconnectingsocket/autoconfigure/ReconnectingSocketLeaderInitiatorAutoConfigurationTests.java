package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;

import io.github.reconnectingsocket.autoconfigure.ReconnectingSocketLeaderAutoConfigurationTests.LeadershipEvents;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.leader.LeaderRoleCoordinator;
import io.github.reconnectingsocket.leader.LeaderRoleInitiators;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.DefaultLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With a {@link LockRegistry} bean, the starter runs one
 * {@link LockRegistryLeaderInitiator} per leader role, except for a role that the
 * application's own initiator elects.
 */
class ReconnectingSocketLeaderInitiatorAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketAutoConfiguration.class,
				ReconnectingSocketLeaderAutoConfiguration.class,
				ReconnectingSocketLeaderInitiatorAutoConfiguration.class))
		.withUserConfiguration(FactoriesConfiguration.Echo.class, FactoriesConfiguration.Other.class,
				LeadershipEvents.class);

	@Test
	void withALockRegistryTheStarterElectsALeaderPerRoleOnIt() {
		this.contextRunner.withBean(LockRegistry.class, DefaultLockRegistry::new)
			.withPropertyValues("reconnecting-socket.sockets.echo.leader-role=feed",
					"reconnecting-socket.sockets.other.leader-role=audit")
			.run((context) -> {
				LeaderRoleInitiators initiators = context.getBean(LeaderRoleInitiators.class);
				assertThat(initiators.getRoles()).containsExactlyInAnyOrder("feed", "audit");
				// The only candidate of an in-memory lock: granted both roles.
				await().atMost(WAIT)
					.until(() -> socket(context, "echo").state() == SocketState.OPENING
							&& socket(context, "other").state() == SocketState.OPENING);
				initiators.getContext("feed").yield();
				// Yielding revokes, stops the socket, and the only candidate is granted
				// the role again.
				await().atMost(WAIT)
					.until(() -> context.getBean(LeadershipEvents.class).events.stream()
						.filter((event) -> event.getRole().equals("feed"))
						.count() >= 3);
			});
	}

	@Test
	void aRoleThatTheApplicationsOwnInitiatorElectsIsLeftToIt() {
		this.contextRunner.withUserConfiguration(OwnInitiator.class)
			.withPropertyValues("reconnecting-socket.sockets.echo.leader-role=feed",
					"reconnecting-socket.sockets.other.leader-role=audit")
			.run((context) -> {
				assertThat(context.getBean(LeaderRoleInitiators.class).getRoles()).containsExactly("audit");
				// The application's initiator grants "feed" on the same lock registry.
				await().atMost(WAIT).until(() -> socket(context, "echo").state() == SocketState.OPENING);
			});
	}

	@Test
	void noLockRegistryOrSwitchedOffMeansNoInitiator() {
		this.contextRunner.withPropertyValues("reconnecting-socket.sockets.echo.leader-role=feed")
			.run((context) -> assertThat(context).hasSingleBean(LeaderRoleCoordinator.class)
				.doesNotHaveBean(LeaderRoleInitiators.class));
		this.contextRunner.withBean(LockRegistry.class, DefaultLockRegistry::new)
			.withPropertyValues("reconnecting-socket.sockets.echo.leader-role=feed",
					"reconnecting-socket.leader-initiator.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LeaderRoleInitiators.class));
	}

	@Test
	void aHeartBeatOfZeroFailsNamingThePropertyTheValueAndWhatIsAllowed() {
		this.contextRunner.withBean(LockRegistry.class, DefaultLockRegistry::new)
			.withPropertyValues("reconnecting-socket.sockets.echo.leader-role=feed",
					"reconnecting-socket.leader-initiator.heart-beat=0")
			.run((context) -> {
				FailureAnalysis analysis = FailureAnalysisSupport.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains(
						"Property: reconnecting-socket.leader-initiator.heart-beat", "Value: \"0\"",
						"Allowed: a positive duration, well below the lock's time-to-live");
			});
	}

	private static ReconnectingSocket<?> socket(AssertableApplicationContext context, String name) {
		return context.getBean(ReconnectingSocketRegistry.class).find(name).orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnInitiator {

		@Bean
		DefaultLockRegistry lockRegistry() {
			return new DefaultLockRegistry();
		}

		@Bean
		LockRegistryLeaderInitiator feedInitiator(DefaultLockRegistry lockRegistry) {
			return new LockRegistryLeaderInitiator(lockRegistry, new DefaultCandidate("own", "feed"));
		}

	}

}
