package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.test.ScriptedSocketFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.spring.ReconnectingSocketBuilderCustomizer;
import io.github.reconnectingsocket.spring.ReconnectingSocketLifecycle;
import io.github.reconnectingsocket.spring.ReconnectingSocketManager;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class ReconnectingSocketLifecycleTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketAutoConfiguration.class))
		.withUserConfiguration(VirtualClockConfiguration.class, FactoriesConfiguration.Echo.class);

	@Test
	void defaultPhaseStopsSocketsAfterTheWebServerDrainedAndBeforeTheWebServerStops() {
		int gracefulShutdown = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
		// WebServerStartStopLifecycle (servlet and reactive) documents its phase as this
		// one less 1024.
		int webServer = gracefulShutdown - 1024;
		assertThat(ReconnectingSocketProperties.DEFAULT_PHASE).isEqualTo(SmartLifecycle.DEFAULT_PHASE - 1536)
			.isLessThan(gracefulShutdown)
			.isGreaterThan(webServer);
		this.contextRunner.run((context) -> assertThat(context.getBean(ReconnectingSocketLifecycle.class).getPhase())
			.isEqualTo(ReconnectingSocketProperties.DEFAULT_PHASE));
	}

	@Test
	void phasePropertySetsTheLifecyclePhase() {
		this.contextRunner.withPropertyValues("reconnecting-socket.phase=7")
			.run((context) -> assertThat(context.getBean(ReconnectingSocketLifecycle.class).getPhase()).isEqualTo(7));
	}

	@Test
	void closingTheContextStopsEverySocketAndEmptiesTheRegistry() {
		this.contextRunner.run((context) -> {
			ScriptedSocketFactory factory = context.getBean("echo", ScriptedSocketFactory.class);
			ReconnectingSocket<?> socket = context.getBean(ReconnectingSocket.class);
			ReconnectingSocketRegistry registry = context.getBean(ReconnectingSocketRegistry.class);
			factory.last().open();
			context.close();
			assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
			assertThat(factory.last().destroyed()).isPositive();
			assertThat(registry.sockets()).isEmpty();
		});
	}

	@Test
	void socketStartedByHandIsStoppedWithTheContext() {
		this.contextRunner.withPropertyValues("reconnecting-socket.auto-startup=false").run((context) -> {
			ScriptedSocketFactory factory = context.getBean("echo", ScriptedSocketFactory.class);
			ReconnectingSocket<?> socket = context.getBean(ReconnectingSocket.class);
			socket.start();
			factory.last().open();
			context.close();
			assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
			assertThat(factory.last().destroyed()).isPositive();
		});
	}

	@Test
	void stoppingAndStartingTheContextStopsAndRestartsTheSockets() {
		this.contextRunner.run((context) -> {
			ScriptedSocketFactory factory = context.getBean("echo", ScriptedSocketFactory.class);
			ReconnectingSocket<?> socket = context.getBean(ReconnectingSocket.class);
			factory.last().open();
			context.stop();
			assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
			context.start();
			assertThat(socket.state()).isEqualTo(SocketState.OPENING);
			assertThat(factory.sockets()).hasSize(2);
		});
	}

	@Test
	void pausingStopsTheSocketsAndRestartingRestoresThoseThatWereRunningStartedByHandIncluded() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Other.class)
			.withPropertyValues("reconnecting-socket.sockets.echo.auto-startup=false")
			.run((context) -> {
				ReconnectingSocket<?> echo = context.getBean("echoReconnectingSocket", ReconnectingSocket.class);
				ReconnectingSocket<?> other = context.getBean("otherReconnectingSocket", ReconnectingSocket.class);
				assertThat(context.getBean(ReconnectingSocketLifecycle.class).isPauseable()).isTrue();
				assertThat(echo.state()).isEqualTo(SocketState.STOPPED);
				echo.start(); // by hand: auto-startup is off
				other.stop(); // by hand: auto-startup is on
				assertThat(echo.state()).isEqualTo(SocketState.OPENING);
				assertThat(other.state()).isEqualTo(SocketState.STOPPED);
				context.getSourceApplicationContext().pause();
				assertThat(echo.state()).isEqualTo(SocketState.STOPPED);
				context.getSourceApplicationContext().restart();
				assertThat(echo.state()).isEqualTo(SocketState.OPENING);
				assertThat(other.state()).isEqualTo(SocketState.STOPPED);
			});
	}

	@Test
	void stopCallbackRunsOnceEverySocketIsStopped() {
		this.contextRunner.run((context) -> {
			ScriptedSocketFactory factory = context.getBean("echo", ScriptedSocketFactory.class);
			ReconnectingSocketLifecycle lifecycle = context.getBean(ReconnectingSocketLifecycle.class);
			factory.closeOnDestroy(false);
			factory.last().open();
			AtomicInteger callbacks = new AtomicInteger();
			lifecycle.stop(callbacks::incrementAndGet);
			assertThat(lifecycle.isRunning()).isFalse();
			assertThat(callbacks).hasValue(0);
			factory.last().close();
			assertThat(callbacks).hasValue(1);
			assertThat(context.getBean(ReconnectingSocket.class).state()).isEqualTo(SocketState.STOPPED);
		});
	}

	@Test
	void closeReturnsWithinTheStopTimeoutWhenDestroyNeverCloses(CapturedOutput output) {
		this.contextRunner.withPropertyValues("reconnecting-socket.stop-timeout=300ms").run((context) -> {
			ScriptedSocketFactory factory = context.getBean("echo", ScriptedSocketFactory.class);
			ReconnectingSocket<?> socket = context.getBean(ReconnectingSocket.class);
			factory.closeOnDestroy(false);
			factory.last().open();
			Duration took = timed(context::close);
			// The virtual clock never moves here: only the wall-clock bound can end the
			// wait.
			assertThat(socket.state()).isEqualTo(SocketState.CLOSING);
			assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
		});
		assertThat(output).containsOnlyOnce("Reconnecting socket 'echo' did not stop within its stop timeout of 300ms "
				+ "(still closing): no longer waiting for it");
	}

	@Test
	void closeReturnsWithinTheStopTimeoutWhenDestroyHangs() {
		ExecutorService executor = Executors.newSingleThreadExecutor();
		CountDownLatch blocker = new CountDownLatch(1);
		try {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(ReconnectingSocketAutoConfiguration.class))
				.withUserConfiguration(FactoriesConfiguration.Echo.class)
				.withBean(ReconnectingSocketBuilderCustomizer.class,
						() -> (name, builder) -> builder.executor(executor))
				.withPropertyValues("reconnecting-socket.stop-timeout=300ms")
				.run((context) -> {
					ScriptedSocketFactory factory = context.getBean("echo", ScriptedSocketFactory.class);
					ReconnectingSocket<?> socket = context.getBean(ReconnectingSocket.class);
					await().atMost(Duration.ofSeconds(5)).until(() -> !factory.sockets().isEmpty());
					factory.last().open();
					await().atMost(Duration.ofSeconds(5)).until(() -> socket.state() == SocketState.OPENED);
					factory.blockDestroy(blocker);
					Duration took = timed(context::close);
					// The core's stop timeout ends the stop (STOPPED, timed out) while
					// destroy() still blocks.
					assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
					assertThat(factory.last().destroyed()).isPositive();
					assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
					blocker.countDown();
					await().atMost(Duration.ofSeconds(5)).until(() -> socket.state() == SocketState.STOPPED);
				});
		}
		finally {
			blocker.countDown();
			executor.shutdownNow();
		}
	}

	@Test
	void beanDestructionStopsSocketsThatNoLifecycleStopped() {
		this.contextRunner.withUserConfiguration(InertLifecycleConfiguration.class).run((context) -> {
			ScriptedSocketFactory factory = context.getBean("echo", ScriptedSocketFactory.class);
			ReconnectingSocket<?> socket = context.getBean(ReconnectingSocket.class);
			ReconnectingSocketRegistry registry = context.getBean(ReconnectingSocketRegistry.class);
			assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
			socket.start();
			factory.last().open();
			context.close();
			assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
			assertThat(factory.last().destroyed()).isPositive();
			assertThat(registry.sockets()).isEmpty();
		});
	}

	private static Duration timed(Runnable action) {
		long start = System.nanoTime();
		action.run();
		return Duration.ofNanos(System.nanoTime() - start);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class InertLifecycleConfiguration {

		/** A lifecycle that never runs: sockets are neither started nor stopped by it. */
		@Bean
		ReconnectingSocketLifecycle inertLifecycle(ReconnectingSocketManager manager) {
			return new ReconnectingSocketLifecycle(manager, 0) {

				@Override
				public boolean isAutoStartup() {
					return false;
				}

			};
		}

	}

}
