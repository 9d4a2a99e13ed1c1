package io.github.reconnectingsocket.reliability;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.Info;
import io.github.reconnectingsocket.core.OpenTimeoutException;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.test.faults.Blackhole;
import io.github.reconnectingsocket.test.faults.FaultServer;
import io.github.reconnectingsocket.harness.JdkWebSocketFactory;
import io.github.reconnectingsocket.harness.NioConnection;
import io.github.reconnectingsocket.harness.NioSocketFactory;
import io.github.reconnectingsocket.test.faults.Resources;
import io.github.reconnectingsocket.harness.Transitions;
import io.github.reconnectingsocket.test.faults.WebSocketServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 2: every attempt is bounded by the open timeout whatever user code does,
 * on real loopback sockets: a {@code create()} that blocks, a WebSocket handshake that
 * never comes, a handshake that comes too late (its socket is destroyed and closed), and
 * {@code reconnect()} and the open timeout go on while {@code destroy()} blocks.
 */
class OpenTimeoutIT {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Duration OPEN_TIMEOUT = Duration.ofMillis(300);

	/**
	 * Far below what an unbounded attempt would take (30 s), generous for a loaded
	 * machine.
	 */
	private static final Duration SLACK = Duration.ofMillis(700);

	@AutoClose
	final Resources resources = new Resources();

	private final CountDownLatch release = new CountDownLatch(1);

	private final Transitions transitions = new Transitions();

	OpenTimeoutIT() {
		// closed last: whatever blocks on it is released even when a test fails
		this.resources.use(this.release::countDown);
	}

