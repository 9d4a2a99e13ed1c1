package io.github.reconnectingsocket.observabilityapp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.reconnectingsocket.actuate.TestSockets;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint, health and meters over real HTTP, with the write operation allowed and
 * the health contributor in the readiness group.
 */
@SpringBootTest(classes = ObservabilityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1",
				"management.endpoints.web.exposure.include=health,metrics,reconnectingsockets",
				"management.endpoint.reconnectingsockets.access=unrestricted",
				"management.endpoint.health.show-details=always", "management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.group.readiness.include=readinessState,reconnectingSockets",
				"reconnecting-socket.health.down-after=30s" })
class ObservabilityHttpTests {

	private static final JsonMapper JSON = new JsonMapper();

	@LocalServerPort
	private int port;

	@Autowired
	private TestSockets sockets;

	@Autowired
	private ReconnectingSocketRegistry registry;

	private RestTestClient client;

	@BeforeEach
	void stopAll() {
		this.client = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		for (ReconnectingSocket<?> socket : this.registry.sockets()) {
			socket.stop();
		}
	}

	@Test
	void theSocketJsonHasTheDocumentedShape() {
		this.registry.find("shape").get().start();
		this.sockets.open("shape");
		this.sockets.error("shape", "reset by peer");
		this.sockets.drop("shape");
		JsonNode all = get("/actuator/reconnectingsockets", 200);
		assertThat(names(all)).containsExactly("sockets", "pacing");
		assertThat(names(all.get("pacing"))).isEmpty();
		JsonNode shape = all.get("sockets").get("shape");
		assertThat(names(shape)).containsExactlyInAnyOrder("state", "since", "attempt", "consecutiveFailures",
				"lastError", "nextAttemptAt", "disconnectedSince", "counters", "backoff", "openTimeout", "stopTimeout",
				"livenessTimeout", "recentTransitions", "leadership", "pacingGroup", "waitingForPermit");
		assertThat(shape.get("pacingGroup").isNull()).isTrue();
		assertThat(shape.get("waitingForPermit").asBoolean()).isFalse();
		assertThat(names(shape)).containsSequence("nextAttemptAt", "disconnectedSince", "counters");
		assertThat(shape.get("state").asString()).isEqualTo("closed");
		assertThat(names(shape.get("lastError"))).containsExactlyInAnyOrder("type", "message", "time");
		assertThat(shape.get("lastError").get("message").asString()).isEqualTo("reset by peer");
		assertThat(shape.get("nextAttemptAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		// the connection was lost just now: the outage began when the current state was
		// entered
		assertThat(shape.get("disconnectedSince").asString()).isEqualTo(shape.get("since").asString());
		assertThat(names(shape.get("counters"))).containsExactlyInAnyOrder("attempts", "opens", "failedAttempts",
				"disconnections", "failures");
		assertThat(names(shape.get("backoff"))).containsExactlyInAnyOrder("strategy", "initialDelay", "maxDelay",
				"factor", "randomisationFactor", "jitter", "failAfter", "resetAfter", "reviveAfter");
		assertThat(shape.get("backoff").get("initialDelay").asString()).isEqualTo("PT1S");
		assertThat(shape.get("openTimeout").isNull()).isTrue();
		assertThat(shape.get("stopTimeout").asString()).isEqualTo("PT10S");
		JsonNode newest = shape.get("recentTransitions").get(0);
		assertThat(names(newest)).containsExactlyInAnyOrder("time", "from", "to", "attempt");
		assertThat(newest.get("from").asString()).isEqualTo("opened");
		assertThat(newest.get("to").asString()).isEqualTo("closed");
		this.registry.find("shape").get().stop();
		JsonNode stopped = get("/actuator/reconnectingsockets/shape", 200);
		assertThat(stopped.get("nextAttemptAt").isNull()).isTrue();
		assertThat(stopped.get("disconnectedSince").isNull()).isTrue();
	}

	@Test
	void anUnknownSocketIsNotFound() {
		this.client.get().uri("/actuator/reconnectingsockets/nope").exchange().expectStatus().isNotFound();
		post("nope", Map.of("action", "start")).expectStatus().isNotFound();
	}

	@Test
	void aMissingOrUnknownActionIsABadRequestWithTheReasonInTheBody() {
		int created = this.sockets.created("alpha");
		post("alpha", Map.of()).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.message")
			.isEqualTo("Missing action for reconnecting socket 'alpha': give a JSON body "
					+ "{\"action\": \"start\" | \"stop\" | \"reconnect\"}");
		post("alpha", Map.of("action", "explode")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.message")
			.value(String.class, (message) -> assertThat(message)
				.startsWith("Unknown action 'explode' for reconnecting socket 'alpha'"));
		assertThat(this.sockets.created("alpha")).isEqualTo(created);
	}

	@Test
	void theWriteOperationStartsReconnectsAndStops() {
		int created = this.sockets.created("alpha");
		post("alpha", Map.of("action", "start")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("opening");
		this.sockets.open("alpha");
		post("alpha", Map.of("action", "reconnect")).expectBody().jsonPath("$.state").isEqualTo("reopening");
		assertThat(this.sockets.created("alpha")).isEqualTo(created + 2);
		post("alpha", Map.of("action", "stop")).expectBody().jsonPath("$.state").isEqualTo("stopped");
	}

	@Test
	void readinessIsDownWhileASocketIsFailedAndUpOnceItIsBack() {
		assertThat(get("/actuator/health/readiness", 200).get("status").asString()).isEqualTo("UP");
		this.registry.find("beta").get().start();
		this.sockets.error("beta", "Connection refused");
		this.sockets.drop("beta");
		JsonNode readiness = get("/actuator/health/readiness", 503);
		assertThat(readiness.get("status").asString()).isEqualTo("DOWN");
		JsonNode beta = readiness.get("components").get("reconnectingSockets").get("components").get("beta");
		assertThat(beta.get("status").asString()).isEqualTo("DOWN");
		assertThat(beta.get("details").get("state").asString()).isEqualTo("failed");
		assertThat(beta.get("details").get("lastError").asString()).isEqualTo("Connection refused");
		assertThat(get("/actuator/health/liveness", 200).get("status").asString()).isEqualTo("UP");
		// The root health, which container health checks often poll, does not count the
		// lost connection.
		JsonNode root = get("/actuator/health", 200);
		assertThat(root.get("status").asString()).isEqualTo("UP");
		assertThat(names(root.get("components"))).doesNotContain("reconnectingSockets");
		post("beta", Map.of("action", "start")).expectStatus().isOk();
		this.sockets.open("beta");
		assertThat(get("/actuator/health/readiness", 200).get("status").asString()).isEqualTo("UP");
	}

	@Test
	void aSocketWithoutConnectionForLongerThanDownAfterIsDown() {
		this.registry.find("alpha").get().start();
		this.sockets.advance(30_000);
		assertThat(get("/actuator/health/readiness/reconnectingSockets", 200).get("status").asString()).isEqualTo("UP");
		this.sockets.drop("alpha");
		this.sockets.advance(1);
		assertThat(get("/actuator/health/readiness/reconnectingSockets", 503).get("status").asString())
			.isEqualTo("DOWN");
		assertThat(get("/actuator/health", 200).get("status").asString()).isEqualTo("UP");
		this.client.get().uri("/actuator/health/reconnectingSockets").exchange().expectStatus().isNotFound();
		JsonNode alpha = get("/actuator/health/readiness/reconnectingSockets/alpha", 503);
		assertThat(alpha.get("details").get("state").asString()).isEqualTo("closed");
		assertThat(alpha.get("details").get("disconnectedSince").asString())
			.isNotEqualTo(alpha.get("details").get("since").asString());
	}

	@Test
	void theStateGaugesFollowTheSocket() {
		assertThat(stateGauge("alpha", "stopped")).isEqualTo(1.0);
		this.registry.find("alpha").get().start();
		assertThat(stateGauge("alpha", "stopped")).isEqualTo(0.0);
		assertThat(stateGauge("alpha", "opening")).isEqualTo(1.0);
		this.sockets.open("alpha");
		assertThat(stateGauge("alpha", "opening")).isEqualTo(0.0);
		assertThat(stateGauge("alpha", "opened")).isEqualTo(1.0);
		double opened = get("/actuator/metrics/reconnecting.socket.attempts?tag=name:alpha&tag=outcome:opened", 200)
			.get("measurements")
			.get(0)
			.get("value")
			.asDouble();
		assertThat(opened).isGreaterThanOrEqualTo(1.0);
	}

	private double stateGauge(String name, String state) {
		return get("/actuator/metrics/reconnecting.socket.state?tag=name:" + name + "&tag=state:" + state, 200)
			.get("measurements")
			.get(0)
			.get("value")
			.asDouble();
	}

	private RestTestClient.ResponseSpec post(String name, Map<String, ?> body) {
		return this.client.post()
			.uri("/actuator/reconnectingsockets/" + name)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange();
	}

	private JsonNode get(String path, int status) {
		String body = this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return JSON.readTree(body);
	}

	private static List<String> names(JsonNode node) {
		return new ArrayList<>(node.propertyNames());
	}

}
