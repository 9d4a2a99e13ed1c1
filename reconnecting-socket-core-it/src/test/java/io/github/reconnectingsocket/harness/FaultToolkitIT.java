package io.github.reconnectingsocket.harness;

import java.net.ConnectException;
import java.time.Duration;

import io.github.reconnectingsocket.test.faults.Blackhole;
import io.github.reconnectingsocket.test.faults.FaultProxy;
import io.github.reconnectingsocket.test.faults.FaultServer;
import io.github.reconnectingsocket.test.faults.PortHolder;
import io.github.reconnectingsocket.test.faults.SignalLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault toolkit of {@code reconnecting-socket-test} does what it says, seen from the
 * client socket factory every integration test uses: the signals each fault produces are
 * exactly those a real network produces.
 */
class FaultToolkitIT {

	private final java.util.List<AutoCloseable> resources = new java.util.ArrayList<>();

	@AfterEach
	void closeAll() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	private <T extends AutoCloseable> T use(T resource) {
		this.resources.add(resource);
		return resource;
	}

	private static void awaitSignals(SignalLog log, String... expected) {
		await().atMost(Recorder.PATIENCE)
			.pollInterval(Duration.ofMillis(5))
			.untilAsserted(() -> assertThat(log.signals()).containsExactly(expected));
	}

	@Test
	void aHeldPortRefusesWithConnectException() throws Exception {
		PortHolder closed = use(PortHolder.hold());
		NioSocketFactory client = use(new NioSocketFactory(closed.address()));
		SignalLog log = new SignalLog();
		NioConnection connection = client.create(log, true);
		awaitSignals(log, "error:ConnectException: Connection refused", "close");
		assertThat(log.errors().get(0)).isInstanceOf(ConnectException.class);
		assertThat(connection.isClosed()).isTrue();
		assertThat(client.openChannels()).isZero();
	}

	@Test
	void echoServerEchoesAndTheClientClosesOnDestroy() throws Exception {
		FaultServer server = use(FaultServer.start(FaultServer.Mode.ECHO));
		NioSocketFactory client = use(new NioSocketFactory(server.address()));
		SignalLog log = new SignalLog();
		NioConnection connection = client.create(log, true);
		awaitSignals(log, "open");
		connection.send("ping");
		await().atMost(Recorder.PATIENCE).until(() -> connection.received().equals("ping"));
		assertThat(log.alives()).as("alive() on inbound bytes").isPositive();
		client.destroy(connection);
		awaitSignals(log, "open", "close");
		await().atMost(Recorder.PATIENCE).until(() -> server.live() == 0);
		assertThat(client.openChannels()).isZero();
	}

