package io.github.reconnectingsocket.sample;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample as production would run it, over real HTTP: the endpoint read-only (its
 * default), and a socket that gives up after two failed attempts, so that readiness goes
 * DOWN (the root health stays UP) and the gauges follow.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "sample.send-interval=200ms", "management.endpoint.reconnectingsockets.access=read-only",
				"reconnecting-socket.sockets.echo.backoff.fail-after=2",
				"reconnecting-socket.sockets.echo.backoff.initial-delay=50ms",
				"reconnecting-socket.sockets.echo.backoff.max-delay=100ms" })
@ContextConfiguration(initializers = FreeLoopbackPorts.class)
class SampleApplicationFailureTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	@LocalServerPort
	private int port;

	@Autowired
	private EchoServer echoServer;

	@Autowired
	private ReconnectingSocketRegistry registry;

	private Http http;

	@BeforeEach
	void openedToBeginWith() {
		this.http = new Http(this.port);
		this.echoServer.start();
		ReconnectingSocket<?> echo = echo();
		if (echo.state() == SocketState.FAILED || echo.state() == SocketState.STOPPED) {
			echo.start();
		}
		await().atMost(TIMEOUT).until(() -> echo.state() == SocketState.OPENED);
	}

	@Test
	void theWriteOperationIsRefusedWhileTheEndpointIsReadOnly() {
		HttpResponse<String> response = this.http.post("/actuator/reconnectingsockets/echo", "{\"action\": \"stop\"}");
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(echo().state()).isEqualTo(SocketState.OPENED);
		assertThat(this.http.getJson("/actuator/reconnectingsockets/echo").path("state").asString())
			.isEqualTo("opened");
	}

	@Test
	void readinessGoesDownWhenTheSocketFailsAndUpWhenItIsBackWhileTheRootHealthStaysUp() {
		assertThat(this.http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(gauge("opened")).isEqualTo(1.0);

		this.echoServer.stop();
		await().atMost(TIMEOUT).until(() -> echo().state() == SocketState.FAILED);
		HttpResponse<String> down = this.http.get("/actuator/health/readiness");
		assertThat(down.statusCode()).isEqualTo(503);
		assertThat(this.http.get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(this.http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		JsonNode echoHealth = Http.json(down, 503)
			.path("components")
			.path("reconnectingSockets")
			.path("components")
			.path("echo");
		assertThat(echoHealth.path("status").asString()).isEqualTo("DOWN");
		assertThat(echoHealth.path("details").path("state").asString()).isEqualTo("failed");
		assertThat(echoHealth.path("details").path("lastError").asString()).contains("Connection refused");
		assertThat(gauge("failed")).isEqualTo(1.0);
		assertThat(gauge("opened")).isEqualTo(0.0);
		assertThat(counter("reconnecting.socket.failures")).isGreaterThanOrEqualTo(1.0);

		this.echoServer.start();
		echo().start(); // FAILED is left only by start(): what an operator does, here
						// without the write operation
		await().atMost(TIMEOUT).until(() -> this.http.get("/actuator/health/readiness").statusCode() == 200);
		assertThat(echo().state()).isEqualTo(SocketState.OPENED);
		assertThat(gauge("opened")).isEqualTo(1.0);
		assertThat(gauge("failed")).isEqualTo(0.0);
	}

	private double gauge(String state) {
		return this.http.getJson("/actuator/metrics/reconnecting.socket.state?tag=name:echo&tag=state:" + state)
			.path("measurements")
			.path(0)
			.path("value")
			.asDouble();
	}

	private double counter(String name) {
		return this.http.getJson("/actuator/metrics/" + name + "?tag=name:echo")
			.path("measurements")
			.path(0)
			.path("value")
			.asDouble();
	}

	private ReconnectingSocket<?> echo() {
		return this.registry.find("echo").orElseThrow(() -> new AssertionError("No managed socket named 'echo'"));
	}

}
