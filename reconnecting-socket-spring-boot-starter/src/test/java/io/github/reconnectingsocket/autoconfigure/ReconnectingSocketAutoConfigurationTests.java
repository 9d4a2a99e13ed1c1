package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.test.ScriptedSocketFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.reconnectingsocket.autoconfigure.FactoriesConfiguration.OtherSocket;
import io.github.reconnectingsocket.test.ScriptedSocketFactory.ScriptedSocket;
import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.spring.ReconnectingSocketBuilderCustomizer;
import io.github.reconnectingsocket.spring.ReconnectingSocketLifecycle;
import io.github.reconnectingsocket.spring.ReconnectingSocketManager;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectingSocketAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketAutoConfiguration.class))
		.withUserConfiguration(VirtualClockConfiguration.class);

	@Test
	void autoConfigurationIsListedInTheImportsFile() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(ReconnectingSocketAutoConfiguration.class.getName());
	}

	@Test
	void withoutSocketFactoryNoSocketIsManagedOrStarted() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ReconnectingSocketRegistry.class)
				.hasSingleBean(ReconnectingSocketLifecycle.class)
				.doesNotHaveBean(ReconnectingSocket.class);
			assertThat(context.getBean(ReconnectingSocketRegistry.class).sockets()).isEmpty();
			assertThat(context.getBean(ReconnectingSocketManager.class).getSockets()).isEmpty();
		});
	}

	@Test
	void eachSocketFactoryBecomesOneSocketNamedAfterTheFactoryBeanAndStarted() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Echo.class, FactoriesConfiguration.Other.class)
			.run((context) -> {
				assertThat(context).getBeans(ReconnectingSocket.class)
					.containsOnlyKeys("echoReconnectingSocket", "otherReconnectingSocket");
				ReconnectingSocket<?> echo = context.getBean("echoReconnectingSocket", ReconnectingSocket.class);
				ReconnectingSocket<?> other = context.getBean("otherReconnectingSocket", ReconnectingSocket.class);
				assertThat(echo.name()).isEqualTo("echo");
				assertThat(other.name()).isEqualTo("other");
				ReconnectingSocketRegistry registry = context.getBean(ReconnectingSocketRegistry.class);
				assertThat(registry.names()).containsExactlyInAnyOrder("echo", "other");
				assertThat(registry.find("echo")).containsSame(echo);
				assertThat(registry.find("other")).containsSame(other);
				assertThat(echo.state()).isEqualTo(SocketState.OPENING);
				assertThat(other.state()).isEqualTo(SocketState.OPENING);
				assertThat(context.getBean("echo", ScriptedSocketFactory.class).sockets()).hasSize(1);
			});
	}

	@Test
	void socketsAreInjectableByGenericTypeByQualifierAndByBeanName() {
		this.contextRunner
			.withUserConfiguration(FactoriesConfiguration.Echo.class, FactoriesConfiguration.Other.class,
					InjectionConfiguration.class)
			.run((context) -> {
				Injected injected = context.getBean(Injected.class);
				assertThat(injected.echoByType().name()).isEqualTo("echo");
				assertThat(injected.otherByType().name()).isEqualTo("other");
				assertThat(injected.echoByQualifier().name()).isEqualTo("echo");
				assertThat(injected.otherByBeanName().name()).isEqualTo("other");
				assertThat(injected.echoByType()).isSameAs(injected.echoByQualifier());
			});
	}

	@Test
	void withoutOverridesEachSocketHasTheDefaults() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Echo.class).run((context) -> {
			ReconnectingSocket<?> echo = context.getBean(ReconnectingSocket.class);
			// The core's defaults, but for the fleet-safe jitter of the starter.
			assertThat(echo.backoff()).isEqualTo(Backoff.DEFAULTS.toBuilder().jitter("decorrelated").build());
			assertThat(echo.openTimeout()).contains(Duration.ofSeconds(30));
			assertThat(echo.stopTimeout()).contains(Duration.ofSeconds(10));
		});
	}

	@Test
	void globalPropertiesApplyToEverySocketAndSocketOverridesWin() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Echo.class, FactoriesConfiguration.Other.class)
			.withPropertyValues("reconnecting-socket.open-timeout=5s", "reconnecting-socket.stop-timeout=2s",
					"reconnecting-socket.backoff.strategy=exponential",
					"reconnecting-socket.backoff.initial-delay=200ms", "reconnecting-socket.backoff.max-delay=10s",
					"reconnecting-socket.backoff.factor=3", "reconnecting-socket.backoff.randomisation-factor=0.5",
					"reconnecting-socket.backoff.fail-after=5", "reconnecting-socket.backoff.reset-after=1m",
					"reconnecting-socket.backoff.jitter=equal", "reconnecting-socket.sockets.other.open-timeout=0",
					"reconnecting-socket.sockets.other.stop-timeout=100ms",
					"reconnecting-socket.sockets.other.backoff.strategy=fixed",
					"reconnecting-socket.sockets.other.backoff.initial-delay=0",
					"reconnecting-socket.sockets.other.backoff.jitter=none",
					"reconnecting-socket.sockets.other.backoff.fail-after=2")
			.run((context) -> {
				ReconnectingSocket<?> echo = context.getBean("echoReconnectingSocket", ReconnectingSocket.class);
				assertThat(echo.backoff()).isEqualTo(Backoff.builder()
					.strategy("exponential")
					.initialDelay(Duration.ofMillis(200))
					.maxDelay(Duration.ofSeconds(10))
					.factor(3)
					.randomisationFactor(0.5)
					.failAfter(5)
					.resetAfter(Duration.ofMinutes(1))
					.jitter("equal")
					.build());
				assertThat(echo.openTimeout()).contains(Duration.ofSeconds(5));
				assertThat(echo.stopTimeout()).contains(Duration.ofSeconds(2));
				ReconnectingSocket<?> other = context.getBean("otherReconnectingSocket", ReconnectingSocket.class);
				assertThat(other.backoff()).isEqualTo(Backoff.builder()
					.strategy("fixed")
					.initialDelay(Duration.ZERO)
					.factor(3)
					.randomisationFactor(0.5)
					.failAfter(2)
					.resetAfter(Duration.ofMinutes(1))
					.jitter("none")
					.build());
				assertThat(other.openTimeout()).isEmpty();
				assertThat(other.stopTimeout()).contains(Duration.ofMillis(100));
			});
	}

	@Test
	void eachKeyIsTheSocketsValueElseTheGlobalValueElseTheCoresDefault() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Echo.class, FactoriesConfiguration.Other.class)
			.withPropertyValues("reconnecting-socket.liveness-timeout=5s",
					"reconnecting-socket.backoff.revive-after=1m",
					"reconnecting-socket.sockets.other.liveness-timeout=0",
					"reconnecting-socket.sockets.other.backoff.revive-after=30s",
					"reconnecting-socket.sockets.other.backoff.max-delay=40s")
			.run((context) -> {
				ReconnectingSocket<?> echo = context.getBean("echoReconnectingSocket", ReconnectingSocket.class);
				ReconnectingSocket<?> other = context.getBean("otherReconnectingSocket", ReconnectingSocket.class);
				// The global value.
				assertThat(echo.livenessTimeout()).contains(Duration.ofSeconds(5));
				assertThat(echo.backoff().reviveAfter()).isEqualTo(Duration.ofMinutes(1));
				// The socket's own value; 0 is "none" whatever the global value.
				assertThat(other.livenessTimeout()).isEmpty();
				assertThat(other.backoff().reviveAfter()).isEqualTo(Duration.ofSeconds(30));
				assertThat(other.backoff().maxDelay()).isEqualTo(Duration.ofSeconds(40));
				// Set nowhere: the core's default.
				assertThat(echo.backoff().maxDelay()).isEqualTo(Backoff.DEFAULTS.maxDelay());
				assertThat(other.backoff().initialDelay()).isEqualTo(Backoff.DEFAULTS.initialDelay());
				assertThat(other.openTimeout()).contains(ReconnectingSocketBuilder.DEFAULT_OPEN_TIMEOUT);
				ReconnectingSocketManager manager = context.getBean(ReconnectingSocketManager.class);
				assertThat(manager.getSettings("echo").slowCallThreshold())
					.isEqualTo(ReconnectingSocketBuilder.DEFAULT_SLOW_CALL_THRESHOLD);
			});
	}

	@Test
	void aSocketsSlowCallThresholdWinsOverAGlobalZero() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Echo.class)
			.withPropertyValues("reconnecting-socket.slow-call-threshold=0",
					"reconnecting-socket.sockets.echo.slow-call-threshold=2s")
			.run((context) -> assertThat(context.getBean(ReconnectingSocketManager.class).getSettings("echo"))
				.extracting("slowCallThreshold")
				.isEqualTo(Duration.ofSeconds(2)));
	}

	@Test
	void autoStartupFalseLeavesEverySocketStopped() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Echo.class, FactoriesConfiguration.Other.class)
			.withPropertyValues("reconnecting-socket.auto-startup=false")
			.run((context) -> {
				assertThat(context.getBean(ReconnectingSocketRegistry.class).sockets()).hasSize(2)
					.allSatisfy((socket) -> assertThat(socket.state()).isEqualTo(SocketState.STOPPED));
				assertThat(context.getBean("echo", ScriptedSocketFactory.class).sockets()).isEmpty();
				assertThat(context.getBean(ReconnectingSocketLifecycle.class).isRunning()).isTrue();
			});
	}

	@Test
	void socketAutoStartupOverridesTheGlobalValue() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Echo.class, FactoriesConfiguration.Other.class)
			.withPropertyValues("reconnecting-socket.auto-startup=false",
					"reconnecting-socket.sockets.other.auto-startup=true")
			.run((context) -> {
				ReconnectingSocketRegistry registry = context.getBean(ReconnectingSocketRegistry.class);
				assertThat(registry.find("echo").orElseThrow().state()).isEqualTo(SocketState.STOPPED);
				assertThat(registry.find("other").orElseThrow().state()).isEqualTo(SocketState.OPENING);
			});
	}

	@Test
	void socketAutoStartupFalseLeavesOnlyThatSocketStopped() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Echo.class, FactoriesConfiguration.Other.class)
			.withPropertyValues("reconnecting-socket.sockets.echo.auto-startup=false")
			.run((context) -> {
				ReconnectingSocketRegistry registry = context.getBean(ReconnectingSocketRegistry.class);
				assertThat(registry.find("echo").orElseThrow().state()).isEqualTo(SocketState.STOPPED);
				assertThat(registry.find("other").orElseThrow().state()).isEqualTo(SocketState.OPENING);
			});
	}

	@Test
	void socketKeysKeepTheCaseOfCamelCaseBeanNames() {
		this.contextRunner.withUserConfiguration(CamelCaseFactoryConfiguration.class)
			.withPropertyValues("reconnecting-socket.sockets.echoServer.auto-startup=false",
					"reconnecting-socket.sockets.echoServer.backoff.fail-after=7")
			.run((context) -> {
				ReconnectingSocket<?> socket = context.getBean("echoServerReconnectingSocket",
						ReconnectingSocket.class);
				assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
				assertThat(socket.backoff().failAfter()).isEqualTo(7);
			});
	}

	@Test
	void lazyInitializationStillStartsEverySocket() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Echo.class)
			.withInitializer(
					(context) -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
			.run((context) -> assertThat(
					context.getBean(ReconnectingSocketRegistry.class).find("echo").orElseThrow().state())
				.isEqualTo(SocketState.OPENING));
	}

	@Test
	void customizersApplyInOrderToEverySocketWithItsName() {
		this.contextRunner
			.withUserConfiguration(FactoriesConfiguration.Echo.class, FactoriesConfiguration.Other.class,
					CustomizersConfiguration.class)
			.run((context) -> {
				List<String> calls = context.getBean(CustomizersConfiguration.class).calls;
				assertThat(calls).containsExactlyInAnyOrder("first echo", "second echo", "first other", "second other");
				assertThat(calls.indexOf("first echo")).isLessThan(calls.indexOf("second echo"));
				assertThat(context.getBean("echoReconnectingSocket", ReconnectingSocket.class).stopTimeout())
					.contains(Duration.ofMillis(1234));
			});
	}

	@Test
	void userRegistryIsUsedInsteadOfTheAutoConfiguredOne() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Echo.class, UserRegistryConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ReconnectingSocketRegistry.class);
				ReconnectingSocketRegistry registry = context.getBean(ReconnectingSocketRegistry.class);
				assertThat(registry).isSameAs(context.getBean(UserRegistryConfiguration.class).registry);
				assertThat(registry.names()).containsExactly("echo");
			});
	}

	@Test
	void userLifecycleIsUsedInsteadOfTheAutoConfiguredOne() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Echo.class, UserLifecycleConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ReconnectingSocketLifecycle.class);
				assertThat(context.getBean(ReconnectingSocketLifecycle.class).getPhase()).isEqualTo(42);
			});
	}

	@Test
	void userSocketBeanOfTheSameNameIsKept() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Echo.class, UserSocketConfiguration.class)
			.run((context) -> {
				assertThat(context).getBeans(ReconnectingSocket.class).containsOnlyKeys("echoReconnectingSocket");
				assertThat(context.getBean(ReconnectingSocket.class).name()).isEqualTo("handmade");
				assertThat(context.getBean(ReconnectingSocketRegistry.class).sockets()).isEmpty();
			});
	}

	@Test
	void whenDisabledNothingIsConfigured() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Echo.class)
			.withPropertyValues("reconnecting-socket.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ReconnectingSocketRegistry.class)
					.doesNotHaveBean(ReconnectingSocketManager.class)
					.doesNotHaveBean(ReconnectingSocketLifecycle.class)
					.doesNotHaveBean(ReconnectingSocket.class);
				assertThat(context.getBean("echo", ScriptedSocketFactory.class).sockets()).isEmpty();
			});
	}

	record Injected(ReconnectingSocket<ScriptedSocket> echoByType, ReconnectingSocket<OtherSocket> otherByType,
			ReconnectingSocket<?> echoByQualifier, ReconnectingSocket<?> otherByBeanName) {
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class InjectionConfiguration {

		@Bean
		Injected injected(ReconnectingSocket<ScriptedSocket> echoByType, ReconnectingSocket<OtherSocket> otherByType,
				@Qualifier("echo") ReconnectingSocket<?> echoByQualifier,
				ReconnectingSocket<?> otherReconnectingSocket) {
			// Two candidates for the last parameter: Spring falls back to the parameter's
			// name.
			return new Injected(echoByType, otherByType, echoByQualifier, otherReconnectingSocket);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class CamelCaseFactoryConfiguration {

		@Bean
		ScriptedSocketFactory echoServer() {
			return new ScriptedSocketFactory();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class CustomizersConfiguration {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		ReconnectingSocketBuilderCustomizer second() {
			return (name, builder) -> {
				this.calls.add("second " + name);
				builder.stopTimeout(Duration.ofMillis(1234));
			};
		}

		@Bean
		@Order(1)
		ReconnectingSocketBuilderCustomizer first() {
			return (name, builder) -> {
				this.calls.add("first " + name);
				builder.stopTimeout(Duration.ofMillis(1));
			};
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class UserRegistryConfiguration {

		final ReconnectingSocketRegistry registry = new ReconnectingSocketRegistry();

		@Bean
		ReconnectingSocketRegistry myRegistry() {
			return this.registry;
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class UserLifecycleConfiguration {

		@Bean
		ReconnectingSocketLifecycle myLifecycle(ReconnectingSocketManager manager) {
			return new ReconnectingSocketLifecycle(manager, 42);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class UserSocketConfiguration {

		@Bean
		ReconnectingSocket<ScriptedSocket> echoReconnectingSocket() {
			return ReconnectingSocket.builder(new ScriptedSocketFactory()).name("handmade").build();
		}

	}

}
