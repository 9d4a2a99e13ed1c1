package io.github.reconnectingsocket.reliability;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.core.StopOutcome;
import io.github.reconnectingsocket.harness.JdkWebSocketFactory;
import io.github.reconnectingsocket.test.faults.Resources;
import io.github.reconnectingsocket.harness.Transitions;
import io.github.reconnectingsocket.test.faults.WebSocketServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 1: the asynchronous connect over real loopback WebSockets (the JDK's
 * client, the fault toolkit's RFC 6455 server), class style and lambda style. The stage
 * completing means opened; completing exceptionally means this attempt failed with that
 * error.
 */
class AsyncConnectIT {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@AutoClose
	final Resources resources = new Resources();

	private final Transitions transitions = new Transitions();

	@Test
	void classStyleOpensWhenTheHandshakeCompletesAndEchoes() throws Exception {
		WebSocketServer server = this.resources.use(WebSocketServer.start(WebSocketServer.Mode.ECHO));
		JdkWebSocketFactory factory = new JdkWebSocketFactory(HTTP, server.uri());
		ReconnectingSocket<WebSocket> socket = this.resources
			.use(ReconnectingSocket.builder(factory).name("class-style").stateListener(this.transitions).build());
		socket.start();
		WebSocket webSocket = socket.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS);
		assertThat(server.handshakes()).isEqualTo(1);
		this.transitions.awaitTrace("stopped>opening opening>opened");
		webSocket.sendText("over the wire", true);
		await().atMost(Duration.ofSeconds(10)).until(() -> factory.received().contains("over the wire"));
		assertThat(socket.socket()).containsSame(webSocket);
		assertThat(socket.stop().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(StopOutcome.CLOSED);
		assertThat(factory.destroyed()).isEqualTo(1);
		assertThat(factory.closed()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> server.live() == 0);
	}

	@Test
	void lambdaStyleOpensWhenTheHandshakeCompletesAndEchoes() throws Exception {
		WebSocketServer server = this.resources.use(WebSocketServer.start(WebSocketServer.Mode.ECHO));
		List<String> received = new CopyOnWriteArrayList<>();
		ReconnectingSocket<WebSocket> socket = this.resources.use(ReconnectingSocket.builder(WebSocket.class)
			.name("lambda-style")
			.connect((handle, firstOpen) -> HTTP.newWebSocketBuilder()
				.buildAsync(server.uri(), new WebSocket.Listener() {
					@Override
					public java.util.concurrent.CompletionStage<?> onText(WebSocket ws, CharSequence text,
							boolean last) {
						received.add(text.toString());
						ws.request(1);
						return null;
					}

					@Override
					public void onError(WebSocket ws, Throwable error) {
						handle.error(error);
						handle.close();
					}
				}))
			.destroy(WebSocket::abort)
			.onOpen((ws, firstOpen) -> ws.sendText("hello " + firstOpen, true))
			.stateListener(this.transitions)
			.build());
		socket.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("hello true"));
		this.transitions.awaitTrace("stopped>opening opening>opened");
		assertThat(socket.stop().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(StopOutcome.CLOSED);
	}

	@Test
	void aRefusedConnectIsAFailedAttemptWithItsErrorAndTheNextOneOpens() throws Exception {
		WebSocketServer server = this.resources.use(WebSocketServer.start(WebSocketServer.Mode.ECHO));
		server.kill(); // the port refuses until restart()
		JdkWebSocketFactory factory = new JdkWebSocketFactory(HTTP, server.uri());
		ReconnectingSocket<WebSocket> socket = this.resources.use(ReconnectingSocket.builder(factory)
			.name("refused")
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ofMillis(100)).build())
			.stateListener(this.transitions)
			.build());
		socket.start();
		StateChange failed = this.transitions.awaitFirst(SocketState.CLOSED);
		assertThat(failed.from()).isEqualTo(SocketState.OPENING);
		assertThat(failed.lastError()).as("the stage's error, unwrapped").isInstanceOf(ConnectException.class);
		assertThat(failed.consecutiveFailures()).isEqualTo(1);
		assertThat(socket.snapshot().counters().failedAttempts()).isGreaterThanOrEqualTo(1);
		assertThat(factory.closed()).as("no socket, no onClose").isZero();
		server.restart();
		socket.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS);
		assertThat(this.transitions.trace())
			.matches("stopped>opening opening>closed( closed>reopening reopening>closed)*"
					+ " closed>reopening reopening>opened");
	}

	@Test
	void theServerGoingAwayIsADisconnectionAndTheSocketReopens() throws Exception {
		WebSocketServer server = this.resources.use(WebSocketServer.start(WebSocketServer.Mode.ECHO));
		JdkWebSocketFactory factory = new JdkWebSocketFactory(HTTP, server.uri());
		ReconnectingSocket<WebSocket> socket = this.resources.use(ReconnectingSocket.builder(factory)
			.name("server-gone")
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ofMillis(100)).build())
			.stateListener(this.transitions)
			.build());
		socket.start();
		WebSocket first = socket.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS);
		server.kill();
		this.transitions.awaitFirst(SocketState.CLOSED);
		server.restart();
		WebSocket second = socket.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS);
		assertThat(second).isNotSameAs(first);
		assertThat(socket.snapshot().counters().disconnections()).isEqualTo(1);
		assertThat(factory.closed()).as("onClose of the first").isEqualTo(1);
	}

}
