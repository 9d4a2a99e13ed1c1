package io.github.reconnectingsocket.sample;

import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.reconnectingsocket.clients.TcpClient;
import io.github.reconnectingsocket.clients.TcpSocketFactory;
import io.github.reconnectingsocket.clients.WebSocketClient;
import io.github.reconnectingsocket.clients.WebSocketSocketFactory;
import io.github.reconnectingsocket.core.LivenessTimeoutException;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.Registration;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample over real HTTP, with its echo servers and the two declared sockets,
 * {@code echo} (TCP) and {@code ws-echo} (WebSocket), on loopback.
 */
@SampleAppTest
class SampleApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	/** Liveness timeout plus room for the heartbeat in flight and a loaded machine. */
	private static final Duration LIVENESS_DETECTION = Duration.ofMillis(SampleAppTest.LIVENESS_MILLIS).plusSeconds(4);

	@LocalServerPort
	private int port;

	@Autowired
	private EchoServer echoServer;

	@Autowired
	private ReconnectingSocketRegistry registry;

	@Autowired
	private ApplicationContext context;

	private Http http;

	@BeforeEach
	void serversRunningAndSocketsOpened() {
		this.http = new Http(this.port);
		this.echoServer.resume();
		this.echoServer.start();
		await().atMost(TIMEOUT)
			.until(() -> echo().state() == SocketState.OPENED && wsEcho().state() == SocketState.OPENED);
	}

	@Test
	void theSocketsAreDeclaredInApplicationYmlAndRunOnTheShippedClients() {
		assertThat(this.registry.names()).containsExactlyInAnyOrder("echo", "ws-echo");
		// No factory of the sample's own: the starter made them from the declarations.
		assertThat(this.context.getBean("echo")).isInstanceOf(TcpSocketFactory.class);
		assertThat(this.context.getBean("echoClient")).isInstanceOf(TcpClient.class);
		assertThat(this.context.getBean("ws-echo")).isInstanceOf(WebSocketSocketFactory.class);
		assertThat(this.context.getBean("ws-echoClient")).isInstanceOf(WebSocketClient.class);
		assertThat(this.context.getBeansOfType(SocketFactory.class).values())
			.allSatisfy((factory) -> assertThat(factory.getClass().getPackageName())
				.isEqualTo(TcpSocketFactory.class.getPackageName()));
		assertThat(echo().livenessTimeout()).contains(Duration.ofMillis(SampleAppTest.LIVENESS_MILLIS));
		// ping-interval 1s: three intervals.
		assertThat(wsEcho().livenessTimeout()).contains(Duration.ofSeconds(3));
	}

	@Test
	void linesSentThroughBothClientsComeBackAsEvents() {
		JsonNode before = this.http.getJson("/echo-stats");
		await().atMost(TIMEOUT).untilAsserted(() -> {
			JsonNode stats = this.http.getJson("/echo-stats");
			for (String socket : List.of("echo", "ws-echo")) {
				assertThat(stats.path(socket).path("received").asLong())
					.isGreaterThanOrEqualTo(before.path(socket).path("received").asLong() + 2);
				assertThat(stats.path(socket).path("sent").asLong())
					.isGreaterThan(before.path(socket).path("sent").asLong());
				assertThat(stats.path(socket).path("lastRoundTripMillis").asDouble()).isPositive();
			}
			// The TCP socket's heartbeat, from application.yml, comes back too.
			assertThat(stats.path("echo").path("heartbeatsReceived").asLong())
				.isGreaterThan(before.path("echo").path("heartbeatsReceived").asLong());
		});
		JsonNode stats = this.http.getJson("/echo-stats");
		assertThat(stats.path("echo").path("target").asString()).contains("127.0.0.1:" + this.echoServer.port());
		assertThat(stats.path("ws-echo").path("target").asString())
			.contains("ws://127.0.0.1:" + this.port + "/ws-echo");
		assertThat(stats.path("ws-echo").path("heartbeatsReceived").asLong()).isZero();
	}

	@Test
	void echoServerStatusIsJson() {
		HttpResponse<String> response = this.http.get("/echo-server");
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		JsonNode status = Http.json(response, 200);
		assertThat(status.path("running").asBoolean()).isTrue();
		assertThat(status.path("stalled").asBoolean()).isFalse();
		assertThat(status.path("port").asInt()).isEqualTo(this.echoServer.port()).isPositive();
		assertThat(status.path("connections").asInt()).isEqualTo(1);
		assertThat(status.properties()).hasSize(4);
		JsonNode endpoint = this.http.getJson("/ws-echo-endpoint");
		assertThat(endpoint.path("path").asString()).isEqualTo("/ws-echo");
		assertThat(endpoint.path("sessions").asInt()).isEqualTo(1);
	}

	@Test
	void aStalledServerIsDetectedByLivenessAndTheSocketComesBackOnceItAnswersAgain() {
		List<StateChange> changes = new CopyOnWriteArrayList<>();
		List<Throwable> errorsOnClose = new CopyOnWriteArrayList<>();
		List<Long> closedAt = new CopyOnWriteArrayList<>();
		ReconnectingSocket<?> echo = echo();
		long wsEchoOpens = wsEcho().snapshot().counters().opens();
		Registration registration = echo.addStateListener((change) -> {
			changes.add(change);
			if (change.from() == SocketState.OPENED && change.to() == SocketState.CLOSED) {
				closedAt.add(System.nanoTime());
				errorsOnClose.add(echo.snapshot().lastError());
			}
		});
		try {
			long stalledAt = System.nanoTime();
			JsonNode stalled = this.http.postJson("/echo-server/stall", null);
			assertThat(stalled.path("stalled").asBoolean()).isTrue();
			assertThat(stalled.path("running").asBoolean()).isTrue();

			// No echo, no heartbeat back: liveness drops the connection.
			await().atMost(LIVENESS_DETECTION).until(() -> !errorsOnClose.isEmpty());
			assertThat(Duration.ofNanos(closedAt.get(0) - stalledAt)).isLessThan(LIVENESS_DETECTION);
			assertThat(errorsOnClose.get(0)).isInstanceOf(LivenessTimeoutException.class)
				.hasMessageContaining("liveness timeout " + SampleAppTest.LIVENESS_MILLIS + " ms");
			JsonNode endpoint = this.http.getJson("/actuator/reconnectingsockets/echo");
			assertThat(endpoint.path("lastError").path("type").asString())
				.isEqualTo(LivenessTimeoutException.class.getName());
			// The stalled server still accepts: the socket reopens, and is dropped again.
			await().atMost(TIMEOUT).until(() -> errorsOnClose.size() >= 2);
			assertThat(changes).extracting(StateChange::to)
				.containsSubsequence(SocketState.CLOSED, SocketState.REOPENING, SocketState.OPENED, SocketState.CLOSED);
			assertThat(errorsOnClose)
				.allSatisfy((error) -> assertThat(error).isInstanceOf(LivenessTimeoutException.class));

			JsonNode resumed = this.http.postJson("/echo-server/resume", null);
			assertThat(resumed.path("stalled").asBoolean()).isFalse();
			await().atMost(TIMEOUT).until(() -> echo.state() == SocketState.OPENED);
			long received = this.http.getJson("/echo-stats").path("echo").path("received").asLong();
			await().atMost(TIMEOUT)
				.until(() -> this.http.getJson("/echo-stats").path("echo").path("received").asLong() > received);
			// Answered again: it stays open past several liveness timeouts.
			int closes = errorsOnClose.size();
			long opens = echo.snapshot().counters().opens();
			await().pollDelay(Duration.ofMillis(3 * SampleAppTest.LIVENESS_MILLIS))
				.atMost(TIMEOUT)
				.until(() -> echo.state() == SocketState.OPENED);
			assertThat(errorsOnClose).hasSize(closes);
			assertThat(echo.snapshot().counters().opens()).isEqualTo(opens);
			// The WebSocket echo endpoint was never stalled.
			assertThat(wsEcho().snapshot().counters().opens()).isEqualTo(wsEchoOpens);
		}
		finally {
			registration.remove();
			this.echoServer.resume();
		}
	}

	@Test
	void stallingAStoppedServerIsRefused() {
		this.echoServer.stop();
		try {
			HttpResponse<String> response = this.http.post("/echo-server/stall", null);
			assertThat(response.statusCode()).isEqualTo(409);
			assertThat(this.echoServer.isStalled()).isFalse();
		}
		finally {
			this.echoServer.start();
		}
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
			// The typed client refuses at once while the socket is not opened.
			long refused = this.http.getJson("/echo-stats").path("echo").path("refused").asLong();
			await().atMost(TIMEOUT)
				.until(() -> this.http.getJson("/echo-stats").path("echo").path("refused").asLong() > refused);

			JsonNode started = this.http.postJson("/echo-server/start", null);
			assertThat(started.path("running").asBoolean()).isTrue();
			assertThat(started.path("port").asInt()).isEqualTo(stopped.path("port").asInt());
			await().atMost(TIMEOUT).until(() -> echo.state() == SocketState.OPENED);
			assertThat(changes.get(changes.size() - 1).from()).isEqualTo(SocketState.REOPENING);
			assertThat(echo.snapshot().consecutiveFailures()).isZero();
			long echoes = this.http.getJson("/echo-stats").path("echo").path("received").asLong();
			await().atMost(TIMEOUT)
				.until(() -> this.http.getJson("/echo-stats").path("echo").path("received").asLong() > echoes);
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
	void actuatorEndpointListsTheSockets() {
		HttpResponse<String> response = this.http.get("/actuator/reconnectingsockets");
		JsonNode all = Http.json(response, 200);
		JsonNode sockets = all.path("sockets");
		// The starter paces every socket with one JVM-wide group by default.
		assertThat(all.path("pacing").path("default").path("maxInFlight").asInt()).isEqualTo(256);
		assertThat(sockets.path("echo").path("pacingGroup").asString()).isEqualTo("default");
		assertThat(sockets.path("echo").path("waitingForPermit").asBoolean()).isFalse();
		assertThat(sockets.path("ws-echo").path("state").asString()).isEqualTo("opened");
		assertThat(sockets.path("ws-echo").path("backoff").path("initialDelay").asString()).isEqualTo("PT0.2S");
		JsonNode echo = sockets.path("echo");
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
		for (String name : List.of("echo", "ws-echo")) {
			JsonNode socket = sockets.path("components").path(name);
			assertThat(socket.path("status").asString()).isEqualTo("UP");
			assertThat(socket.path("details").path("state").asString()).isEqualTo("opened");
		}
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

	private ReconnectingSocket<?> wsEcho() {
		return this.registry.find("ws-echo").orElseThrow(() -> new AssertionError("No managed socket named 'ws-echo'"));
	}

}
