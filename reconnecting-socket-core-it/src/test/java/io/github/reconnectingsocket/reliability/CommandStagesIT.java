package io.github.reconnectingsocket.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketNotOpenException;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.test.faults.Blackhole;
import io.github.reconnectingsocket.test.faults.FaultServer;
import io.github.reconnectingsocket.harness.NioConnection;
import io.github.reconnectingsocket.harness.NioSocketFactory;
import io.github.reconnectingsocket.test.faults.Resources;
import io.github.reconnectingsocket.harness.Transitions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10, item 8 on real threads and sockets: {@code start()} and {@code reconnect()}
 * complete once handled (no sleeping, no polling), {@code whenOpen()} completes on open
 * and fails on stop and on FAILED, and {@link StateChange} carries what listeners used to
 * re-read from the snapshot.
 */
class CommandStagesIT {

	@AutoClose
	final Resources resources = new Resources();

	private final Transitions transitions = new Transitions();

	@Test
	void startCompletesOnceHandledAndWhenOpenOnceOpened() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		ReconnectingSocket<NioConnection> socket = this.resources
			.use(ReconnectingSocket.builder(client).name("stages").stateListener(this.transitions).build());
		CompletableFuture<NioConnection> open = socket.whenOpen().toCompletableFuture();
		SocketSnapshot started = socket.start().toCompletableFuture().get(5, TimeUnit.SECONDS);
		// handled: the listeners already heard of the transition the start made
		assertThat(started.state()).isIn(SocketState.OPENING, SocketState.OPENED);
		assertThat(this.transitions.trace()).startsWith("stopped>opening");
		NioConnection connection = open.get(10, TimeUnit.SECONDS);
		assertThat(connection.isConnected()).isTrue();
		assertThat(socket.stateAndSocket().socket()).isSameAs(connection);
		SocketSnapshot reconnecting = socket.reconnect().toCompletableFuture().get(5, TimeUnit.SECONDS);
		assertThat(reconnecting.attempt()).isEqualTo(2);
		assertThat(this.transitions.trace()).contains("opened>reopening");
		assertThat(socket.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS)).isNotSameAs(connection);
	}

	@Test
	void whenOpenFailsOnStop() throws Exception {
		Blackhole blackhole = this.resources.use(Blackhole.open());
		NioSocketFactory client = this.resources.use(new NioSocketFactory(blackhole.address()));
		ReconnectingSocket<NioConnection> socket = this.resources
			.use(ReconnectingSocket.builder(client).name("never-opens").build());
		socket.start().toCompletableFuture().get(5, TimeUnit.SECONDS);
		CompletableFuture<NioConnection> open = socket.whenOpen().toCompletableFuture();
		socket.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
		assertThatThrownBy(() -> open.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(SocketNotOpenException.class)
			.satisfies((error) -> assertThat(((SocketNotOpenException) error).state()).isEqualTo(SocketState.CLOSING));
	}

	@Test
	void whenOpenFailsOnFailedAndStateChangesCarryTheOutage() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		server.kill();
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		ReconnectingSocket<NioConnection> socket = this.resources.use(ReconnectingSocket.builder(client)
			.name("gives-up")
			.backoff(Backoff.builder()
				.strategy("fixed")
				.initialDelay(Duration.ofMillis(50))
				.randomisationFactor(0)
				.failAfter(3)
				.build())
			.stateListener(this.transitions)
			.build());
		Instant started = socket.start().toCompletableFuture().get(5, TimeUnit.SECONDS).since();
		CompletableFuture<NioConnection> open = socket.whenOpen().toCompletableFuture();
		assertThatThrownBy(() -> open.get(10, TimeUnit.SECONDS)).cause()
			.isInstanceOf(SocketNotOpenException.class)
			.hasCauseInstanceOf(java.net.ConnectException.class);
		assertThat(this.transitions.trace())
			.isEqualTo("stopped>opening opening>closed closed>reopening reopening>closed"
					+ " closed>reopening reopening>failed");
		StateChange secondClosed = this.transitions.awaitNth(SocketState.CLOSED, 2);
		assertThat(secondClosed.consecutiveFailures()).isEqualTo(2);
		assertThat(secondClosed.disconnectedSince()).isEqualTo(started);
		assertThat(secondClosed.nextAttemptAt()).isEqualTo(secondClosed.time().plusMillis(50));
		StateChange failed = this.transitions.awaitFirst(SocketState.FAILED);
		assertThat(failed.consecutiveFailures()).isEqualTo(3);
		assertThat(failed.disconnectedSince()).isEqualTo(started);
		assertThat(failed.nextAttemptAt()).isNull();
		assertThat(socket.whenOpen().toCompletableFuture()).failsWithin(Duration.ofSeconds(5));
	}

}
