package io.github.reconnectingsocket.clients;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.core.InvalidOptionException;
import io.github.reconnectingsocket.core.LivenessTimeoutException;
import io.github.reconnectingsocket.core.SocketState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.reconnectingsocket.clients.Clients.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The WebSocket client on the JDK's java.net.http.WebSocket, against a real RFC 6455
 * server on loopback.
 */
class WebSocketClientTest {

	@TempDir
	Path directory;

	private final Clients clients = new Clients();

	private WebSocketServer server;

	private final List<String> texts = new CopyOnWriteArrayList<>();

	private final List<byte[]> binaries = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() throws Exception {
		this.clients.close();
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void textAndBinaryMessagesAreEchoed() throws Exception {
		this.server = WebSocketServer.start(null);
		WebSocketClient client = started(WebSocketClient.builder(this.server.uri()));
		awaitState(client.socket(), SocketState.OPENED);
		client.sendText("hello").toCompletableFuture().get(5, TimeUnit.SECONDS);
		client.sendBinary(new byte[] { 1, 2, 3 });
		String large = "x".repeat(200_000);
		client.sendText(large);
		await().untilAsserted(() -> assertThat(this.texts).containsExactly("hello", large));
		assertThat(this.binaries).singleElement().isEqualTo(new byte[] { 1, 2, 3 });
	}

	@Test
	void aMessageInFragmentsArrivesWhole() throws Exception {
		this.server = WebSocketServer.start(null);
		WebSocketClient client = started(WebSocketClient.builder(this.server.uri()));
		awaitState(client.socket(), SocketState.OPENED);
		this.server.sendTextFragments("frag", "men", "ted");
		await().untilAsserted(() -> assertThat(this.texts).containsExactly("fragmented"));
	}

	@Test
	void subprotocolsAndHeadersReachTheServer() throws Exception {
		this.server = WebSocketServer.start(null);
		List<String> chosen = new CopyOnWriteArrayList<>();
		WebSocketClient client = started(WebSocketClient.builder(this.server.uri())
			.subprotocols("prices.v2", "prices.v1")
			.header("Authorization", "Bearer token")
			.onOpen((connection) -> chosen.add(connection.subprotocol())));
		awaitState(client.socket(), SocketState.OPENED);
		assertThat(this.server.lastRequestHeaders()).containsEntry("authorization", "Bearer token")
			.containsEntry("sec-websocket-protocol", "prices.v2, prices.v1");
		await().untilAsserted(() -> assertThat(chosen).containsExactly("prices.v2"));
	}

	@Test
	void pingsAreSentAndTheirPongsKeepASilentConnectionAlive() throws Exception {
		this.server = WebSocketServer.start(null);
		WebSocketClient client = started(WebSocketClient.builder(this.server.uri())
			.pingInterval(Duration.ofMillis(100))
			.socket((socket) -> socket.livenessTimeout(Duration.ofMillis(400))));
		awaitState(client.socket(), SocketState.OPENED);
		await().during(Duration.ofMillis(1200))
			.atMost(Duration.ofSeconds(3))
			.until(() -> client.socket().snapshot().counters().livenessTimeouts() == 0);
		assertThat(this.server.pings()).isGreaterThanOrEqualTo(5);
		this.server.mode(LoopbackServer.Mode.SILENT);
		await().atMost(Duration.ofSeconds(3))
			.until(() -> client.socket().snapshot().counters().livenessTimeouts() >= 1);
		assertThat(client.socket().snapshot().lastError()).isInstanceOf(LivenessTimeoutException.class);
	}

	@Test
	void theServersCloseCodeAndReasonAreTheErrorAndTheSocketReconnects() throws Exception {
		this.server = WebSocketServer.start(null);
		WebSocketClient client = started(WebSocketClient.builder(this.server.uri()));
		awaitState(client.socket(), SocketState.OPENED);
		this.server.sendClose(1001, "going away");
		await().untilAsserted(() -> assertThat(client.socket().snapshot().counters().opens()).isEqualTo(2));
		assertThat(client.socket().snapshot().lastError()).isInstanceOf(WebSocketClosedException.class)
			.hasMessage("WebSocket closed by the peer with code 1001 (going away)")
			.satisfies((ex) -> assertThat(((WebSocketClosedException) ex).code()).isEqualTo(1001));
	}

	@Test
	void aRefusedUpgradeFailsTheAttemptNamingTheUriAndTheStatus() throws Exception {
		this.server = WebSocketServer.start(null);
		this.server.refuseWith(403);
		WebSocketClient client = started(WebSocketClient.builder(this.server.uri()));
		await().untilAsserted(() -> assertThat(client.socket().snapshot().lastError()).isInstanceOf(IOException.class)
			.hasMessage("WebSocket handshake with " + this.server.uri() + " failed: the server answered HTTP 403"));
		this.server.refuseWith(0);
		awaitState(client.socket(), SocketState.OPENED);
	}

	@Test
	void aMessageOverTheLimitIsAnErrorAndTheSocketReconnects() throws Exception {
		this.server = WebSocketServer.start(null);
		WebSocketClient client = started(WebSocketClient.builder(this.server.uri()).maxMessageSize(1000));
		awaitState(client.socket(), SocketState.OPENED);
		this.server.sendTextFragments("y".repeat(600), "y".repeat(600));
		await().untilAsserted(() -> assertThat(client.socket().snapshot().counters().opens()).isEqualTo(2));
		assertThat(client.socket().snapshot().lastError()).isInstanceOf(FramingException.class)
			.hasMessageContaining("larger than maxMessageSize 1000");
		awaitState(client.socket(), SocketState.OPENED);
		client.sendText("still reading");
		await().untilAsserted(() -> assertThat(this.texts).containsExactly("still reading"));
	}

	@Test
	void sendFailsAtOnceWhileNotOpenedAndWhenTheQueueIsFull() throws Exception {
		this.server = WebSocketServer.start(null);
		this.server.mode(LoopbackServer.Mode.DEAF);
		WebSocketClient client = WebSocketClient.builder(this.server.uri())
			.writeQueueLimit(2)
			.socket((socket) -> socket.name("prices").backoff(Clients.FAST))
			.build();
		assertThatThrownBy(() -> client.sendText("early").toCompletableFuture().getNow(null))
			.hasCauseInstanceOf(NotConnectedException.class)
			.hasMessageContaining("Socket 'prices' is stopped, not opened");
		this.clients.started(client.socket());
		awaitState(client.socket(), SocketState.OPENED);
		byte[] large = new byte[64 * 1024 * 1024];
		CompletionStage<Void> first = client.sendBinary(large);
		CompletionStage<Void> second = client.sendBinary(large);
		assertThatThrownBy(() -> client.sendBinary(large).toCompletableFuture().getNow(null))
			.hasCauseInstanceOf(WriteQueueFullException.class)
			.hasMessageContaining("writeQueueLimit 2");
		client.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
		assertThat(CompletableFuture.allOf(first.toCompletableFuture(), second.toCompletableFuture()))
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(ConnectionClosedException.class);
	}

	@Test
	void aKilledServerIsReconnectedOnceRestarted() throws Exception {
		this.server = WebSocketServer.start(null);
		WebSocketClient client = started(WebSocketClient.builder(this.server.uri()));
		awaitState(client.socket(), SocketState.OPENED);
		this.server.kill();
		await().until(() -> client.socket().state() != SocketState.OPENED);
		this.server.restart();
		awaitState(client.socket(), SocketState.OPENED);
		client.sendText("back");
		await().untilAsserted(() -> assertThat(this.texts).containsExactly("back"));
	}

	@Test
	void wssWithASelfSignedCertificate() throws Exception {
		TestCertificate certificate = TestCertificate.generate(this.directory, "ws", "dns:localhost,ip:127.0.0.1");
		this.server = WebSocketServer.start(certificate.serverContext());
		WebSocketClient client = started(WebSocketClient.builder(this.server.uri()).ssl(certificate.clientContext()));
		awaitState(client.socket(), SocketState.OPENED);
		client.sendText("secret");
		await().untilAsserted(() -> assertThat(this.texts).containsExactly("secret"));
	}

	@Test
	void wssVerifiesTheHostName() throws Exception {
		TestCertificate certificate = TestCertificate.generate(this.directory, "other", "dns:other.example");
		this.server = WebSocketServer.start(certificate.serverContext());
		WebSocketClient client = started(WebSocketClient.builder(this.server.uri()).ssl(certificate.clientContext()));
		await().untilAsserted(() -> assertThat(client.socket().snapshot().lastError())
			.hasMessageStartingWith("WebSocket handshake with " + this.server.uri() + " failed")
			.hasRootCauseMessage("No subject alternative names matching IP address 127.0.0.1 found"));
		assertThat(client.socket().snapshot().counters().opens()).isZero();
	}

	@Test
	void badOptionsAreRefusedNamingTheOptionTheValueAndWhatIsAllowed() {
		assertThatThrownBy(() -> WebSocketClient.builder("http://example.com/"))
			.isInstanceOf(InvalidOptionException.class)
			.hasMessage("Invalid value for option 'uri': http://example.com/ (allowed: an absolute ws:// or wss:// URI "
					+ "with a host and no fragment)");
		assertThatThrownBy(() -> WebSocketClient.builder("ws://bad host/")).isInstanceOf(InvalidOptionException.class)
			.hasMessageContaining("'uri': ws://bad host/");
		assertThatThrownBy(() -> WebSocketClient.builder("ws://h/").header("Upgrade", "x"))
			.hasMessageContaining("'header': Upgrade");
		assertThatThrownBy(() -> WebSocketClient.builder("ws://h/").pingInterval(Duration.ofSeconds(-1)))
			.hasMessageContaining("'pingInterval': PT-1S");
	}

	private WebSocketClient started(WebSocketClientBuilder builder) {
		WebSocketClient client = builder.onText(this.texts::add)
			.onBinary(this.binaries::add)
			.socket((socket) -> socket.backoff(Clients.FAST))
			.build();
		this.clients.started(client.socket());
		return client;
	}

}
