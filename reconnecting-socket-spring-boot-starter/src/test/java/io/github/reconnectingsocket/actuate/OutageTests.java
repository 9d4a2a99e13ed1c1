package io.github.reconnectingsocket.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutageTests {

	private static final Instant T0 = Instant.parse("2000-01-01T00:00:00Z");

	private final TestSockets sockets = new TestSockets();

	private final List<Duration> recovered = new ArrayList<>();

	private Outage track(ReconnectingSocket<?> socket) {
		return Outage.track(this.sockets.registry, socket, this.recovered::add);
	}

	@Test
	void anOutageLastsThroughRetriesUntilTheNextOpen() {
		Outage outage = track(this.sockets.add("alpha"));
		assertThat(outage.start()).isNull();
		this.sockets.registry.find("alpha").get().start();
		assertThat(outage.start()).isEqualTo(T0);
		this.sockets.advance(500);
		this.sockets.open("alpha");
		assertThat(outage.start()).isNull();
		assertThat(this.recovered).containsExactly(Duration.ofMillis(500));
		this.sockets.advance(10_000);
		this.sockets.drop("alpha");
		for (int i = 0; i < 5; i++) {
			this.sockets.advance(1000);
			this.sockets.drop("alpha");
		}
		assertThat(outage.start()).isEqualTo(T0.plusMillis(10_500));
		this.sockets.advance(1000);
		this.sockets.open("alpha");
		assertThat(this.recovered).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(6));
	}

	@Test
	void stoppingAbandonsTheOutageUnrecorded() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha");
		Outage outage = track(alpha);
		alpha.start();
		this.sockets.advance(3000);
		alpha.stop();
		assertThat(outage.start()).isNull();
		alpha.start();
		assertThat(outage.start()).isEqualTo(T0.plusMillis(3000));
		this.sockets.open("alpha");
		assertThat(this.recovered).containsExactly(Duration.ZERO);
	}

	@Test
	void anOutageGoesOnThroughFailedAndARestart() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha", failAfter(1));
		Outage outage = track(alpha);
		alpha.start();
		this.sockets.drop("alpha");
		assertThat(alpha.snapshot().state().seedName()).isEqualTo("failed");
		this.sockets.advance(60_000);
		alpha.start();
		this.sockets.advance(1000);
		this.sockets.open("alpha");
		assertThat(outage.start()).isNull();
		assertThat(this.recovered).containsExactly(Duration.ofSeconds(61));
	}

	@Test
	void aSocketTrackedMidOutageIsPickedUpFromItsHistory() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha");
		alpha.start();
		this.sockets.open("alpha");
		this.sockets.advance(2000);
		this.sockets.drop("alpha");
		this.sockets.advance(1000);
		this.sockets.drop("alpha");
		this.sockets.advance(500);
		Outage outage = track(alpha);
		assertThat(outage.start()).isEqualTo(T0.plusMillis(2000));
		this.sockets.advance(500);
		this.sockets.open("alpha");
		assertThat(this.recovered).containsExactly(Duration.ofSeconds(2));
	}

	@Test
	void anOutageOlderThanTheHistoryStartsAtItsOldestEntry() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha");
		alpha.start();
		for (int i = 0; i < 30; i++) {
			this.sockets.drop("alpha");
			this.sockets.advance(1000);
		}
		Outage outage = track(alpha);
		// 20 transitions back: ten retries of one second each.
		assertThat(outage.start()).isEqualTo(T0.plusSeconds(20));
	}

	@Test
	void aSocketRegisteredWhileDisconnectedStartsFromItsCurrentState() {
		ReconnectingSocket<?> alpha = this.sockets.build("alpha", UnaryOperator.identity());
		alpha.start();
		this.sockets.advance(700);
		this.sockets.registry.register(alpha);
		assertThat(track(alpha).start()).isEqualTo(T0);
	}

	@Test
	void closingStopsListening() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha");
		Outage outage = track(alpha);
		outage.close();
		alpha.start();
		assertThat(outage.start()).isNull();
	}

	private static UnaryOperator<ReconnectingSocket.Builder<TestSockets.Conn>> failAfter(int attempts) {
		return (b) -> b.backoff(Backoff.builder()
			.strategy("fixed")
			.initialDelay(Duration.ofSeconds(1))
			.jitter("none")
			.failAfter(attempts)
			.build());
	}

}
