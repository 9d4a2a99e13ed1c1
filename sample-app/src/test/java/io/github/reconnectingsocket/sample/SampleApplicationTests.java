package io.github.reconnectingsocket.sample;

import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.Registration;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample over real HTTP, with its echo server and the managed {@code echo} socket on
 * loopback.
 */
@SampleAppTest
class SampleApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	@LocalServerPort
	private int port;

	@Autowired
	private EchoServer echoServer;

	@Autowired
	private ReconnectingSocketRegistry registry;

	private Http http;

	@BeforeEach
	void serverRunningAndSocketOpened() {
		this.http = new Http(this.port);
		this.echoServer.start();
		await().atMost(TIMEOUT).until(() -> echo().state() == SocketState.OPENED);
	}

	@Test
	void theEchoSocketIsManagedByTheStarterAndEchoesComeBack() {
		assertThat(this.registry.names()).containsExactly("echo");
		long before = this.http.getJson("/echo-stats").path("echoesReceived").asLong();
		await().atMost(TIMEOUT)
			.until(() -> this.http.getJson("/echo-stats").path("echoesReceived").asLong() >= before + 2);
		JsonNode stats = this.http.getJson("/echo-stats");
		assertThat(stats.path("connected").asBoolean()).isTrue();
		assertThat(stats.path("heartbeatsSent").asLong()).isGreaterThanOrEqualTo(stats.path("echoesReceived").asLong());
		assertThat(stats.path("lastEcho").asString()).startsWith("heartbeat ");
		assertThat(stats.path("lastRoundTripMillis").asDouble()).isGreaterThanOrEqualTo(0);
	}

	@Test
	void echoServerStatusIsJson() {
		HttpResponse<String> response = this.http.get("/echo-server");
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		JsonNode status = Http.json(response, 200);
		assertThat(status.path("running").asBoolean()).isTrue();
		assertThat(status.path("port").asInt()).isEqualTo(this.echoServer.port()).isPositive();
		assertThat(status.path("connections").asInt()).isEqualTo(1);
		assertThat(status.properties()).hasSize(3);
	}

	@Test
	void stoppingTheServerDisconnectsWithGrowingDelaysAndStartingItReconnects() {
		List<StateChange> changes = new CopyOnWriteArrayList<>();
		List<Long> delays = new CopyOnWriteArrayList<>();
		ReconnectingSocket<?> echo = echo();
		Registration registration = echo.addStateListener((change) -> {
			changes.add(change);
			if (change.to() == SocketState.CLOSED) {
				// The delay chosen for this wait, as the socket scheduled it.
				SocketSnapshot snapshot = echo.snapshot();
				if (snapshot.nextAttemptAt() != null) {
					delays.add(Duration.between(change.time(), snapshot.nextAttemptAt()).toMillis());
				}
			}
		});
		try {
			JsonNode stopped = this.http.postJson("/echo-server/stop", null);
			assertThat(stopped.path("running").asBoolean()).isFalse();
			assertThat(stopped.path("connections").asInt()).isZero();
			assertThat(stopped.path("port").asInt()).isEqualTo(this.echoServer.port());

			// Lost the connection, then at least two refused attempts.
			await().atMost(TIMEOUT).until(() -> delays.size() >= 3);
			assertThat(changes.get(0).from()).isEqualTo(SocketState.OPENED);
			assertThat(changes.get(0).to()).isEqualTo(SocketState.CLOSED);
			assertThat(changes).extracting(StateChange::to)
				.containsSubsequence(SocketState.CLOSED, SocketState.REOPENING, SocketState.CLOSED,
						SocketState.REOPENING, SocketState.CLOSED)
				.doesNotContain(SocketState.OPENED, SocketState.FAILED);
			// application.yml: fibonacci from 200 ms, each stretched by up to 20 %. The
			// lower bounds
			// leave room for the time between scheduling and the transition on a loaded
			// machine.
			assertThat(delays.get(0)).isBetween(150L, 240L);
			assertThat(delays.get(1)).isBetween(150L, 240L);
			assertThat(delays.get(2)).isBetween(350L, 480L);
			assertThat(echo.snapshot().lastError()).isInstanceOf(ConnectException.class);
			assertThat(echo.snapshot().consecutiveFailures()).isGreaterThanOrEqualTo(2);
			assertThat(this.http.getJson("/echo-stats").path("connected").asBoolean()).isFalse();

			JsonNode started = this.http.postJson("/echo-server/start", null);
			assertThat(started.path("running").asBoolean()).isTrue();
			assertThat(started.path("port").asInt()).isEqualTo(stopped.path("port").asInt());
			await().atMost(TIMEOUT).until(() -> echo.state() == SocketState.OPENED);
			assertThat(changes.get(changes.size() - 1).from()).isEqualTo(SocketState.REOPENING);
			assertThat(echo.snapshot().consecutiveFailures()).isZero();
			long echoes = this.http.getJson("/echo-stats").path("echoesReceived").asLong();
			await().atMost(TIMEOUT)
				.until(() -> this.http.getJson("/echo-stats").path("echoesReceived").asLong() > echoes);
			assertThat(this.http.getJson("/echo-server").path("connections").asInt()).isEqualTo(1);
		}
		finally {
			registration.remove();
		}
	}

	@Test
	void startingARunningServerChangesNothing() {
		JsonNode status = this.http.postJson("/echo-server/start", null);
		assertThat(status.path("running").asBoolean()).isTrue();
		assertThat(status.path("port").asInt()).isEqualTo(this.echoServer.port());
		assertThat(echo().state()).isEqualTo(SocketState.OPENED);
	}

	@Test
	void actuatorEndpointListsTheSocket() {
		HttpResponse<String> response = this.http.get("/actuator/reconnectingsockets");
		JsonNode echo = Http.json(response, 200).path("sockets").path("echo");
		assertThat(echo.path("state").asString()).isEqualTo("opened");
		assertThat(echo.path("attempt").asInt()).isPositive();
		assertThat(echo.path("consecutiveFailures").asInt()).isZero();
		assertThat(echo.path("since").isMissingNode()).isFalse();
		assertThat(echo.path("nextAttemptAt").isNull()).isTrue();
		assertThat(echo.path("counters").path("opens").asLong()).isPositive();
		assertThat(echo.path("counters").path("attempts").asLong())
			.isGreaterThanOrEqualTo(echo.path("counters").path("opens").asLong());
		// application.yml's reconnecting-socket.sockets.echo.* reached the socket.
		assertThat(echo.path("backoff").path("strategy").asString()).isEqualTo("fibonacci");
		assertThat(echo.path("backoff").path("initialDelay").asString()).isEqualTo("PT0.2S");
		assertThat(echo.path("backoff").path("maxDelay").asString()).isEqualTo("PT5S");
		assertThat(echo.path("backoff").path("failAfter").isNull()).isTrue();
		assertThat(echo.path("openTimeout").asString()).isEqualTo("PT5S");
		JsonNode newest = echo.path("recentTransitions").path(0);
		assertThat(newest.path("to").asString()).isEqualTo("opened");
		assertThat(newest.path("from").asString()).isIn("opening", "reopening");
		assertThat(newest.path("attempt").asInt()).isPositive();
		assertThat(newest.path("time").isMissingNode()).isFalse();
	}

	@Test
	void actuatorEndpointReadsOneSocketAndAnswers404ForAnUnknownOne() {
		JsonNode echo = this.http.getJson("/actuator/reconnectingsockets/echo");
		assertThat(echo.path("state").asString()).isEqualTo("opened");
		assertThat(this.http.get("/actuator/reconnectingsockets/no-such-socket").statusCode()).isEqualTo(404);
	}

	@Test
	void actuatorEndpointReconnectsTheSocket() {
		long opens = echo().snapshot().counters().opens();
		List<StateChange> changes = new CopyOnWriteArrayList<>();
		Registration registration = echo().addStateListener(changes::add);
		try {
			HttpResponse<String> response = this.http.post("/actuator/reconnectingsockets/echo",
					"{\"action\": \"reconnect\"}");
			assertThat(Http.json(response, 200).path("state").asString()).isIn("reopening", "opened");
			await().atMost(TIMEOUT)
				.until(() -> echo().snapshot().counters().opens() > opens && echo().state() == SocketState.OPENED);
			assertThat(changes).extracting(StateChange::to)
				.containsSubsequence(SocketState.REOPENING, SocketState.OPENED);
			assertThat(changes.get(0).from()).isEqualTo(SocketState.OPENED);
		}
		finally {
			registration.remove();
		}
	}

	@Test
	void readinessShowsTheSocketAndTheRootHealthLeavesItOut() {
		assertThat(this.http.getJson("/actuator/health").path("components").has("reconnectingSockets")).isFalse();
		JsonNode health = this.http.getJson("/actuator/health/readiness");
		assertThat(health.path("status").asString()).isEqualTo("UP");
		JsonNode sockets = health.path("components").path("reconnectingSockets");
		assertThat(sockets.path("status").asString()).isEqualTo("UP");
		JsonNode echo = sockets.path("components").path("echo");
		assertThat(echo.path("status").asString()).isEqualTo("UP");
		assertThat(echo.path("details").path("state").asString()).isEqualTo("opened");
	}

	@Test
	void metricsShowTheSocketsState() {
		JsonNode opened = this.http
			.getJson("/actuator/metrics/reconnecting.socket.state?tag=name:echo&tag=state:opened");
		assertThat(opened.path("measurements").path(0).path("value").asDouble()).isEqualTo(1.0);
		JsonNode closed = this.http
			.getJson("/actuator/metrics/reconnecting.socket.state?tag=name:echo&tag=state:closed");
		assertThat(closed.path("measurements").path(0).path("value").asDouble()).isEqualTo(0.0);
	}

	@Test
	void actuatorEndpointRefusesAnUnknownAction() {
		HttpResponse<String> response = this.http.post("/actuator/reconnectingsockets/echo",
				"{\"action\": \"explode\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(echo().state()).isEqualTo(SocketState.OPENED);
	}

	private ReconnectingSocket<?> echo() {
		return this.registry.find("echo").orElseThrow(() -> new AssertionError("No managed socket named 'echo'"));
	}

}
