package io.github.reconnectingsocket.observabilityapp;

import java.util.ArrayList;
import java.util.List;

import io.github.reconnectingsocket.core.VirtualClock;
import io.github.reconnectingsocket.spring.ReconnectingSocketBuilderCustomizer;
import io.github.reconnectingsocket.test.ScriptedSocketFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's pacer over real HTTP: two managed sockets, started with the application
 * on a virtual clock, share one permit, so that one attempt waits while the other's
 * connect is held.
 */
@SpringBootTest(classes = PacingHttpTests.PacedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "spring.main.banner-mode=off",
				"management.endpoints.web.exposure.include=metrics,reconnectingsockets",
				"reconnecting-socket.pacing.group=" + PacingHttpTests.GROUP,
				"reconnecting-socket.pacing.max-in-flight=1" })
class PacingHttpTests {

	// A group of its own: a named pacer is shared by the whole JVM.
	static final String GROUP = "pacing-http-tests";

	private static final JsonMapper JSON = new JsonMapper();

	@LocalServerPort
	private int port;

	@Autowired
	@Qualifier("first")
	private ScriptedSocketFactory first;

	@Autowired
	@Qualifier("second")
	private ScriptedSocketFactory second;

	private RestTestClient client;

	@BeforeEach
	void client() {
		this.client = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void theEndpointShowsTheGroupAndTheSocketWaitingForItsPermitThenTheMetersFollow() {
		// Started with the context: the first attempt holds the one permit.
		String waiting = this.first.sockets().isEmpty() ? "first" : "second";
		ScriptedSocketFactory connecting = waiting.equals("first") ? this.second : this.first;
		JsonNode all = get("/actuator/reconnectingsockets");
		JsonNode group = all.get("pacing").get(GROUP);
		assertThat(names(group)).containsExactly("maxInFlight", "attemptsPerSecond", "inFlight", "waiting", "paced");
		assertThat(group.get("maxInFlight").asInt()).isEqualTo(1);
		assertThat(group.get("attemptsPerSecond").isNull()).isTrue();
		assertThat(group.get("inFlight").asInt()).isEqualTo(1);
		assertThat(group.get("waiting").asInt()).isEqualTo(1);
		assertThat(group.get("paced").asLong()).isEqualTo(1);
		JsonNode socket = all.get("sockets").get(waiting);
		assertThat(socket.get("state").asString()).isEqualTo("opening");
		assertThat(socket.get("waitingForPermit").asBoolean()).isTrue();
		assertThat(socket.get("pacingGroup").asString()).isEqualTo(GROUP);
		assertThat(metric("reconnecting.socket.pacing.waiting")).isEqualTo(1.0);
		assertThat(metric("reconnecting.socket.pacing.in.flight")).isEqualTo(1.0);
		assertThat(metric("reconnecting.socket.pacing.paced")).isEqualTo(1.0);
		connecting.last().open();
		assertThat(get("/actuator/reconnectingsockets/" + waiting).get("waitingForPermit").asBoolean()).isFalse();
		assertThat(get("/actuator/reconnectingsockets").get("pacing").get(GROUP).get("waiting").asInt()).isZero();
		assertThat(metric("reconnecting.socket.pacing.waiting")).isZero();
		assertThat(metric("reconnecting.socket.pacing.paced")).isEqualTo(1.0);
	}

	private double metric(String name) {
		return get("/actuator/metrics/" + name + "?tag=group:" + GROUP).get("measurements")
			.get(0)
			.get("value")
			.asDouble();
	}

	private JsonNode get(String path) {
		String body = this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return JSON.readTree(body);
	}

	private static List<String> names(JsonNode node) {
		return new ArrayList<>(node.propertyNames());
	}

	/**
	 * Two managed sockets, {@code first} and {@code second}, on a virtual clock and the
	 * calling thread: their connects complete when the test says.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PacedApplication {

		@Bean
		ScriptedSocketFactory first() {
			return new ScriptedSocketFactory();
		}

		@Bean
		ScriptedSocketFactory second() {
			return new ScriptedSocketFactory();
		}

		@Bean
		ReconnectingSocketBuilderCustomizer virtualClockCustomizer() {
			VirtualClock clock = new VirtualClock();
			return (name, builder) -> builder.virtualClock(clock).executor(Runnable::run);
		}

	}

}
