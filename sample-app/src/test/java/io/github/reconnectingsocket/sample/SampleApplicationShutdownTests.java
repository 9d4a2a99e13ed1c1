package io.github.reconnectingsocket.sample;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sample shuts down promptly and leaves none of its threads behind. */
class SampleApplicationShutdownTests {

	private static final List<String> SAMPLE_THREADS = List.of("echo-server", "sample-traffic-");

	@Test
	void closingTheContextStopsEverythingPromptly() {
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.properties("spring.main.banner-mode=off")
			.initializers(new FreeLoopbackPorts())
			.run();
		EchoServer server = context.getBean(EchoServer.class);
		ReconnectingSocketRegistry registry = context.getBean(ReconnectingSocketRegistry.class);
		ReconnectingSocket<?> echo = registry.find("echo").orElseThrow();
		ReconnectingSocket<?> wsEcho = registry.find("ws-echo").orElseThrow();
		await().atMost(Duration.ofSeconds(15))
			.until(() -> echo.state() == SocketState.OPENED && wsEcho.state() == SocketState.OPENED
					&& server.connections() == 1);
		assertThat(newSampleThreads(before)).isNotEmpty();

		long started = System.nanoTime();
		context.close();
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(took).isLessThan(Duration.ofSeconds(5));
		assertThat(server.isRunning()).isFalse();
		assertThat(echo.state()).isEqualTo(SocketState.STOPPED);
		assertThat(wsEcho.state()).isEqualTo(SocketState.STOPPED);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(newSampleThreads(before)).isEmpty());
	}

	private static List<String> newSampleThreads(Set<Thread> before) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !before.contains(thread) && thread.isAlive())
			.map(Thread::getName)
			.filter((name) -> SAMPLE_THREADS.stream().anyMatch(name::startsWith))
			.toList();
	}

}
