package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.test.ScriptedSocketFactory;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.VirtualClock;
import io.github.reconnectingsocket.spring.ReconnectingSocketFailedEvent;
import io.github.reconnectingsocket.spring.ReconnectingSocketManager;
import io.github.reconnectingsocket.spring.ReconnectingSocketStateChangedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ReconnectingSocketEventsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketAutoConfiguration.class))
		.withUserConfiguration(VirtualClockConfiguration.class, FactoriesConfiguration.Echo.class);

	@Test
	void everyStateChangeIsPublishedInOrderAndFailingAsAFailedEvent() {
		this.contextRunner.withUserConfiguration(RecorderConfiguration.class)
			.withPropertyValues("reconnecting-socket.backoff.fail-after=2")
			.run((context) -> {
				ScriptedSocketFactory factory = context.getBean("echo", ScriptedSocketFactory.class);
				VirtualClock clock = context.getBean(VirtualClock.class);
				ReconnectingSocket<?> socket = context.getBean(ReconnectingSocket.class);
				factory.last().open();
				factory.last().close();
				clock.advanceToNextTask();
				factory.last().close();
				clock.advanceToNextTask();
				IllegalStateException refused = new IllegalStateException("refused");
				factory.last().handle().error(refused);
				factory.last().close();
				assertThat(socket.state()).isEqualTo(SocketState.FAILED);
				Recorder recorder = context.getBean(Recorder.class);
				context.close();
				assertThat(recorder.changes).containsExactly("stopped -> opening (1)", "opening -> opened (1)",
						"opened -> closed (1)", "closed -> reopening (2)", "reopening -> closed (2)",
						"closed -> reopening (3)", "reopening -> failed (3)", "failed -> closing (3)",
						"closing -> stopped (3)");
				assertThat(recorder.failures).singleElement().satisfies((failed) -> {
					assertThat(failed.getSocket()).isSameAs(socket);
					assertThat(failed.getName()).isEqualTo("echo");
					assertThat(failed.getFrom()).isEqualTo(SocketState.REOPENING);
					assertThat(failed.getTo()).isEqualTo(SocketState.FAILED);
					assertThat(failed.getAttempt()).isEqualTo(3);
					assertThat(failed.getLastError()).isSameAs(refused);
					assertThat(failed.getTime()).isEqualTo(clock.instant());
				});
			});
	}

	@Test
	void listenerThatThrowsIsLoggedAndDoesNotStopReconnecting(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(ThrowingListenerConfiguration.class).run((context) -> {
			ScriptedSocketFactory factory = context.getBean("echo", ScriptedSocketFactory.class);
			ReconnectingSocket<?> socket = context.getBean(ReconnectingSocket.class);
			factory.last().open();
			factory.last().close();
			assertThat(socket.state()).isEqualTo(SocketState.CLOSED);
			context.getBean(VirtualClock.class).advanceToNextTask();
			factory.last().open();
			assertThat(socket.state()).isEqualTo(SocketState.OPENED);
			assertThat(factory.sockets()).hasSize(2);
			assertThat(context.getBean(ThrowingListenerConfiguration.class).calls).hasSize(5);
		});
		assertThat(output).contains("WARN  [main] io.github.reconnectingsocket.socket.echo - An application listener "
				+ "failed to handle ReconnectingSocketStateChangedEvent[echo: closed -> reopening (attempt 2)]; the socket carries on")
			.contains("java.lang.IllegalStateException: listener bug");
	}

	@Test
	void infoMessagesAndTransitionsAreLoggedAtDebugToTheSocketsOwnLogger(CapturedOutput output) {
		LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());
		loggingSystem.setLogLevel("io.github.reconnectingsocket.socket.echo", LogLevel.DEBUG);
		try {
			// The npm package's jitter, whose delay with the test's random number is
			// exact.
			this.contextRunner.withPropertyValues("reconnecting-socket.backoff.jitter=proportional").run((context) -> {
				ScriptedSocketFactory factory = context.getBean("echo", ScriptedSocketFactory.class);
				factory.last().open();
				factory.last().close();
			});
		}
		finally {
			loggingSystem.setLogLevel("io.github.reconnectingsocket.socket.echo", null);
		}
		assertThat(output)
			.contains("DEBUG [main] io.github.reconnectingsocket.socket.echo - echo: opened -> closed (attempt 1)")
			.contains("DEBUG [main] io.github.reconnectingsocket.socket.echo - next attempt in 1100 ms");
	}

	@Test
	void givingUpAfterAConnectionErrorIsOneWarnLineWithTheCauseAndNoStackTrace(CapturedOutput output) {
		this.contextRunner.withPropertyValues("reconnecting-socket.backoff.fail-after=1").run((context) -> {
			ScriptedSocketFactory factory = context.getBean("echo", ScriptedSocketFactory.class);
			factory.last().handle().error(new ConnectException("Connection refused"));
			factory.last().close();
		});
		assertThat(output)
			.contains("WARN  [main] io.github.reconnectingsocket.socket.echo - Reconnecting socket 'echo' "
					+ "gave up after 1 consecutive failed attempts; last error: java.net.ConnectException: Connection refused"
					+ System.lineSeparator())
			.doesNotContain("\tat ");
	}

	@Test
	void givingUpAfterAnErrorThatIsNotAboutTheNetworkKeepsItsStackTrace(CapturedOutput output) {
		this.contextRunner.withPropertyValues("reconnecting-socket.backoff.fail-after=1").run((context) -> {
			ScriptedSocketFactory factory = context.getBean("echo", ScriptedSocketFactory.class);
			factory.last().handle().error(new IllegalStateException("factory bug", new NullPointerException("host")));
			factory.last().close();
		});
		assertThat(output)
			.contains("WARN  [main] io.github.reconnectingsocket.socket.echo - Reconnecting socket 'echo' "
					+ "gave up after 1 consecutive failed attempts; last error: java.lang.IllegalStateException: factory bug "
					+ "(caused by java.lang.NullPointerException: host)")
			.contains("\tat ");
	}

	@Test
	void theManagedSocketsAreListedOnceAtInfoWithTheirFactories(CapturedOutput output) {
		LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());
		loggingSystem.setLogLevel(ReconnectingSocketManager.class.getName(), LogLevel.INFO);
		try {
			this.contextRunner.withUserConfiguration(FactoriesConfiguration.Other.class)
				.withPropertyValues("reconnecting-socket.sockets.other.auto-startup=false")
				.run((context) -> {
					context.stop();
					context.start();
				});
		}
		finally {
			loggingSystem.setLogLevel(ReconnectingSocketManager.class.getName(), null);
		}
		String line = "INFO  [main] " + ReconnectingSocketManager.class.getName()
				+ " - Managing 2 reconnecting sockets: echo -> ScriptedSocketFactory[scripted], other -> ";
		assertThat(output).containsOnlyOnce(line).contains("(auto-startup off)");
	}

	static class Recorder {

		final List<String> changes = new CopyOnWriteArrayList<>();

		final List<ReconnectingSocketFailedEvent> failures = new CopyOnWriteArrayList<>();

		@EventListener
		void changed(ReconnectingSocketStateChangedEvent event) {
			this.changes
				.add(event.getFrom().seedName() + " -> " + event.getTo().seedName() + " (" + event.getAttempt() + ")");
		}

		@EventListener
		void failed(ReconnectingSocketFailedEvent event) {
			this.failures.add(event);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RecorderConfiguration {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ThrowingListenerConfiguration {

		final List<ReconnectingSocketStateChangedEvent> calls = new CopyOnWriteArrayList<>();

		@EventListener
		void changed(ReconnectingSocketStateChangedEvent event) {
			this.calls.add(event);
			throw new IllegalStateException("listener bug");
		}

	}

}
