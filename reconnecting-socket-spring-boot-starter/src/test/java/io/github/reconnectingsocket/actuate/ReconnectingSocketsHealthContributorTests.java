package io.github.reconnectingsocket.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ReconnectingSocketsHealthContributorTests {

	private final TestSockets sockets = new TestSockets();

	private final ReconnectingSocketsHealthContributor health = new ReconnectingSocketsHealthContributor(
			this.sockets.registry, Duration.ofSeconds(10), (name) -> !name.equals("ignored"));

	private Health health(String name) {
		return ((HealthIndicator) this.health.getContributor(name)).health();
	}

	@Test
	void aStoppedSocketIsUpWithItsStateShown() {
		this.sockets.add("alpha");
		Health alpha = health("alpha");
		assertThat(alpha.getStatus()).isEqualTo(Status.UP);
		assertThat(alpha.getDetails()).containsExactly(Map.entry("state", "stopped"),
				Map.entry("since", "2000-01-01T00:00:00Z"));
	}

	@Test
	void anOpenSocketIsUp() {
		this.sockets.add("alpha").start();
		this.sockets.open("alpha");
		this.sockets.advance(60_000);
		assertThat(health("alpha").getStatus()).isEqualTo(Status.UP);
		assertThat(health("alpha").getDetails()).containsEntry("state", "opened")
			.doesNotContainKey("disconnectedSince");
	}

	@Test
	void aFailedSocketIsDownAtOnceWithItsLastError() {
		this.sockets.add("alpha", (b) -> b.backoff(Backoff.builder().failAfter(1).build())).start();
		this.sockets.error("alpha", "Connection refused");
		this.sockets.drop("alpha");
		Health alpha = health("alpha");
		assertThat(alpha.getStatus()).isEqualTo(Status.DOWN);
		assertThat(alpha.getDetails()).containsEntry("state", "failed")
			.containsEntry("lastError", "Connection refused");
	}

	@Test
	void aSocketWithoutConnectionIsDownOnlyAfterDownAfterThoughItKeepsRetrying() {
		this.sockets.add("alpha").start();
		this.sockets.open("alpha");
		this.sockets.advance(5000);
		this.sockets.drop("alpha");
		for (int i = 0; i < 10; i++) {
			this.sockets.advance(1000);
			assertThat(health("alpha").getStatus()).as("after %d s", i + 1).isEqualTo(Status.UP);
			this.sockets.drop("alpha");
		}
		this.sockets.advance(1);
		Health alpha = health("alpha");
		assertThat(alpha.getStatus()).isEqualTo(Status.DOWN);
		assertThat(alpha.getDetails()).containsEntry("state", "closed")
			.containsEntry("since", "2000-01-01T00:00:15Z")
			.containsEntry("disconnectedSince", "2000-01-01T00:00:05Z");
		this.sockets.advance(999);
		this.sockets.open("alpha");
		assertThat(health("alpha").getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void aFirstAttemptThatNeverOpensCountsToo() {
		this.sockets.add("alpha").start();
		this.sockets.advance(10_001);
		assertThat(health("alpha").getStatus()).isEqualTo(Status.DOWN);
		assertThat(health("alpha").getDetails()).containsEntry("state", "opening");
	}

	@Test
	void stoppingEndsTheOutageAndARestartBeginsANewOne() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha");
		alpha.start();
		this.sockets.advance(20_000);
		assertThat(health("alpha").getStatus()).isEqualTo(Status.DOWN);
		alpha.stop();
		assertThat(health("alpha").getStatus()).isEqualTo(Status.UP);
		assertThat(health("alpha").getDetails()).containsEntry("state", "stopped")
			.doesNotContainKey("disconnectedSince");
		alpha.start();
		assertThat(health("alpha").getStatus()).isEqualTo(Status.UP);
		assertThat(health("alpha").getDetails()).containsEntry("disconnectedSince", "2000-01-01T00:00:20Z");
		this.sockets.advance(10_001);
		assertThat(health("alpha").getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void anOutageGoesOnThroughFailedAndARestartFromIt() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha",
				(b) -> b.backoff(Backoff.builder().failAfter(1).build()));
		alpha.start();
		this.sockets.drop("alpha");
		assertThat(health("alpha").getDetails()).containsEntry("state", "failed")
			.containsEntry("disconnectedSince", "2000-01-01T00:00:00Z");
		this.sockets.advance(60_000);
		alpha.start();
		// restarted just now, but without a connection for a minute
		Health restarted = health("alpha");
		assertThat(restarted.getStatus()).isEqualTo(Status.DOWN);
		assertThat(restarted.getDetails()).containsEntry("state", "opening")
			.containsEntry("since", "2000-01-01T00:01:00Z")
			.containsEntry("disconnectedSince", "2000-01-01T00:00:00Z");
		this.sockets.open("alpha");
		assertThat(health("alpha").getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void aContributorCreatedMidOutageKnowsExactlyWhenItBegan() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha");
		alpha.start();
		this.sockets.open("alpha");
		this.sockets.advance(2000);
		this.sockets.drop("alpha");
		// longer than the registry's history of 20 transitions
		for (int i = 0; i < 30; i++) {
			this.sockets.advance(1000);
			this.sockets.drop("alpha");
		}
		ReconnectingSocketsHealthContributor late = new ReconnectingSocketsHealthContributor(this.sockets.registry,
				Duration.ofMinutes(1), (name) -> true);
		Health alphaHealth = ((HealthIndicator) late.getContributor("alpha")).health();
		assertThat(alphaHealth.getStatus()).isEqualTo(Status.UP);
		assertThat(alphaHealth.getDetails()).containsEntry("since", "2000-01-01T00:00:32Z")
			.containsEntry("disconnectedSince", "2000-01-01T00:00:02Z");
		this.sockets.advance(30_001);
		assertThat(((HealthIndicator) late.getContributor("alpha")).health().getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void aSocketRegisteredWhileDisconnectedCountsFromItsStart() {
		ReconnectingSocket<?> alpha = this.sockets.build("alpha", UnaryOperator.identity());
		alpha.start();
		this.sockets.advance(10_001);
		this.sockets.registry.register(alpha);
		assertThat(health("alpha").getStatus()).isEqualTo(Status.DOWN);
		assertThat(health("alpha").getDetails()).containsEntry("disconnectedSince", "2000-01-01T00:00:00Z");
	}

	@Test
	void socketsLeftOutAreNeitherListedNorFound() {
		this.sockets.add("alpha");
		this.sockets.add("ignored");
		assertThat(names()).containsExactly("alpha");
		assertThat(this.health.getContributor("ignored")).isNull();
		assertThat(this.health.getContributor("unknown")).isNull();
	}

	@Test
	void followsSocketsRegisteredAndRemovedLater() {
		assertThat(names()).isEmpty();
		ReconnectingSocket<?> late = this.sockets.add("late");
		late.start();
		this.sockets.advance(20_000);
		assertThat(names()).containsExactly("late");
		assertThat(health("late").getStatus()).isEqualTo(Status.DOWN);
		this.sockets.registry.unregister("late");
		assertThat(names()).isEmpty();
		assertThat(this.health.getContributor("late")).isNull();
	}

	@Test
	void aNegativeDownAfterIsRefusedNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectingSocketsHealthContributor(this.sockets.registry, Duration.ofSeconds(-1),
					(name) -> true))
			.withMessage("reconnecting-socket.health.down-after must be a duration of 0 or more, was PT-1S");
	}

	private java.util.List<String> names() {
		return this.health.stream().map(HealthContributors.Entry::name).collect(Collectors.toList());
	}

}
