package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.test.ScriptedSocketFactory;
import java.io.IOException;
import java.time.Duration;

import io.github.reconnectingsocket.actuate.ReconnectingSocketsEndpoint;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.SocketDescriptor;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.VirtualClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code backoff.revive-after}: a socket that gave up comes back by itself, so that
 * readiness recovers without anyone starting it; the endpoint shows when.
 */
class ReviveAfterHealthTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketAutoConfiguration.class,
				EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
				ReconnectingSocketHealthAutoConfiguration.class, ReconnectingSocketEndpointAutoConfiguration.class))
		.withUserConfiguration(VirtualClockConfiguration.class, FactoriesConfiguration.Echo.class)
		.withPropertyValues("management.endpoints.web.exposure.include=health,reconnectingsockets",
				"management.endpoint.health.group.readiness.include=reconnectingSockets",
				"reconnecting-socket.backoff.fail-after=1", "reconnecting-socket.health.down-after=1h");

	@Test
	void aFailedSocketWithReviveAfterComesBackByItselfAndReadinessRecovers() {
		this.runner.withPropertyValues("reconnecting-socket.sockets.echo.backoff.revive-after=30s").run((context) -> {
			VirtualClock clock = context.getBean(VirtualClock.class);
			ScriptedSocketFactory factory = context.getBean("echo", ScriptedSocketFactory.class);
			ReconnectingSocket<?> socket = context.getBean(ReconnectingSocket.class);
			factory.last().handle().error(new IOException("Connection refused"));
			factory.last().close();
			assertThat(socket.state()).isEqualTo(SocketState.FAILED);
			assertThat(readiness(context)).isEqualTo(Status.DOWN);
			SocketDescriptor failed = describe(context);
			assertThat(failed.state()).isEqualTo("failed");
			assertThat(failed.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofSeconds(30)).toString());
			assertThat(failed.backoff().reviveAfter()).isEqualTo("PT30S");
			clock.advance(Duration.ofSeconds(30));
			assertThat(factory.sockets()).hasSize(2);
			factory.last().open();
			assertThat(socket.state()).isEqualTo(SocketState.OPENED);
			assertThat(readiness(context)).isEqualTo(Status.UP);
			assertThat(describe(context).nextAttemptAt()).isNull();
		});
	}

	@Test
	void withoutReviveAfterAFailedSocketStaysFailedAndReadinessDown() {
		this.runner.run((context) -> {
			VirtualClock clock = context.getBean(VirtualClock.class);
			ScriptedSocketFactory factory = context.getBean("echo", ScriptedSocketFactory.class);
			factory.last().close();
			assertThat(describe(context).nextAttemptAt()).isNull();
			clock.advance(Duration.ofDays(1));
			assertThat(factory.sockets()).hasSize(1);
			assertThat(context.getBean(ReconnectingSocket.class).state()).isEqualTo(SocketState.FAILED);
			assertThat(readiness(context)).isEqualTo(Status.DOWN);
		});
	}

	private static Status readiness(AssertableApplicationContext context) {
		return context.getBean(HealthEndpoint.class).healthForPath("readiness").getStatus();
	}

	private static SocketDescriptor describe(AssertableApplicationContext context) {
		return context.getBean(ReconnectingSocketsEndpoint.class).socket("echo");
	}

}
