package io.github.reconnectingsocket.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.reconnectingsocket.fleet.ConnectionCountingServer.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three application instances in their own JVMs, sharing a real PostgreSQL through
 * {@code JdbcLockRegistry}, each with two sockets whose leader roles the starter elects
 * on; one loopback server counts who is connected as each socket. The scenarios run in
 * order on the same fleet: steady state, the leader losing the database, SIGKILL of the
 * leader, graceful shutdown of the leader. Measured times go to
 * {@code target/fleet-failover.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeaderFleetTests {

	/** The lock's time-to-live: what a killed leader's standby waits for at most. */
	static final Duration LOCK_TTL = Duration.ofSeconds(3);

	static final Duration HEART_BEAT = Duration.ofMillis(500);

	/** The backoff's largest delay (fibonacci from 200 ms). */
	static final Duration MAX_DELAY = Duration.ofSeconds(1);

	static final List<String> SOCKETS = List.of("quotes", "orders");

	private static final Duration STARTUP = Duration.ofSeconds(120);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final List<FleetNodeProcess> nodes = new ArrayList<>();

	private final Map<String, String> measured = new LinkedHashMap<>();

	private PostgresCluster postgres;

	private ConnectionCountingServer server;

	@BeforeAll
	void startFleet() throws Exception {
		this.postgres = PostgresCluster.start();
		this.server = new ConnectionCountingServer();
		Path logs = Path.of("target", "fleet");
		List<String> arguments = List.of("--fleet.jdbc-url=" + this.postgres.url(),
				"--fleet.server-port=" + this.server.port(), "--fleet.lock-ttl=" + LOCK_TTL.toMillis() + "ms",
				"--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
				"--management.endpoints.web.exposure.include=health,reconnectingsockets",
				"--management.endpoint.reconnectingsockets.access=unrestricted",
				"--management.endpoint.health.show-details=always",
				// The sockets count in readiness, not in the root health: read them
				// there.
				"--management.endpoint.health.probes.enabled=true",
				"--management.endpoint.health.group.readiness.include=readinessState,reconnectingSockets",
				"--reconnecting-socket.leader-role=market-data",
				"--reconnecting-socket.sockets.orders.leader-role=fix-session",
				"--reconnecting-socket.backoff.initial-delay=200ms",
				"--reconnecting-socket.backoff.max-delay=" + MAX_DELAY.toMillis() + "ms",
				"--reconnecting-socket.stop-timeout=1s",
				"--reconnecting-socket.leader-initiator.heart-beat=" + HEART_BEAT.toMillis() + "ms",
				"--reconnecting-socket.leader-initiator.busy-wait=100ms",
				"--logging.level.io.github.reconnectingsocket.leader=info");
		for (int i = 1; i <= 3; i++) {
			this.nodes.add(FleetNodeProcess.start("node-" + i, logs, arguments));
		}
		for (FleetNodeProcess node : this.nodes) {
			node.awaitReady(STARTUP);
		}
	}

	@AfterAll
	void stopFleet() throws Exception {
		try {
			for (FleetNodeProcess node : this.nodes) {
				node.close();
			}
		}
		finally {
			try {
				if (this.server != null) {
					this.server.close();
				}
			}
			finally {
				if (this.postgres != null) {
					this.postgres.close();
				}
				writeMeasurements();
			}
		}
	}

	@Test
	@Order(1)
	void steadyStateExactlyOneInstanceHoldsEachSocketAndTheOthersAreVisibleStandbys() throws Exception {
		for (String socket : SOCKETS) {
			await().atMost(Duration.ofSeconds(30)).until(() -> this.server.holders(socket).size() == 1);
		}
		// Steady: stays so while the standbys keep trying for the locks.
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.until(() -> SOCKETS.stream().allMatch((socket) -> this.server.holders(socket).size() == 1));
		FleetNodeProcess standby = standbyOf("quotes");
		JsonNode quotes = getJson(standby, "/actuator/reconnectingsockets/quotes", 200);
		assertThat(quotes.path("state").asString()).isEqualTo("stopped");
		assertThat(quotes.path("leadership").path("status").asString()).isEqualTo("standby");
		assertThat(quotes.path("leadership").path("role").asString()).isEqualTo("market-data");
		JsonNode health = getJson(standby, "/actuator/health/readiness/reconnectingSockets/quotes", 200);
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.path("details").path("leadership").asString()).isEqualTo("standby");
		HttpResponse<String> refused = post(standby, "/actuator/reconnectingsockets/quotes", "{\"action\": \"start\"}");
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(refused.body()).contains("is a standby for leader role 'market-data'");
		JsonNode leader = getJson(node(this.server.holders("quotes").get(0)), "/actuator/reconnectingsockets/quotes",
				200);
		assertThat(leader.path("leadership").path("status").asString()).isEqualTo("leader");
		assertThat(leader.path("state").asString()).isEqualTo("opened");
		assertNeverTwoAtOnce();
	}

	@Test
	@Order(2)
	void aLeaderThatLosesTheDatabaseGivesUpTheRoleAndClosesItsSocket() throws Exception {
		long before = System.nanoTime();
		this.postgres.stopServer();
		for (String socket : SOCKETS) {
			await().atMost(Duration.ofSeconds(15)).until(() -> this.server.holders(socket).isEmpty());
			this.measured.put("database lost: " + socket + " closed after",
					millisSince(before, Objects.requireNonNull(this.server.firstAfter(socket, false, before))) + " ms");
		}
		// Nobody can renew or take a lock while the database is down: nobody holds a
		// socket.
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(4))
			.until(() -> SOCKETS.stream().allMatch((socket) -> this.server.holders(socket).isEmpty()));
		long restarted = System.nanoTime();
		this.postgres.startServer();
		for (String socket : SOCKETS) {
			await().atMost(LOCK_TTL.plusSeconds(15)).until(() -> this.server.holders(socket).size() == 1);
			this.measured.put("database back: " + socket + " held again after",
					millisSince(restarted, Objects.requireNonNull(this.server.firstAfter(socket, true, restarted)))
							+ " ms");
		}
		assertNeverTwoAtOnce();
	}

	@Test
	@Order(3)
	void whenTheLeaderIsKilledAStandbyHoldsTheSocketWithinTheLockTtlAndOneBackoffDelay() throws Exception {
		FleetNodeProcess leader = node(this.server.holders("quotes").get(0));
		List<String> held = SOCKETS.stream()
			.filter((socket) -> this.server.holders(socket).contains(leader.instance))
			.toList();
		long killed = System.nanoTime();
		leader.kill();
		Duration bound = LOCK_TTL.plus(MAX_DELAY).plus(HEART_BEAT);
		for (String socket : held) {
			await().atMost(bound.plusSeconds(10))
				.until(() -> this.server.holders(socket).size() == 1
						&& !this.server.holders(socket).contains(leader.instance));
			long failover = millisSince(killed, Objects.requireNonNull(this.server.firstAfter(socket, true, killed)));
			this.measured.put("SIGKILL: " + socket + " held by another instance after", failover + " ms");
			assertThat(failover).as("failover of %s (bound: TTL + max backoff delay + heart-beat)", socket)
				.isLessThanOrEqualTo(bound.toMillis());
		}
		assertNeverTwoAtOnce();
	}

	@Test
	@Order(4)
	void aGracefullyStoppedLeaderHandsOverWithoutWaitingForTheLockToExpire() throws Exception {
		FleetNodeProcess leader = node(this.server.holders("quotes").get(0));
		List<String> held = SOCKETS.stream()
			.filter((socket) -> this.server.holders(socket).contains(leader.instance))
			.toList();
		long stopping = System.nanoTime();
		leader.stopGracefully(Duration.ofSeconds(30));
		for (String socket : held) {
			await().atMost(LOCK_TTL.plusSeconds(10))
				.until(() -> this.server.holders(socket).size() == 1
						&& !this.server.holders(socket).contains(leader.instance));
			Event closed = Objects.requireNonNull(this.server.firstAfter(socket, false, stopping));
			Event opened = Objects.requireNonNull(this.server.firstAfter(socket, true, stopping));
			long handOver = (opened.nanos() - closed.nanos()) / 1_000_000;
			this.measured.put("graceful: " + socket + " closed by the leader to opened by the next", handOver + " ms");
			// Closed first (the sockets stop before the lock is released), then opened
			// well before the TTL.
			assertThat(handOver).isPositive().isLessThan(LOCK_TTL.toMillis() / 2);
		}
		assertNeverTwoAtOnce();
	}

	private void assertNeverTwoAtOnce() {
		for (String socket : SOCKETS) {
			assertThat(this.server.maxConcurrent(socket)).as("most instances ever connected as %s", socket).isOne();
			assertThat(this.server.overlapMillis(socket)).isZero();
		}
	}

	private FleetNodeProcess standbyOf(String socket) {
		List<String> holders = this.server.holders(socket);
		return this.nodes.stream()
			.filter((node) -> node.isAlive() && !holders.contains(node.instance))
			.findFirst()
			.orElseThrow();
	}

	private FleetNodeProcess node(String instance) {
		return this.nodes.stream().filter((node) -> node.instance.equals(instance)).findFirst().orElseThrow();
	}

	private static long millisSince(long nanos, Event event) {
		return (event.nanos() - nanos) / 1_000_000;
	}

	private static JsonNode getJson(FleetNodeProcess node, String path, int status) throws Exception {
		HttpResponse<String> response = HTTP.send(request(node, path).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(status);
		return JsonMapper.shared().readTree(response.body());
	}

	private static HttpResponse<String> post(FleetNodeProcess node, String path, String json) throws Exception {
		return HTTP.send(request(node, path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest.Builder request(FleetNodeProcess node, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
			.timeout(Duration.ofSeconds(10));
	}

	private void writeMeasurements() throws IOException {
		StringBuilder text = new StringBuilder("lock TTL " + LOCK_TTL.toMillis() + " ms, heart-beat "
				+ HEART_BEAT.toMillis() + " ms, busy-wait 100 ms, backoff 200 ms to " + MAX_DELAY.toMillis() + " ms, "
				+ Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
				+ "\n");
		this.measured.forEach((what, value) -> text.append(what).append(": ").append(value).append('\n'));
		System.out.print(text);
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target", "fleet-failover.txt"), text);
	}

}
