package io.github.reconnectingsocket.reliability;

import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.OpenTimeoutException;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.test.faults.Blackhole;
import io.github.reconnectingsocket.test.faults.FaultProxy;
import io.github.reconnectingsocket.test.faults.FaultServer;
import io.github.reconnectingsocket.harness.NioConnection;
import io.github.reconnectingsocket.harness.NioSocketFactory;
import io.github.reconnectingsocket.harness.Recorder;
import io.github.reconnectingsocket.test.faults.Resources;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the network does to a connection, over real loopback TCP: a server down at start,
 * restarted, resetting mid-stream; a proxy that cuts, resets or stalls a live connection;
 * a connect that never completes. Each test asserts the exact sequence of transitions and
 * factory calls.
 */
class NetworkFaultsIT {

	private static final String OPEN_FIRST = "stopped>opening create:first opening>opened onOpen:first";

	private static final String REOPEN = " closed>reopening create reopening>opened onOpen";

	@AutoClose
	final Resources resources = new Resources();

	private NioSocketFactory client;

	private Recorder<NioConnection> recorder;

	private ReconnectingSocket<NioConnection> machine(java.net.InetSocketAddress address,
			UnaryOperator<ReconnectingSocketBuilder<NioConnection>> options) {
		this.client = this.resources.use(new NioSocketFactory(address));
		this.recorder = new Recorder<>(this.client);
		return this.resources.use(this.recorder.build((builder) -> options.apply(builder.name("faults")
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ofMillis(50)).build()))));
	}

	private void assertNothingLeaked(ReconnectingSocket<NioConnection> socket) {
		socket.stop().toCompletableFuture().join();
		this.recorder.assertEverySocketClosedOnce();
		await().atMost(Recorder.PATIENCE).until(() -> this.client.openChannels() == 0);
	}

	@Test
	void serverDownAtStartThenUp() {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		server.kill();
		ReconnectingSocket<NioConnection> socket = machine(server.address(), UnaryOperator.identity());
		socket.start();
		String refused = "stopped>opening create:first onClose opening>closed"
				+ "( closed>reopening create:first onClose reopening>closed)";
		recorder.awaitTrace(refused + "{2,}");
		server.restart();
		// never opened since start(): every attempt, the last included, is still a first
		// open
		recorder.awaitTrace(refused + "+ closed>reopening create:first reopening>opened onOpen:first");
		assertThat(recorder.changes()).filteredOn((c) -> c.to() == SocketState.CLOSED)
			.allSatisfy((c) -> assertThat(c.lastError()).isInstanceOf(ConnectException.class));
		echo(socket, "up");
		assertNothingLeaked(socket);
	}

	@Test
	void serverRestartOnTheSamePort() {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		ReconnectingSocket<NioConnection> socket = machine(server.address(), UnaryOperator.identity());
		socket.start();
		recorder.awaitTrace(OPEN_FIRST);
		server.kill();
		server.restart();
		recorder.awaitTrace(
				OPEN_FIRST + " onClose opened>closed( closed>reopening create onClose reopening>closed)*" + REOPEN);
		echo(socket, "restarted");
		assertThat(server.accepted()).isEqualTo(2);
		assertNothingLeaked(socket);
	}

	@Test
	void serverResetsMidStream() {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		ReconnectingSocket<NioConnection> socket = machine(server.address(), UnaryOperator.identity());
		socket.start();
		recorder.awaitTrace(OPEN_FIRST);
		echo(socket, "before");
		server.resetConnections();
		recorder.awaitTrace(OPEN_FIRST + " onClose opened>closed" + REOPEN);
		StateChange lost = recorder.changes().get(2);
		assertThat(lost.to()).isEqualTo(SocketState.CLOSED);
		assertThat(lost.lastError()).isInstanceOf(SocketException.class).hasMessage("Connection reset");
		echo(socket, "after");
		assertNothingLeaked(socket);
	}

	@Test
	void proxyCutsResetsAndStallsALiveConnection() {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		FaultProxy proxy = this.resources.use(FaultProxy.start(server.address()));
		ReconnectingSocket<NioConnection> socket = machine(proxy.address(), UnaryOperator.identity());
		socket.start();
		String trace = OPEN_FIRST;
		recorder.awaitTrace(trace);
		echo(socket, "one");

		// cut: an orderly end of stream, no error
		proxy.cut();
		trace += " onClose opened>closed" + REOPEN;
		recorder.awaitTrace(trace);
		assertThat(recorder.changes().get(2).lastError()).isNull();
		echo(socket, "two");

		// reset: the error reaches the machine before the close
		await().atMost(Recorder.PATIENCE).until(() -> proxy.live() == 1);
		proxy.reset();
		trace += " onClose opened>closed" + REOPEN;
		recorder.awaitTrace(trace);
		assertThat(recorder.changes().get(5).lastError()).isInstanceOf(SocketException.class)
			.hasMessage("Connection reset");
		echo(socket, "three");

		// stall: the connection stays open and silent, the machine cannot tell; the
		// application calls
		// reconnect(), which drops it and opens a new one at once
		proxy.stall();
		NioConnection stalled = socket.socket().orElseThrow();
		stalled.send("lost");
		await().during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(3))
			.until(() -> stalled.received().equals("three") && socket.state() == SocketState.OPENED);
		proxy.resume();
		socket.reconnect();
		trace += " onClose opened>reopening create reopening>opened onOpen";
		recorder.awaitTrace(trace);
		assertThat(stalled.isClosed()).isTrue();
		echo(socket, "four");
		assertNothingLeaked(socket);
	}

	@Test
	void connectThatNeverCompletesIsEndedByTheOpenTimeout() {
		Blackhole blackhole = this.resources.use(Blackhole.open());
		ReconnectingSocket<NioConnection> socket = machine(blackhole.address(), (builder) -> builder
			.openTimeout(Duration.ofMillis(300))
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ofMillis(50)).failAfter(2).build()));
		socket.start();
		recorder.awaitTrace("stopped>opening create:first onClose opening>closed"
				+ " closed>reopening create:first onClose reopening>failed onFail:OpenTimeoutException");
		assertThat(recorder.failures().get(0)).isInstanceOf(OpenTimeoutException.class)
			.hasMessage("Attempt 2 did not open within the open timeout of 300 ms");
		List<Long> opening = recorder.nanosOf(SocketState.STOPPED, SocketState.OPENING);
		List<Long> timedOut = recorder.nanosOf(SocketState.OPENING, SocketState.CLOSED);
		assertThat(Duration.ofNanos(timedOut.get(0) - opening.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(299));
		assertThat(recorder.created()).noneMatch(NioConnection::isConnected);
		assertNothingLeaked(socket);
	}

	private static void echo(ReconnectingSocket<NioConnection> socket, String text) {
		NioConnection connection = socket.socket().orElseThrow();
		connection.send(text);
		await().atMost(Recorder.PATIENCE).until(() -> connection.received().equals(text));
	}

}
