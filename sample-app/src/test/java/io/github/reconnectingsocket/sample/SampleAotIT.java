package io.github.reconnectingsocket.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample, ahead-of-time processed by the build ({@code process-aot}), starts in a
 * child JVM with {@code -Dspring.aot.enabled=true} on its run-time class path only,
 * connects its socket, and serves the endpoint and health: AOT cannot break unnoticed.
 */
class SampleAotIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private Process process;

	private Path log;

	@AfterEach
	void stop() throws Exception {
		if (this.process != null) {
			this.process.destroy();
			if (!this.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
	}

	@Test
	void theAotProcessedSampleStartsConnectsAndServesTheEndpointAndHealth() throws Exception {
		Path classes = Path.of(System.getProperty("sample.classes"));
		assertThat(classes
			.resolve("io/github/reconnectingsocket/sample/SampleApplication__ApplicationContextInitializer.class"))
			.as("process-aot output")
			.exists();
		String classpath = classes + java.io.File.pathSeparator
				+ Files.readString(Path.of(System.getProperty("sample.runtime-classpath"))).trim();
		int[] ports = FreeLoopbackPorts.find(2);
		int port = ports[0];
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Dspring.aot.enabled=true");
		command.add("-cp");
		command.add(classpath);
		command.add(SampleApplication.class.getName());
		command.add("--server.port=" + port);
		command.add("--server.address=127.0.0.1");
		command.add("--sample.echo-server.port=" + ports[1]);
		this.log = Files.createTempFile("sample-aot", ".log");
		this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(this.log.toFile()).start();
		Http http = new Http(port);
		await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> up(http) || !this.process.isAlive());
		String output = Files.readString(this.log, StandardCharsets.UTF_8);
		assertThat(this.process.isAlive()).as("the application runs; its output:%n%s", output).isTrue();
		assertThat(output).contains("Starting AOT-processed SampleApplication")
			.contains("Managing 2 reconnecting sockets: echo -> TcpSocketFactory[127.0.0.1:" + ports[1] + ", lines",
					"ws-echo -> WebSocketSocketFactory[ws://127.0.0.1:" + port + "/ws-echo]");
		// The declared sockets' beans, left out of AOT processing, were registered at run
		// time.
		for (String socket : List.of("echo", "ws-echo")) {
			await().atMost(TIMEOUT)
				.until(() -> "opened"
					.equals(http.getJson("/actuator/reconnectingsockets/" + socket).path("state").asString()));
		}
		JsonNode readiness = http.getJson("/actuator/health/readiness");
		for (String socket : List.of("echo", "ws-echo")) {
			assertThat(readiness.path("components")
				.path("reconnectingSockets")
				.path("components")
				.path(socket)
				.path("status")
				.asString()).isEqualTo("UP");
		}
		// Messages reach the application's listener, and the typed clients send.
		await().atMost(TIMEOUT).untilAsserted(() -> {
			JsonNode stats = http.getJson("/echo-stats");
			assertThat(stats.path("echo").path("received").asLong()).isPositive();
			assertThat(stats.path("ws-echo").path("received").asLong()).isPositive();
		});
		assertThat(http.post("/actuator/reconnectingsockets/echo", "{\"action\": \"explode\"}").statusCode())
			.isEqualTo(400);
	}

	private static boolean up(Http http) {
		try {
			return http.get("/actuator/health").statusCode() == 200;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
