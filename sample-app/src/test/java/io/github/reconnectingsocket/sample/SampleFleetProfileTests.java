package io.github.reconnectingsocket.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code fleet} profile on its own (an in-memory database instead of the shared
 * file): the instance is elected for the echo socket's role, opens the socket, and says
 * so over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:sample-fleet")
@ContextConfiguration(initializers = FreeLoopbackPorts.class)
@ActiveProfiles("fleet")
class SampleFleetProfileTests {

	@LocalServerPort
	private int port;

	@Test
	void theOnlyInstanceIsGrantedTheEchoRoleAndShowsItselfLeader() {
		Http http = new Http(this.port);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> http.getJson("/actuator/reconnectingsockets/echo").path("state").asString().equals("opened"));
		JsonNode leadership = http.getJson("/actuator/reconnectingsockets/echo").path("leadership");
		assertThat(leadership.path("role").asString()).isEqualTo("echo-client");
		assertThat(leadership.path("status").asString()).isEqualTo("leader");
		assertThat(http.get("/actuator/prometheus").body())
			.contains("reconnecting_socket_leader{name=\"echo\",role=\"echo-client\"} 1.0");
	}

}
