package io.github.reconnectingsocket.reliability;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.core.StopOutcome;
import io.github.reconnectingsocket.test.faults.FaultServer;
import io.github.reconnectingsocket.harness.JdkWebSocketFactory;
import io.github.reconnectingsocket.harness.LibraryWarnings;
import io.github.reconnectingsocket.harness.NioConnection;
import io.github.reconnectingsocket.harness.NioSocketFactory;
import io.github.reconnectingsocket.harness.NioSocketFactory.DestroyMode;
import io.github.reconnectingsocket.test.faults.Resources;
import io.github.reconnectingsocket.harness.Transitions;
import io.github.reconnectingsocket.test.faults.WebSocketServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 4: stop does not wait for a close that cannot come. An asynchronous
 * factory whose {@code abort()} fires no callback stops at once with
 * {@link StopOutcome#CLOSED}; when a stop timeout does expire,
 * {@link StopOutcome#TIMED_OUT} and one WARN naming the real cause, logged before the
 * STOPPED transition, not after it.
 */
class StopOutcomeIT {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Duration STOP_TIMEOUT = Duration.ofMillis(300);

	private static final Duration MARGIN = Duration.ofMillis(700);

	@AutoClose
	final Resources resources = new Resources();

	private final LibraryWarnings warnings = this.resources.use(new LibraryWarnings());

	private final CountDownLatch release = new CountDownLatch(1);

	private final Transitions transitions = new Transitions();

	@Test
	void anAsyncFactoryWhoseAbortFiresNoCallbackStopsAtOnceClosed() throws Exception {
		WebSocketServer server = this.resources.use(WebSocketServer.start(WebSocketServer.Mode.ECHO));
		JdkWebSocketFactory factory = new JdkWebSocketFactory(HTTP, server.uri());
		// the default stop timeout (10 s): a stop that waited for a close() would take
		// all of it
		ReconnectingSocket<WebSocket> socket = this.resources
			.use(ReconnectingSocket.builder(factory).name("aborts").build());
		socket.start();
		socket.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS);
		long before = System.nanoTime();
		StopOutcome outcome = socket.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
		Duration took = Duration.ofNanos(System.nanoTime() - before);
		assertThat(outcome).isEqualTo(StopOutcome.CLOSED);
		assertThat(took).isLessThan(Duration.ofMillis(500));
		assertThat(factory.destroyed()).isEqualTo(1);
		assertThat(this.warnings.containing("'aborts'")).isEmpty();
		await().atMost(Duration.ofSeconds(10)).until(() -> server.live() == 0);
	}

	@Test
	void aSyncFactoryWhoseCloseNeverComesTimesOutWithOneWarningNamingIt() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.STALL));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()))
			.destroyMode(DestroyMode.IGNORE);
		ReconnectingSocket<NioConnection> socket = this.resources.use(ReconnectingSocket.builder(client)
			.name("never-closes")
			.stopTimeout(STOP_TIMEOUT)
			.stateListener(this.transitions)
			.build());
		socket.start();
		socket.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS);
		assertStopTimesOutWithOneWarning(socket, "'never-closes'",
				"stopped after the stop timeout of 300 ms: destroy() returned but close() never came");
		assertThat(client.openChannels()).as("released in onClose").isZero();
	}

	@Test
	void aDestroyStillRunningIsNamedAsTheCause() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		this.resources.use(this.release::countDown);
		ReconnectingSocket<NioConnection> socket = this.resources.use(ReconnectingSocket.builder(NioConnection.class)
			.name("destroy-blocks")
			.create(client::create)
			.destroy((connection) -> {
				this.release.await(30, TimeUnit.SECONDS);
				client.destroy(connection);
			})
			.onClose(client::onClose)
			.stopTimeout(STOP_TIMEOUT)
			.stateListener(this.transitions)
			.build());
		socket.start();
		socket.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS);
		assertStopTimesOutWithOneWarning(socket, "'destroy-blocks'",
				"stopped after the stop timeout of 300 ms: destroy() was still running, or had not started");
	}

	@Test
	void aCreateStillRunningIsNamedAsTheCause() throws Exception {
		this.resources.use(this.release::countDown);
		ReconnectingSocket<String> socket = this.resources
			.use(ReconnectingSocket.builder(String.class).name("create-blocks").create((handle, firstOpen) -> {
				this.release.await(30, TimeUnit.SECONDS);
				return "late";
			}).destroy((s) -> {
			}).stopTimeout(STOP_TIMEOUT).stateListener(this.transitions).build());
		socket.start();
		this.transitions.awaitTrace("stopped>opening");
		assertStopTimesOutWithOneWarning(socket, "'create-blocks'",
				"stopped after the stop timeout of 300 ms: create() was still running");
	}

	private void assertStopTimesOutWithOneWarning(ReconnectingSocket<?> socket, String name, String cause)
			throws Exception {
		long before = System.nanoTime();
		StopOutcome outcome = socket.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
		Duration took = Duration.ofNanos(System.nanoTime() - before);
		assertThat(outcome).isEqualTo(StopOutcome.TIMED_OUT);
		assertThat(took).isBetween(STOP_TIMEOUT, STOP_TIMEOUT.plus(MARGIN));
		assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
		// once, and no more later
		await().during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertThat(this.warnings.containing(name)).hasSize(1));
		LogRecord warning = this.warnings.containing(name).get(0);
		assertThat(warning.getMessage()).isEqualTo("Reconnecting socket " + name + " " + cause);
		// logged by the step that stops, before the transition to STOPPED is published
		StateChange stopped = this.transitions.awaitFirst(SocketState.STOPPED);
		assertThat(warning.getMillis()).isLessThanOrEqualTo(stopped.time().toEpochMilli());
		List<StateChange> changes = this.transitions.changes();
		assertThat(changes.get(changes.size() - 1).to()).isEqualTo(SocketState.STOPPED);
	}

}
