package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.test.ScriptedSocketFactory;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which threads run the sockets' own code: the executor named by the property, else the
 * bean named {@code reconnectingSocketExecutor}, else virtual threads with
 * {@code spring.threads.virtual.enabled}, else the core's default.
 */
class ReconnectingSocketExecutorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketExecutorAutoConfiguration.class,
				ReconnectingSocketAutoConfiguration.class))
		.withUserConfiguration(FactoriesConfiguration.Echo.class);

	@Test
	void aBeanNamedReconnectingSocketExecutorRunsTheSocketsCode() {
		this.contextRunner.withUserConfiguration(ExecutorsConfiguration.class)
			.run((context) -> assertThat(createThread(context).getName()).startsWith("mine-"));
	}

	@Test
	void thePropertyNamesTheExecutorBeanAndWinsOverTheConventionalName() {
		this.contextRunner.withUserConfiguration(ExecutorsConfiguration.class)
			.withPropertyValues("reconnecting-socket.executor=otherExecutor")
			.run((context) -> assertThat(createThread(context).getName()).startsWith("other-"));
	}

	@Test
	void aPropertyNamingNoExecutorBeanFailsNamingTheExecutorBeans() {
		this.contextRunner.withUserConfiguration(ExecutorsConfiguration.class)
			.withPropertyValues("reconnecting-socket.executor=nope")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(FailureAnalysisSupport.analyze(context.getStartupFailure()).getDescription()).contains(
						"Property: reconnecting-socket.executor\n", "Value: \"nope\"",
						"Origin: \"reconnecting-socket.executor\" from property source",
						"Allowed: the name of a java.util.concurrent.Executor bean (otherExecutor, "
								+ "reconnectingSocketExecutor), or empty");
			});
	}

	@Test
	void withoutAnyTheCoresDefaultThreadsRunTheSocketsCode() {
		this.contextRunner
			.run((context) -> assertThat(createThread(context).getName()).startsWith("reconnecting-socket-")
				.doesNotStartWith(ReconnectingSocketExecutorAutoConfiguration.VIRTUAL_THREAD_PREFIX));
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void withVirtualThreadsEnabledTheSocketsCodeRunsOnNamedVirtualThreads() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			Thread thread = createThread(context);
			assertThat(thread.getName()).startsWith(ReconnectingSocketExecutorAutoConfiguration.VIRTUAL_THREAD_PREFIX);
			assertThat(Thread.class.getMethod("isVirtual").invoke(thread)).isEqualTo(true);
		});
	}

	@Test
	void theApplicationsExecutorWinsOverVirtualThreads() {
		this.contextRunner.withUserConfiguration(ExecutorsConfiguration.class)
			.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> assertThat(createThread(context).getName()).startsWith("mine-"));
	}

	private static Thread createThread(org.springframework.context.ApplicationContext context) {
		ScriptedSocketFactory factory = context.getBean("echo", ScriptedSocketFactory.class);
		await().atMost(Duration.ofSeconds(5)).until(() -> !factory.createThreads().isEmpty());
		return factory.createThreads().get(0);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ExecutorsConfiguration {

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService reconnectingSocketExecutor() {
			return Executors.newCachedThreadPool(new CustomizableThreadFactory("mine-"));
		}

		@Bean(destroyMethod = "shutdownNow")
		Executor otherExecutor() {
			return Executors.newCachedThreadPool(new CustomizableThreadFactory("other-"));
		}

	}

}
