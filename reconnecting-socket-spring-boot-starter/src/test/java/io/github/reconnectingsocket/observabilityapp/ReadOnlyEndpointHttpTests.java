package io.github.reconnectingsocket.observabilityapp;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Over real HTTP, with the endpoint exposed but its access left at the default:
 * read-only.
 */
@SpringBootTest(classes = ObservabilityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.endpoints.web.exposure.include=reconnectingsockets" })
class ReadOnlyEndpointHttpTests {

	@LocalServerPort
	private int port;

	private RestTestClient client;

	@BeforeEach
	void client() {
		this.client = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void readsWork() {
		this.client.get()
			.uri("/actuator/reconnectingsockets/alpha")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("stopped");
	}

	@Test
	void theWriteOperationIsRefusedByDefault() {
		this.client.post()
			.uri("/actuator/reconnectingsockets/alpha")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("action", "start"))
			.exchange()
			.expectStatus()
			.isEqualTo(405);
		this.client.get()
			.uri("/actuator/reconnectingsockets/alpha")
			.exchange()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("stopped");
	}

}