	@Test
	void theOpenTimeoutFiresWhileCreateBlocksAndTheLateSocketIsDestroyedAndClosed() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		List<String> calls = new CopyOnWriteArrayList<>();
		ReconnectingSocket<NioConnection> socket = this.resources
			.use(ReconnectingSocket.builder(NioConnection.class).name("create-blocks").create((handle, firstOpen) -> {
				calls.add("create");
				// a client whose constructor blocks on its connect, stuck for 30 s
				SocketHandle silenced = new Silenced(handle);
				NioConnection connection = client.create(silenced, firstOpen);
				OpenTimeoutIT.this.release.await(30, TimeUnit.SECONDS);
				calls.add("create returned");
				return connection;
			}).destroy((connection) -> {
				calls.add("destroy");
				client.destroy(connection);
			}).onClose((connection) -> {
				calls.add("onClose");
				client.onClose(connection);
			})
				.openTimeout(OPEN_TIMEOUT)
				.backoff(Backoff.builder().failAfter(1).build())
				.stateListener(this.transitions)
				.build());
		long before = System.nanoTime();
		socket.start();
		StateChange failed = this.transitions.awaitFirst(SocketState.FAILED);
		Duration took = Duration.ofNanos(this.transitions.heardNanos(failed) - before);
		assertThat(took).isBetween(OPEN_TIMEOUT, OPEN_TIMEOUT.plus(SLACK));
		assertThat(failed.lastError()).isInstanceOf(OpenTimeoutException.class);
		assertThat(calls).containsExactly("create");
		// the socket comes after the attempt was given up: destroyed, and its onClose
		// runs
		this.release.countDown();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(calls).hasSize(4)
				.startsWith("create", "create returned")
				// destroy() runs on a task of its own, beside onClose
				.contains("destroy", "onClose"));
		await().atMost(Duration.ofSeconds(10)).until(() -> client.openChannels() == 0);
		assertThat(socket.state()).isEqualTo(SocketState.FAILED);
	}

	@Test
	void theOpenTimeoutFiresWhileAWebSocketHandshakeNeverComesAndCancelsTheStage() throws Exception {
		WebSocketServer server = this.resources.use(WebSocketServer.start(WebSocketServer.Mode.NO_HANDSHAKE));
		JdkWebSocketFactory factory = new JdkWebSocketFactory(HTTP, server.uri());
		ReconnectingSocket<WebSocket> socket = this.resources.use(ReconnectingSocket.builder(factory)
			.name("no-handshake")
			.openTimeout(OPEN_TIMEOUT)
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ofMillis(50)).failAfter(2).build())
			.stateListener(this.transitions)
			.build());
		long before = System.nanoTime();
		socket.start();
		StateChange failed = this.transitions.awaitFirst(SocketState.FAILED);
		Duration took = Duration.ofNanos(this.transitions.heardNanos(failed) - before);
		// two attempts of 300 ms and a 50 ms delay
		assertThat(took).isBetween(OPEN_TIMEOUT.multipliedBy(2), OPEN_TIMEOUT.multipliedBy(2).plus(SLACK).plus(SLACK));
		assertThat(this.transitions.trace())
			.isEqualTo("stopped>opening opening>closed closed>reopening reopening>failed");
		assertThat(failed.lastError()).isInstanceOf(OpenTimeoutException.class)
			.hasMessageContaining("Attempt 2")
			.hasMessageContaining("300 ms");
		assertThat(server.accepted()).as("TCP connected each time").isEqualTo(2);
		assertThat(server.handshakes()).isZero();
		// cancelled: the JDK's stage either is cancelled itself, or completes with its
		// own
		// CancellationException ("Request cancelled") as it drops the request, whichever
		// of the two wins the race inside the client
		assertThat(factory.connects()).hasSize(2).allSatisfy((stage) -> {
			Throwable error = stage.toCompletableFuture().handle((webSocket, ex) -> ex).join();
			assertThat(error).isNotNull();
			assertThat(stage.toCompletableFuture().isCancelled() || String.valueOf(error).contains("Request cancelled"))
				.as("cancelled: %s", error)
				.isTrue();
		});
		assertThat(factory.closed()).as("no WebSocket was ever made").isZero();
	}

	@Test
	void aWebSocketWhoseHandshakeCompletesAfterTheOpenTimeoutIsDestroyedAndClosed() throws Exception {
		WebSocketServer server = this.resources.use(WebSocketServer.start(WebSocketServer.Mode.ECHO));
		server.handshakeDelay(OPEN_TIMEOUT.multipliedBy(2));
		JdkWebSocketFactory factory = new JdkWebSocketFactory(HTTP, server.uri()).uncancellable();
		List<Info> infos = new CopyOnWriteArrayList<>();
		ReconnectingSocket<WebSocket> socket = this.resources.use(ReconnectingSocket.builder(factory)
			.name("late-handshake")
			.openTimeout(OPEN_TIMEOUT)
			.backoff(Backoff.builder().failAfter(1).build())
			.stateListener(this.transitions)
			.infoListener(infos::add)
			.build());
		socket.start();
		this.transitions.awaitFirst(SocketState.FAILED);
		await().atMost(Duration.ofSeconds(10)).until(() -> factory.destroyed() == 1 && factory.closed() == 1);
		assertThat(infos).anyMatch((info) -> info.kind() == Info.Kind.DESTROYED
				&& info.message().equals("destroying the late socket of given-up attempt 1"));
		assertThat(server.handshakes()).isEqualTo(1);
		// abort() closed the late WebSocket's connection
		await().atMost(Duration.ofSeconds(10)).until(() -> server.live() == 0);
		assertThat(socket.state()).isEqualTo(SocketState.FAILED);
	}

	@Test
	void reconnectIsNotHeldUpByADestroyThatBlocks() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		ReconnectingSocket<NioConnection> socket = this.resources
			.use(ReconnectingSocket.builder(blockingDestroy(client))
				.name("reconnect-destroy-blocks")
				.stopTimeout(Duration.ofMillis(300))
				.stateListener(this.transitions)
				.build());
		NioConnection first = startAndAwaitOpen(socket);
		long before = System.nanoTime();
		SocketSnapshot handled = socket.reconnect().toCompletableFuture().get(5, TimeUnit.SECONDS);
		assertThat(handled.state()).isEqualTo(SocketState.REOPENING);
		NioConnection second = socket.whenOpen().toCompletableFuture().get(5, TimeUnit.SECONDS);
		Duration took = Duration.ofNanos(System.nanoTime() - before);
		assertThat(second).isNotSameAs(first);
		assertThat(took).isLessThan(SLACK);
		assertThat(this.release.getCount()).as("destroy() of the first still blocked").isEqualTo(1);
	}

	@Test
	void theNextAttemptAfterAnOpenTimeoutIsNotHeldUpByADestroyThatBlocks() throws Exception {
		Blackhole blackhole = this.resources.use(Blackhole.open());
		NioSocketFactory client = this.resources.use(new NioSocketFactory(blackhole.address()));
		ReconnectingSocket<NioConnection> socket = this.resources
			.use(ReconnectingSocket.builder(blockingDestroy(client))
				.name("timeout-destroy-blocks")
				.openTimeout(OPEN_TIMEOUT)
				.stopTimeout(Duration.ofMillis(300))
				.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ofMillis(50)).build())
				.stateListener(this.transitions)
				.build());
		long before = System.nanoTime();
		socket.start();
		// three attempts each given up by the open timeout, each destroy() blocked for
		// good
		StateChange third = this.transitions.awaitNth(SocketState.CLOSED, 3);
		Duration took = Duration.ofNanos(this.transitions.heardNanos(third) - before);
		assertThat(took).isBetween(OPEN_TIMEOUT.multipliedBy(3), OPEN_TIMEOUT.multipliedBy(3).plus(SLACK).plus(SLACK));
		assertThat(third.lastError()).isInstanceOf(OpenTimeoutException.class);
	}

	private NioConnection startAndAwaitOpen(ReconnectingSocket<NioConnection> socket) throws Exception {
		socket.start();
		return socket.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS);
	}

	/** Delegates, but {@code destroy()} blocks until the test ends, then destroys. */
	private SocketFactory<NioConnection> blockingDestroy(NioSocketFactory client) {
		AtomicInteger destroys = new AtomicInteger();
		return new SocketFactory<>() {

			@Override
			public NioConnection create(SocketHandle handle, boolean firstOpen) throws Exception {
				return client.create(handle, firstOpen);
			}

			@Override
			public void destroy(NioConnection connection) throws InterruptedException {
				destroys.incrementAndGet();
				OpenTimeoutIT.this.release.await(30, TimeUnit.SECONDS);
				client.destroy(connection);
			}

			@Override
			public void onClose(NioConnection connection) {
				client.onClose(connection);
			}

		};
	}

	/**
	 * A handle that passes on nothing but close(): a client that opens only once its
	 * blocked create() returns.
	 */
	private record Silenced(SocketHandle handle) implements SocketHandle {

		@Override
		public void open() {
		}

		@Override
		public void error(Throwable error) {
			this.handle.error(error);
		}

		@Override
		public void close() {
			this.handle.close();
		}

		@Override
		public void alive() {
			this.handle.alive();
		}

		@Override
		public void retryAfter(Duration delay) {
			this.handle.retryAfter(delay);
		}

		@Override
		public long attemptId() {
			return this.handle.attemptId();
		}

	}

}
