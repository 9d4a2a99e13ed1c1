package io.github.reconnectingsocket.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.reconnectingsocket.backoff.Backoff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SocketSnapshot#disconnectedSince()}: when the current outage began, through
 * every path.
 */
class DisconnectedSinceTest {

	private static final Instant T0 = Instant.parse("2000-01-01T00:00:00Z");

	private static Instant disconnectedSince(Harness h) {
		return h.socket.snapshot().disconnectedSince();
	}

	@Test
	void noneBeforeTheFirstStart() {
		Harness h = new Harness();
		h.advance(5000);
		assertThat(disconnectedSince(h)).isNull();
	}

	@Test
	void aStartBeginsAnOutageThatLastsThroughFailedAttemptsUntilTheFirstOpen() {
		Harness h = new Harness();
		h.advance(100);
		h.socket.start();
		assertThat(disconnectedSince(h)).isEqualTo(T0.plusMillis(100));
		h.advance(200);
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.CLOSED);
		assertThat(disconnectedSince(h)).isEqualTo(T0.plusMillis(100));
		h.advance(1000);
		assertThat(h.state()).isEqualTo(SocketState.REOPENING);
		assertThat(disconnectedSince(h)).isEqualTo(T0.plusMillis(100));
		h.factory.last().open();
		assertThat(disconnectedSince(h)).isNull();
	}

	@Test
	void losingAConnectionBeginsAnOutageThatLastsThroughRetries() {
		Harness h = new Harness().opened();
		h.advance(10_000);
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.CLOSED);
		assertThat(disconnectedSince(h)).isEqualTo(T0.plusSeconds(10));
		for (int i = 0; i < 4; i++) {
			h.clock.advanceToNextTask();
			assertThat(h.state()).isEqualTo(SocketState.REOPENING);
			h.factory.last().close();
			assertThat(disconnectedSince(h)).as("retry %d", i + 1).isEqualTo(T0.plusSeconds(10));
		}
		// the delays: 1 s after the disconnection, then fibonacci 1, 2, 3 and 5 s after
		// each failed retry
		h.clock.advanceToNextTask();
		assertThat(h.clock.instant()).isEqualTo(T0.plusSeconds(22));
		h.factory.last().open();
		assertThat(disconnectedSince(h)).isNull();
		assertThat(h.socket.snapshot().since()).isEqualTo(T0.plusSeconds(22));
	}

	@Test
	void reconnectBeginsAnOutageWhenItDropsAnOpenConnection() {
		Harness h = new Harness().opened();
		h.advance(3000);
		h.socket.reconnect();
		assertThat(h.state()).isEqualTo(SocketState.REOPENING);
		assertThat(disconnectedSince(h)).isEqualTo(T0.plusSeconds(3));
		h.advance(400);
		h.factory.last().open();
		assertThat(disconnectedSince(h)).isNull();
	}

	@Test
	void reconnectWhileClosedKeepsTheOutageItSkipsAhead() {
		Harness h = new Harness().opened();
		h.advance(3000);
		h.factory.last().close();
		h.advance(500);
		h.socket.reconnect();
		assertThat(h.state()).isEqualTo(SocketState.REOPENING);
		assertThat(disconnectedSince(h)).isEqualTo(T0.plusSeconds(3));
	}

	@Test
	void anOutageGoesOnThroughFailedAndARestartFromIt() {
		Harness h = new Harness(Backoff.builder().failAfter(2).randomisationFactor(0).build());
		h.socket.start();
		h.advance(300);
		h.factory.last().close();
		h.clock.advanceToNextTask();
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.FAILED);
		assertThat(disconnectedSince(h)).isEqualTo(T0);
		h.advance(60_000);
		h.socket.start();
		assertThat(h.state()).isEqualTo(SocketState.OPENING);
		assertThat(h.socket.snapshot().since()).isEqualTo(T0.plusMillis(61_300));
		assertThat(disconnectedSince(h)).isEqualTo(T0);
		h.factory.last().open();
		assertThat(disconnectedSince(h)).isNull();
	}

	@Test
	void stopEndsTheOutageAndTheNextStartBeginsANewOne() {
		Harness h = new Harness();
		h.factory.closeOnDestroy = false;
		h.socket.start();
		h.advance(3000);
		h.socket.stop();
		assertThat(h.state()).isEqualTo(SocketState.CLOSING);
		assertThat(disconnectedSince(h)).isNull();
		h.advance(100);
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.STOPPED);
		assertThat(disconnectedSince(h)).isNull();
		h.advance(900);
		h.socket.start();
		assertThat(disconnectedSince(h)).isEqualTo(T0.plusSeconds(4));
	}

	@Test
	void aStartDuringClosingBeginsItsOutageOnceStopped() {
		Harness h = new Harness().opened();
		h.factory.closeOnDestroy = false;
		h.socket.stop();
		h.socket.start();
		assertThat(disconnectedSince(h)).isNull();
		h.advance(700);
		h.factory.last().close();
		assertThat(h.log()).endsWith("closing -> stopped", "stopped -> opening", "create #2 first");
		assertThat(disconnectedSince(h)).isEqualTo(T0.plusMillis(700));
	}

	@Test
	void aStopFromOpenedLeavesNone() {
		Harness h = new Harness().opened();
		h.socket.stop();
		assertThat(h.state()).isEqualTo(SocketState.STOPPED);
		assertThat(disconnectedSince(h)).isNull();
	}

	@Test
	void aStateListenerReadsTheSnapshotOfTheChangeItIsTold() {
		List<String> seen = new ArrayList<>();
		Harness h = new Harness();
		// The machine catches what a listener throws, so the listener only records.
		h.socket.addStateListener((change) -> {
			SocketSnapshot snapshot = h.socket.snapshot();
			boolean consistent = snapshot.state() == change.to() && snapshot.since().equals(change.time());
			seen.add(change.to().seedName() + " " + snapshot.disconnectedSince() + (consistent ? "" : " INCONSISTENT"));
		});
		h.socket.start();
		h.advance(1000);
		h.factory.last().open();
		h.advance(1000);
		h.factory.last().close();
		h.clock.advance(Duration.ofSeconds(1));
		h.factory.last().open();
		assertThat(seen).containsExactly("opening 2000-01-01T00:00:00Z", "opened null", "closed 2000-01-01T00:00:02Z",
				"reopening 2000-01-01T00:00:02Z", "opened null");
	}

}
