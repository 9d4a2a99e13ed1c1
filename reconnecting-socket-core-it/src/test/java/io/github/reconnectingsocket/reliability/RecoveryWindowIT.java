package io.github.reconnectingsocket.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ConnectionPacer;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.harness.NioConnection;
import io.github.reconnectingsocket.harness.NioSocketFactory;
import io.github.reconnectingsocket.test.faults.FaultServer;
import io.github.reconnectingsocket.test.faults.Resources;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link ConnectionPacer#recoveryWindow} over real loopback sockets and the default
 * threads: 20 sockets wait 30 s between attempts while the server refuses; one probe
 * retries every 100 ms. Once the server is back and the probe opens, a recovery window
 * brings the others back within seconds; without one they keep waiting for their 30 s.
 */
class RecoveryWindowIT {

	static final int SOCKETS = 20;

	static final Backoff THIRTY_SECONDS = Backoff.builder()
		.strategy("fixed")
		.initialDelay(Duration.ofSeconds(30))
		.build();

	static final Backoff PROBE = Backoff.builder().strategy("fixed").initialDelay(Duration.ofMillis(100)).build();

	@AutoClose
	final Resources resources = new Resources();

	@Test
	void withAWindowTheGroupReopensSoonAfterTheServerIsBack() {
		Group group = group(Duration.ofMillis(300));
		group.serverReturnsAndTheProbeOpens();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(group.sockets).extracting(ReconnectingSocket::state)
				.containsOnly(SocketState.OPENED));
	}

	@Test
	void withoutAWindowTheGroupKeepsToItsBackoff() {
		Group group = group(Duration.ZERO);
		group.serverReturnsAndTheProbeOpens();
		Instant stillFar = Instant.now().plusSeconds(10);
		assertThat(group.sockets).allSatisfy((socket) -> {
			assertThat(socket.state()).isEqualTo(SocketState.CLOSED);
			assertThat(socket.snapshot().nextAttemptAt()).isAfter(stillFar);
		});
	}

	private Group group(Duration window) {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		server.kill();
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		ConnectionPacer pacer = ConnectionPacer.of(0, 0).recoveryWindow(window);
		List<ReconnectingSocket<NioConnection>> sockets = new ArrayList<>();
		for (int i = 0; i < SOCKETS; i++) {
			sockets.add(socket("waiting-" + i, THIRTY_SECONDS, client, pacer));
		}
		ReconnectingSocket<NioConnection> probe = socket("probe", PROBE, client, pacer);
		sockets.forEach(ReconnectingSocket::start);
		probe.start();
		// Every socket waits out its 30 s after a refused attempt before the server
		// returns.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sockets).allSatisfy((socket) -> {
			assertThat(socket.state()).isEqualTo(SocketState.CLOSED);
			assertThat(socket.snapshot().consecutiveFailures()).isEqualTo(1);
		}));
		return new Group(server, sockets, probe);
	}

	private ReconnectingSocket<NioConnection> socket(String name, Backoff backoff, NioSocketFactory client,
			ConnectionPacer pacer) {
		return this.resources.use(ReconnectingSocket.builder(NioConnection.class)
			.name(name)
			.backoff(backoff)
			.pacer(pacer)
			.create(client::create)
			.destroy(client::destroy)
			.onClose((connection) -> client.onClose(connection))
			.build());
	}

	record Group(FaultServer server, List<ReconnectingSocket<NioConnection>> sockets,
			ReconnectingSocket<NioConnection> probe) {

		void serverReturnsAndTheProbeOpens() {
			this.server.restart();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.probe.state() == SocketState.OPENED);
		}

	}

}
