package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;

import io.github.reconnectingsocket.autoconfigure.FactoriesConfiguration.OtherSocket;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.spring.ReconnectingSocketManager;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import io.github.reconnectingsocket.test.ScriptedSocketFactory;
import io.github.reconnectingsocket.test.ScriptedSocketFactory.ScriptedSocket;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The managed socket beans as the registrar defines them (one definition per factory,
 * typed once, made by an instance supplier): injectable by name, by qualifier and by
 * generic type, however the factory was defined, in any number, and destroyed before
 * their factory.
 */
class ManagedSocketBeansTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketAutoConfiguration.class))
		.withUserConfiguration(VirtualClockConfiguration.class)
		.withPropertyValues("reconnecting-socket.auto-startup=false");

	@Test
	void hundredFactoriesGiveHundredSocketsInjectableByNameByQualifierAndByGenericType() {
		this.contextRunner.withInitializer((context) -> {
			for (int i = 0; i < 100; i++) {
				((GenericApplicationContext) context).registerBean("socket" + i, ScriptedSocketFactory.class,
						ScriptedSocketFactory::new);
			}
		}).run((context) -> {
			ResolvableType socketType = ResolvableType.forClassWithGenerics(ReconnectingSocket.class,
					ScriptedSocket.class);
			assertThat(context.getBeanNamesForType(socketType)).hasSize(100);
			assertThat(context.getBean(ReconnectingSocketRegistry.class).names()).hasSize(100);
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			for (int i = 0; i < 100; i++) {
				ReconnectingSocket<?> byName = context.getBean("socket" + i + "ReconnectingSocket",
						ReconnectingSocket.class);
				assertThat(byName.name()).isEqualTo("socket" + i);
				assertThat(BeanFactoryAnnotationUtils.qualifiedBeanOfType(beanFactory, ReconnectingSocket.class,
						"socket" + i))
					.isSameAs(byName);
			}
		});
	}

	@Test
	void genericBeanMethodFactoryAndProgrammaticFactoryBothGiveTypedSockets() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Other.class)
			.withBean("echo", ScriptedSocketFactory.class, ScriptedSocketFactory::new)
			.withBean(Typed.class)
			.run((context) -> {
				Typed typed = context.getBean(Typed.class);
				assertThat(typed.echo.name()).isEqualTo("echo");
				assertThat(typed.other.name()).isEqualTo("other");
				assertThat(typed.echoByQualifier).isSameAs(typed.echo);
			});
	}

	@Test
	void factoryRegisteredAsABareBeanDefinitionGetsItsSocketTypeFromItsClass() {
		this.contextRunner
			.withInitializer((context) -> ((BeanDefinitionRegistry) context.getBeanFactory())
				.registerBeanDefinition("raw", new RootBeanDefinition(ScriptedSocketFactory.class)))
			.run((context) -> {
				assertThat(context.getBean("rawReconnectingSocket", ReconnectingSocket.class).name()).isEqualTo("raw");
				assertThat(context.getBeanNamesForType(
						ResolvableType.forClassWithGenerics(ReconnectingSocket.class, ScriptedSocket.class)))
					.containsExactly("rawReconnectingSocket");
			});
	}

	@Test
	void eachSocketDependsOnItsFactoryAndTheManagerSoThatItIsDestroyedFirst() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Echo.class).run((context) -> {
			context.getBean("echoReconnectingSocket");
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			assertThat(beanFactory.getDependentBeans("echo")).contains("echoReconnectingSocket");
			String manager = context.getBeanNamesForType(ReconnectingSocketManager.class)[0];
			assertThat(beanFactory.getDependentBeans(manager)).contains("echoReconnectingSocket");
		});
	}

	@Test
	void socketsWithoutKeysOfTheirOwnShareOneSettingsInstanceAndAnOverriddenOneHasItsOwn() {
		this.contextRunner.withUserConfiguration(FactoriesConfiguration.Echo.class, FactoriesConfiguration.Other.class)
			.withBean("third", ScriptedSocketFactory.class, ScriptedSocketFactory::new)
			.withPropertyValues("reconnecting-socket.sockets.other.stop-timeout=3s")
			.run((context) -> {
				ReconnectingSocketManager manager = context.getBean(ReconnectingSocketManager.class);
				assertThat(manager.getSettings("echo")).isSameAs(manager.getSettings("third"));
				assertThat(manager.getSettings("other").stopTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(context.getBean("otherReconnectingSocket", ReconnectingSocket.class).stopTimeout())
					.contains(Duration.ofSeconds(3));
				assertThat(context.getBean("echoReconnectingSocket", ReconnectingSocket.class).stopTimeout())
					.contains(Duration.ofSeconds(10));
			});
	}

	/** Injects the sockets by generic type and by qualifier. */
	static class Typed {

		final ReconnectingSocket<ScriptedSocket> echo;

		final ReconnectingSocket<OtherSocket> other;

		final ReconnectingSocket<?> echoByQualifier;

		Typed(ReconnectingSocket<ScriptedSocket> echo, ReconnectingSocket<OtherSocket> other,
				@Qualifier("echo") ReconnectingSocket<?> echoByQualifier) {
			this.echo = echo;
			this.other = other;
			this.echoByQualifier = echoByQualifier;
		}

	}

}
