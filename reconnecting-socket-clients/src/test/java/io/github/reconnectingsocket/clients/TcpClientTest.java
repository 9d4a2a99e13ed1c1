package io.github.reconnectingsocket.clients;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.core.InvalidOptionException;
import io.github.reconnectingsocket.core.LivenessTimeoutException;
import io.github.reconnectingsocket.core.SocketState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.reconnectingsocket.clients.Clients.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The TCP client over plain loopback connections to a real echo server. */
class TcpClientTest {

	private final Clients clients = new Clients();

	private EchoServer server;

	@AfterEach
	void stop() throws Exception {
		this.clients.close();
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void linesGoOutAndComeBackAsMessages() throws Exception {
		this.server = EchoServer.start();
		List<String> received = new CopyOnWriteArrayList<>();
		TcpClient<String> client = started(
				TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(100)).onMessage(received::add));
		awaitState(client.socket(), SocketState.OPENED);
		client.send("hello").toCompletableFuture().get(5, TimeUnit.SECONDS);
		client.send("wörld");
		await().untilAsserted(() -> assertThat(received).containsExactly("hello", "wörld"));
	}

	@Test
	void aLineSplitAcrossReadsAndEndedByCrLfIsOneMessage() throws Exception {
		this.server = EchoServer.start();
		List<String> received = new CopyOnWriteArrayList<>();
		TcpClient<String> client = started(
				TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(100)).onMessage(received::add));
		awaitState(client.socket(), SocketState.OPENED);
		this.server.sendToAll("par".getBytes(StandardCharsets.UTF_8));
		this.server.sendToAll("tial\r\nsecond\n\n".getBytes(StandardCharsets.UTF_8));
		await().untilAsserted(() -> assertThat(received).containsExactly("partial", "second", ""));
	}

	@Test
	void lengthPrefixedFramesKeepTheirBoundaries() throws Exception {
		this.server = EchoServer.start();
		List<byte[]> received = new CopyOnWriteArrayList<>();
		TcpClient<byte[]> client = started(
				TcpClient.builder("127.0.0.1", this.server.port(), Framing.lengthPrefixed(300_000))
					.onMessage(received::add));
		awaitState(client.socket(), SocketState.OPENED);
		byte[] large = new byte[200_000];
		large[199_999] = 7;
		client.send(new byte[] { 1, 2, 3 });
		client.send(new byte[0]);
		client.send(large);
		await().untilAsserted(() -> assertThat(received).hasSize(3));
		assertThat(received.get(0)).containsExactly(1, 2, 3);
		assertThat(received.get(1)).isEmpty();
		assertThat(received.get(2)).isEqualTo(large);
	}

	@Test
	void rawBytesArriveAsChunks() throws Exception {
		this.server = EchoServer.start();
		ByteBuffer received = ByteBuffer.allocate(64);
		TcpClient<byte[]> client = started(
				TcpClient.builder("127.0.0.1", this.server.port(), Framing.raw()).onMessage((chunk) -> {
					synchronized (received) {
						received.put(chunk);
					}
				}));
		awaitState(client.socket(), SocketState.OPENED);
		client.send("abc".getBytes(StandardCharsets.US_ASCII));
		client.send("def".getBytes(StandardCharsets.US_ASCII));
		await().untilAsserted(() -> {
			synchronized (received) {
				assertThat(new String(received.array(), 0, received.position(), StandardCharsets.US_ASCII))
					.isEqualTo("abcdef");
			}
		});
	}

	@Test
	void sendFailsAtOnceWhileNotOpened() throws Exception {
		this.server = EchoServer.start();
		TcpClient<String> client = TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(100))
			.socket((socket) -> socket.name("ledger"))
			.build();
		assertThat(client.send("lost?").toCompletableFuture()).failsWithin(Duration.ZERO)
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(NotConnectedException.class)
			.withMessage("Socket 'ledger' is stopped, not opened: the message was not sent");
		this.clients.started(client.socket());
		awaitState(client.socket(), SocketState.OPENED);
		client.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
		CompletionStage<Void> afterStop = client.send("lost?");
		assertThat(afterStop.toCompletableFuture().isCompletedExceptionally()).isTrue();
		assertThatThrownBy(() -> afterStop.toCompletableFuture().join())
			.hasCauseInstanceOf(NotConnectedException.class);
	}

	@Test
	void aFullWriteQueueRefusesTheNextMessageNamingTheLimit() throws Exception {
		this.server = EchoServer.start();
		this.server.mode(LoopbackServer.Mode.DEAF);
		TcpClient<byte[]> client = started(
				TcpClient.builder("127.0.0.1", this.server.port(), Framing.raw()).writeQueueLimit(2));
		awaitState(client.socket(), SocketState.OPENED);
		byte[] large = new byte[64 * 1024 * 1024];
		CompletionStage<Void> first = client.send(large);
		CompletionStage<Void> second = client.send(large);
		CompletionStage<Void> third = client.send(large);
		assertThatThrownBy(() -> third.toCompletableFuture().getNow(null))
			.hasCauseInstanceOf(WriteQueueFullException.class)
			.hasMessageContaining("writeQueueLimit 2");
		client.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
		// Accepted but never written: failed, not dropped silently.
		assertThat(CompletableFuture.allOf(first.toCompletableFuture(), second.toCompletableFuture()))
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(ConnectionClosedException.class);
	}

	@Test
	void anOverLongLineIsAnErrorAndTheSocketReconnectsWithAWorkingReader() throws Exception {
		this.server = EchoServer.start();
		List<String> received = new CopyOnWriteArrayList<>();
		TcpClient<String> client = started(
				TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(16)).onMessage(received::add));
		awaitState(client.socket(), SocketState.OPENED);
		this.server.sendToAll(("x".repeat(40) + "\n").getBytes(StandardCharsets.US_ASCII));
		await().untilAsserted(() -> assertThat(client.socket().snapshot().counters().opens()).isEqualTo(2));
		assertThat(client.socket().snapshot().lastError()).isInstanceOf(FramingException.class)
			.hasMessageContaining("maxLineLength 16");
		awaitState(client.socket(), SocketState.OPENED);
		client.send("after");
		await().untilAsserted(() -> assertThat(received).containsExactly("after"));
	}

	@Test
	void aMalformedLengthPrefixIsAnErrorAndTheSocketReconnects() throws Exception {
		this.server = EchoServer.start();
		TcpClient<byte[]> client = started(
				TcpClient.builder("127.0.0.1", this.server.port(), Framing.lengthPrefixed(1024)));
		awaitState(client.socket(), SocketState.OPENED);
		this.server.sendToAll(new byte[] { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0 });
		await().untilAsserted(() -> assertThat(client.socket().snapshot().counters().opens()).isEqualTo(2));
		assertThat(client.socket().snapshot().lastError()).isInstanceOf(FramingException.class)
			.hasMessage("Malformed length-prefixed frame: length prefix -16 is outside 0 to maxFrameSize 1024 bytes");
	}

	@Test
	void aKilledServerIsReconnectedOnceRestarted() throws Exception {
		this.server = EchoServer.start();
		List<String> received = new CopyOnWriteArrayList<>();
		TcpClient<String> client = started(
				TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(100)).onMessage(received::add));
		awaitState(client.socket(), SocketState.OPENED);
		this.server.kill();
		await().until(() -> client.socket().state() != SocketState.OPENED);
		await().untilAsserted(() -> assertThat(client.socket().snapshot().counters().failedAttempts()).isPositive());
		assertThat(client.socket().snapshot().lastError()).hasMessageContaining("127.0.0.1:" + this.server.port());
		this.server.restart();
		awaitState(client.socket(), SocketState.OPENED);
		client.send("back");
		await().untilAsserted(() -> assertThat(received).containsExactly("back"));
	}

	@Test
	void aStalledServerIsDetectedByLivenessWhileAnsweredHeartbeatsKeepTheSocketOpen() throws Exception {
		this.server = EchoServer.start();
		TcpClient<String> client = started(TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(100))
			.heartbeat(Duration.ofMillis(100), "ping")
			.socket((socket) -> socket.livenessTimeout(Duration.ofMillis(400))));
		awaitState(client.socket(), SocketState.OPENED);
		await().during(Duration.ofMillis(1200))
			.atMost(Duration.ofSeconds(3))
			.until(() -> client.socket().snapshot().counters().livenessTimeouts() == 0);
		this.server.mode(LoopbackServer.Mode.SILENT);
		long silentSince = System.nanoTime();
		await().atMost(Duration.ofSeconds(3))
			.until(() -> client.socket().snapshot().counters().livenessTimeouts() == 1);
		assertThat(Duration.ofNanos(System.nanoTime() - silentSince)).isLessThan(Duration.ofMillis(400 + 500));
		assertThat(client.socket().snapshot().lastError()).isInstanceOf(LivenessTimeoutException.class);
	}

	@Test
	void answersSentFromTheHandlerAllLeaveInOrder() throws Exception {
		this.server = EchoServer.start();
		List<String> answers = new CopyOnWriteArrayList<>();
		TcpClient<String>[] self = new TcpClient[1];
		self[0] = started(TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(100)).onMessage((line) -> {
			if (line.startsWith("re:")) {
				answers.add(line);
			}
			else {
				self[0].send("re:" + line);
			}
		}));
		awaitState(self[0].socket(), SocketState.OPENED);
		StringBuilder burst = new StringBuilder();
		for (int i = 0; i < 500; i++) {
			burst.append(i).append('\n');
		}
		this.server.sendToAll(burst.toString().getBytes(StandardCharsets.US_ASCII));
		await().untilAsserted(() -> assertThat(answers).hasSize(500));
		for (int i = 0; i < 500; i++) {
			assertThat(answers.get(i)).isEqualTo("re:" + i);
		}
	}

	@Test
	void aThrowingMessageHandlerDoesNotStopTheReader() throws Exception {
		this.server = EchoServer.start();
		List<String> received = new CopyOnWriteArrayList<>();
		TcpClient<String> client = started(
				TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(100)).onMessage((line) -> {
					received.add(line);
					throw new IllegalStateException("handler bug");
				}));
		awaitState(client.socket(), SocketState.OPENED);
		client.send("one");
		client.send("two");
		await().untilAsserted(() -> assertThat(received).containsExactly("one", "two"));
		assertThat(client.socket().snapshot().counters().opens()).isEqualTo(1);
	}

	@Test
	void aLineWithABreakIsRefusedWithoutClosingTheConnection() throws Exception {
		this.server = EchoServer.start();
		TcpClient<String> client = started(TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(100)));
		awaitState(client.socket(), SocketState.OPENED);
		assertThat(client.send("two\nlines").toCompletableFuture()).failsWithin(Duration.ZERO)
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(IllegalArgumentException.class)
			.withMessageContaining("must not contain a line break: 'two\\nlines'");
		assertThat(client.socket().state()).isEqualTo(SocketState.OPENED);
	}

	@Test
	void stoppingClosesTheConnection() throws Exception {
		this.server = EchoServer.start();
		TcpClient<String> client = started(TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(100)));
		awaitState(client.socket(), SocketState.OPENED);
		await().until(() -> this.server.openConnections() == 1);
		client.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
		await().until(() -> this.server.openConnections() == 0);
	}

	@Test
	void twoHundredConnectionsNeedNoThreadEach() throws Exception {
		this.server = EchoServer.start();
		long before = ioThreads();
		List<TcpClient<String>> many = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			many.add(started(TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(100))));
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> many.stream().allMatch((client) -> client.socket().state() == SocketState.OPENED));
		many.forEach((client) -> client.send("hello"));
		await().until(() -> many.stream().allMatch((client) -> client.socket().state() == SocketState.OPENED));
		assertThat(ioThreads() - before).isLessThan(10);
	}

	/**
	 * Threads but the test server's (one per connection) and the core's user-code
	 * threads.
	 */
	private static long ioThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !thread.getName().startsWith("test-server-")
					&& !thread.getName().startsWith("reconnecting-socket-user"))
			.count();
	}

	@Test
	void badOptionsAreRefusedNamingTheOptionTheValueAndWhatIsAllowed() {
		assertThatThrownBy(() -> TcpClient.builder("127.0.0.1", 70000, Framing.raw()))
			.isInstanceOf(InvalidOptionException.class)
			.hasMessage("Invalid value for option 'port': 70000 (allowed: 1 to 65535)");
		assertThatThrownBy(() -> TcpClient.builder(" ", 80, Framing.raw())).isInstanceOf(InvalidOptionException.class)
			.hasMessageContaining("'host'");
		assertThatThrownBy(() -> Framing.lines(0))
			.hasMessage("Invalid value for option 'maxLineLength': 0 (allowed: a positive number of bytes)");
		assertThatThrownBy(() -> TcpClient.builder("h", 1, Framing.raw()).writeQueueLimit(0))
			.hasMessage("Invalid value for option 'writeQueueLimit': 0 (allowed: 1 or more messages)");
		assertThatThrownBy(() -> TcpClient.builder("h", 1, Framing.raw()).heartbeat(Duration.ZERO, new byte[0]))
			.hasMessageContaining("'heartbeat.interval'");
	}

	private <M> TcpClient<M> started(TcpClientBuilder<M> builder) {
		TcpClient<M> client = builder.socket((socket) -> socket.backoff(Clients.FAST)).build();
		this.clients.started(client.socket());
		return client;
	}

}
