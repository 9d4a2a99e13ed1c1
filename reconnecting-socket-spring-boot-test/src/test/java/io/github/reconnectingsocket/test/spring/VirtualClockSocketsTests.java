package io.github.reconnectingsocket.test.spring;

import java.time.Duration;

import io.github.reconnectingsocket.autoconfigure.ReconnectingSocketAutoConfiguration;
import io.github.reconnectingsocket.autoconfigure.ReconnectingSocketExecutorAutoConfiguration;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.VirtualClock;
import io.github.reconnectingsocket.test.ScriptedSocketFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @VirtualClockSockets} puts every managed socket on the virtual clock bean, with
 * the socket's code run on the caller, even with virtual threads switched on.
 */
class VirtualClockSocketsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketExecutorAutoConfiguration.class,
				ReconnectingSocketAutoConfiguration.class))
		.withUserConfiguration(TestApplication.class)
		.withPropertyValues("reconnecting-socket.backoff.jitter=none", "spring.threads.virtual.enabled=true");

	@Test
	void everySocketRunsOnTheVirtualClockBeanAndOnTheCaller() {
		this.runner.run((context) -> {
			VirtualClock clock = context.getBean(VirtualClock.class);
			ScriptedSocketFactory factory = context.getBean(ScriptedSocketFactory.class);
			ReconnectingSocket<?> socket = context.getBean(ReconnectingSocket.class);
			assertThat(socket.clock().instant()).isEqualTo(clock.instant());
			assertThat(factory.createThreads()).containsExactly(Thread.currentThread());
			factory.last().open();
			assertThat(socket.state()).isEqualTo(SocketState.OPENED);
			factory.last().close();
			assertThat(socket.snapshot().nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofSeconds(1)));
			clock.advance(Duration.ofSeconds(1));
			assertThat(factory.log()).containsExactly("create #1 first", "onOpen #1 first", "onClose #1", "create #2");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@VirtualClockSockets
	static class TestApplication {

		@Bean
		ScriptedSocketFactory echo() {
			return new ScriptedSocketFactory();
		}

	}

}