	@Test
	void gracefulDestroyWaitsForTheServerToClose() throws Exception {
		FaultServer server = use(FaultServer.start(FaultServer.Mode.STALL));
		NioSocketFactory client = use(new NioSocketFactory(server.address()))
			.destroyMode(NioSocketFactory.DestroyMode.GRACEFUL);
		SignalLog log = new SignalLog();
		NioConnection connection = client.create(log, true);
		awaitSignals(log, "open");
		await().atMost(Recorder.PATIENCE).until(() -> server.live() == 1);
		client.destroy(connection);
		// the stalled server never closes its side: the socket stays half-closed
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !connection.isClosed());
		server.closeConnections();
		awaitSignals(log, "open", "close");
	}

	@Test
	void flappingServerOpensThenEnds() throws Exception {
		FaultServer server = use(FaultServer.start(FaultServer.Mode.FLAP));
		NioSocketFactory client = use(new NioSocketFactory(server.address()));
		SignalLog log = new SignalLog();
		client.create(log, true);
		awaitSignals(log, "open", "close");
		assertThat(server.accepted()).isEqualTo(1);
	}

	@Test
	void resettingServerResetsTheConnection() throws Exception {
		FaultServer server = use(FaultServer.start(FaultServer.Mode.RESET));
		NioSocketFactory client = use(new NioSocketFactory(server.address()));
		SignalLog log = new SignalLog();
		client.create(log, true);
		await().atMost(Recorder.PATIENCE).until(() -> log.signals().contains("close"));
		// On loopback the RST may beat the selector to the connect: then finishConnect()
		// fails.
		assertThat(String.join(" ", log.signals()))
			.matches("(open )?error:SocketException: Connection reset( by peer)? close");
	}

	@Test
	void resetConnectionsResetsALiveConnectionMidStream() throws Exception {
		FaultServer server = use(FaultServer.start(FaultServer.Mode.ECHO));
		NioSocketFactory client = use(new NioSocketFactory(server.address()));
		SignalLog log = new SignalLog();
		NioConnection connection = client.create(log, true);
		awaitSignals(log, "open");
		connection.send("before");
		await().atMost(Recorder.PATIENCE).until(() -> connection.received().equals("before"));
		server.resetConnections();
		awaitSignals(log, "open", "error:SocketException: Connection reset", "close");
		assertThat(server.live()).isZero();
	}

	@Test
	void killedServerRefusesThenRestartsOnTheSamePort() throws Exception {
		FaultServer server = use(FaultServer.start(FaultServer.Mode.ECHO));
		int port = server.port();
		NioSocketFactory client = use(new NioSocketFactory(server.address()));
		SignalLog first = new SignalLog();
		client.create(first, true);
		awaitSignals(first, "open");
		server.kill();
		awaitSignals(first, "open", "close");
		SignalLog refused = new SignalLog();
		client.create(refused, false);
		awaitSignals(refused, "error:ConnectException: Connection refused", "close");
		server.restart();
		assertThat(server.port()).isEqualTo(port);
		SignalLog again = new SignalLog();
		NioConnection connection = client.create(again, false);
		awaitSignals(again, "open");
		connection.send("back");
		await().atMost(Recorder.PATIENCE).until(() -> connection.received().equals("back"));
	}

	@Test
	void blackholeConnectNeverCompletes() throws Exception {
		Blackhole blackhole = use(Blackhole.open());
		NioSocketFactory client = use(new NioSocketFactory(blackhole.address()));
		SignalLog log = new SignalLog();
		NioConnection connection = client.create(log, true);
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> log.signals().isEmpty());
		assertThat(connection.isConnected()).isFalse();
		assertThat(blackhole.fillers()).isGreaterThanOrEqualTo(1);
		client.destroy(connection);
		awaitSignals(log, "close");
		assertThat(client.openChannels()).isZero();
	}

	@Test
	void proxyForwardsThenCutsResetsAndStalls() throws Exception {
		FaultServer server = use(FaultServer.start(FaultServer.Mode.ECHO));
		FaultProxy proxy = use(FaultProxy.start(server.address()));
		NioSocketFactory client = use(new NioSocketFactory(proxy.address()));

		SignalLog cut = new SignalLog();
		NioConnection viaProxy = client.create(cut, true);
		awaitSignals(cut, "open");
		viaProxy.send("hello");
		await().atMost(Recorder.PATIENCE).until(() -> viaProxy.received().equals("hello"));
		proxy.cut();
		awaitSignals(cut, "open", "close");

		SignalLog reset = new SignalLog();
		client.create(reset, false);
		awaitSignals(reset, "open");
		await().atMost(Recorder.PATIENCE).until(() -> proxy.live() == 1);
		proxy.reset();
		awaitSignals(reset, "open", "error:SocketException: Connection reset", "close");

		SignalLog stall = new SignalLog();
		NioConnection stalled = client.create(stall, false);
		awaitSignals(stall, "open");
		await().atMost(Recorder.PATIENCE).until(() -> proxy.live() == 1);
		proxy.stall();
		stalled.send("held");
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> stalled.received().isEmpty());
		proxy.resume();
		await().atMost(Recorder.PATIENCE).until(() -> stalled.received().equals("held"));
		assertThat(stall.signals()).containsExactly("open");
	}

}
