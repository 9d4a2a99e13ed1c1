package io.github.reconnectingsocket.observabilityapp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.reconnectingsocket.autoconfigure.TcpClientSocketFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.support.locks.DefaultLockRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet view in {@code observability/} (alert rules and Grafana dashboard) only
 * queries metrics that the starter registers, under the names a real
 * {@code /actuator/prometheus} scrape shows.
 */
class FleetViewMetricsTests {

	private static final Path OBSERVABILITY = Path.of("..", "observability");

	private static final Pattern METRIC = Pattern.compile("\\breconnecting_socket_[a-z_]+");

	@Test
	void everyMetricTheRulesAndTheDashboardQueryIsOneTheStarterRegisters() throws Exception {
		Set<String> queried = new TreeSet<>();
		queried.addAll(metrics(OBSERVABILITY.resolve("prometheus/reconnecting-socket.rules.yml")));
		queried.addAll(metrics(OBSERVABILITY.resolve("grafana/reconnecting-socket.json")));
		assertThat(queried).contains("reconnecting_socket_leader", "reconnecting_socket_state",
				"reconnecting_socket_disconnections_total", "reconnecting_socket_pacing_waiting",
				"reconnecting_socket_pacing_paced_total");
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MetricsApplication.class).run(
				"--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
				"--management.endpoints.web.exposure.include=prometheus",
				"--reconnecting-socket.sockets.echo.leader-role=feed")) {
			String port = app.getEnvironment().getProperty("local.server.port");
			HttpResponse<String> scrape = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(scrape.statusCode()).isEqualTo(200);
			Set<String> registered = new TreeSet<>();
			for (String line : scrape.body().lines().toList()) {
				if (!line.startsWith("#") && line.startsWith("reconnecting_socket_")) {
					registered.add(line.split("[{ ]", 2)[0]);
				}
			}
			assertThat(registered).containsAll(queried);
		}
	}

	private static Set<String> metrics(Path file) throws IOException {
		Set<String> names = new TreeSet<>();
		Matcher matcher = METRIC.matcher(Files.readString(file));
		while (matcher.find()) {
			names.add(matcher.group());
		}
		return names;
	}

	/**
	 * A socket with a leader role, elected on an in-memory lock, paced by the starter's
	 * default group: every meter is registered.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MetricsApplication {

		@Bean
		TcpClientSocketFactory echo() {
			// Nothing listens on port 9 of loopback: the socket retries, which is fine
			// here.
			return new TcpClientSocketFactory("127.0.0.1", 9);
		}

		@Bean
		DefaultLockRegistry lockRegistry() {
			return new DefaultLockRegistry();
		}

	}

}
