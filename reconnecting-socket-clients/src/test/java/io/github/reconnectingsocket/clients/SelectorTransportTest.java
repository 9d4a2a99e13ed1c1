package io.github.reconnectingsocket.clients;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.github.reconnectingsocket.core.OpenTimeoutException;
import io.github.reconnectingsocket.core.SocketState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.reconnectingsocket.clients.Clients.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The selector transport itself: many connections on one thread, nothing left open after
 * a cancelled connect or a stop, writes held back by a peer that stops reading, TLS over
 * it, and a loop whose thread ends when idle.
 */
class SelectorTransportTest {

	private static final Path FDS = Path.of("/proc/self/fd");

	@TempDir
	Path directory;

	private final Clients clients = new Clients();

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		this.clients.close();
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void threeHundredConnectionsShareTheOneSelectorThread() throws Exception {
		EchoServer server = track(EchoServer.start());
		Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
		AtomicLong echoes = new AtomicLong();
		List<TcpClient<String>> many = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			many.add(started(TcpClient.builder("127.0.0.1", server.port(), Framing.lines(100)).onMessage((line) -> {
				handlerThreads.add(Thread.currentThread().getName());
				echoes.incrementAndGet();
			})));
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> many.stream().allMatch((client) -> client.socket().state() == SocketState.OPENED));
		many.forEach((client) -> client.send("hello"));
		await().atMost(Duration.ofSeconds(30)).until(() -> echoes.get() == 300);
		assertThat(SelectorLoop.THREADS).isEqualTo(1);
		Thread loopThread = SelectorLoop.shared().get(0).thread();
		assertThat(loopThread).isNotNull().matches(Thread::isDaemon);
		assertThat(handlerThreads).containsExactly(loopThread.getName());
		assertThat(registeredChannels()).isEqualTo(300);
	}

	@Test
	void stoppedConnectionsLeaveNoDescriptorAndNoRegistration() throws Exception {
		assumeThat(Files.isDirectory(FDS)).as("/proc/self/fd (Linux)").isTrue();
		EchoServer server = track(EchoServer.start());
		await().until(() -> registeredChannels() == 0);
		long before = openSockets();
		List<TcpClient<String>> many = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			many.add(started(TcpClient.builder("127.0.0.1", server.port(), Framing.lines(100))));
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> many.stream().allMatch((client) -> client.socket().state() == SocketState.OPENED));
		assertThat(openSockets()).isGreaterThanOrEqualTo(before + 50);
		this.clients.close();
		await().until(() -> registeredChannels() == 0);
		// the server's ends close once it sees ours closed
		await().until(() -> server.openConnections() == 0);
		await().untilAsserted(() -> assertThat(openSockets()).isLessThanOrEqualTo(before));
	}

	@Test
	void aConnectCancelledByTheOpenTimeoutLeavesNoChannelOpen() throws Exception {
		assumeThat(Files.isDirectory(FDS)).as("/proc/self/fd (Linux)").isTrue();
		int port = fullBacklog();
		await().until(() -> registeredChannels() == 0);
		long before = openSockets();
		TcpClient<String> client = started(TcpClient.builder("127.0.0.1", port, Framing.lines(100))
			.socket((socket) -> socket.openTimeout(Duration.ofMillis(200))));
		await().atMost(Duration.ofSeconds(10)).until(() -> client.socket().snapshot().counters().failedAttempts() >= 3);
		assertThat(client.socket().snapshot().lastError()).isInstanceOf(OpenTimeoutException.class);
		assertThat(client.socket().snapshot().counters().opens()).isZero();
		client.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
		await().until(() -> registeredChannels() == 0);
		await().untilAsserted(() -> assertThat(openSockets()).isLessThanOrEqualTo(before));
	}

	@Test
	void aPeerThatStopsReadingBacksUpTheWritesAndTheyAllLeaveInOrderWhenItReadsAgain() throws Exception {
		EchoServer server = track(EchoServer.start());
		server.mode(LoopbackServer.Mode.DEAF);
		int size = 1024 * 1024;
		OrderedBytes received = new OrderedBytes(size);
		TcpClient<byte[]> client = started(TcpClient.builder("127.0.0.1", server.port(), Framing.raw())
			.writeQueueLimit(4)
			.onMessage(received::accept));
		awaitState(client.socket(), SocketState.OPENED);
		List<CompletionStage<Void>> accepted = new ArrayList<>();
		CompletionStage<Void> refused = null;
		for (int i = 0; i < 200 && refused == null; i++) {
			byte[] message = new byte[size];
			Arrays.fill(message, (byte) i);
			CompletionStage<Void> sent = client.send(message);
			if (sent.toCompletableFuture().isCompletedExceptionally()) {
				refused = sent;
			}
			else {
				accepted.add(sent);
			}
		}
		assertThat(refused).as("a send refused once the socket buffers and the queue are full").isNotNull();
		assertThat(refused.toCompletableFuture()).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(WriteQueueFullException.class);
		TcpConnection<byte[]> connection = client.socket().socket().orElseThrow();
		assertThat(connection.unwrittenMessages()).isPositive();
		assertThat(accepted.get(accepted.size() - 1).toCompletableFuture()).isNotDone();
		server.mode(LoopbackServer.Mode.ANSWER);
		CompletableFuture
			.allOf(accepted.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
			.get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(30)).until(() -> received.count() == (long) accepted.size() * size);
		assertThat(received.outOfOrder()).isFalse();
		assertThat(connection.unwrittenMessages()).isZero();
		assertThat(client.socket().snapshot().counters().opens()).isEqualTo(1);
	}

	@Test
	void tlsConnectionsShareTheSelectorThreadAndCarryLargeFramesBothWays() throws Exception {
		TestCertificate certificate = TestCertificate.generate(this.directory, "loopback",
				"dns:localhost,ip:127.0.0.1");
		EchoServer server = track(EchoServer.start(certificate.serverContext()));
		Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
		byte[] large = new byte[200_000];
		for (int i = 0; i < large.length; i++) {
			large[i] = (byte) (i * 31);
		}
		List<byte[]> received = new CopyOnWriteArrayList<>();
		List<TcpClient<byte[]>> many = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			many.add(started(TcpClient.builder("127.0.0.1", server.port(), Framing.lengthPrefixed(1024 * 1024))
				.ssl(certificate.clientContext())
				.onMessage((frame) -> {
					handlerThreads.add(Thread.currentThread().getName());
					received.add(frame);
				})));
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> many.stream().allMatch((client) -> client.socket().state() == SocketState.OPENED));
		many.forEach((client) -> client.send(large));
		await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 10);
		assertThat(received).allSatisfy((frame) -> assertThat(frame).isEqualTo(large));
		assertThat(handlerThreads).singleElement().asString().startsWith("reconnecting-socket-io-");
	}

	@Test
	@SuppressWarnings("removal")
	void aClientGivenAChannelGroupGetsASelectorThreadOfItsOwn() throws Exception {
		EchoServer server = track(EchoServer.start());
		AsynchronousChannelGroup group = AsynchronousChannelGroup.withFixedThreadPool(1, Thread::new);
		this.resources.add(group::shutdownNow);
		Set<String> shared = ConcurrentHashMap.newKeySet();
		Set<String> own = ConcurrentHashMap.newKeySet();
		TcpClient<String> onShared = started(TcpClient.builder("127.0.0.1", server.port(), Framing.lines(100))
			.onMessage((line) -> shared.add(Thread.currentThread().getName())));
		TcpClient<String> onOwn = started(TcpClient.builder("127.0.0.1", server.port(), Framing.lines(100))
			.channelGroup(group)
			.onMessage((line) -> own.add(Thread.currentThread().getName())));
		awaitState(onShared.socket(), SocketState.OPENED);
		awaitState(onOwn.socket(), SocketState.OPENED);
		onShared.send("a");
		onOwn.send("b");
		await().until(() -> !shared.isEmpty() && !own.isEmpty());
		assertThat(own).singleElement().asString().startsWith("reconnecting-socket-io-");
		assertThat(own).doesNotContainAnyElementsOf(shared);
	}

	@Test
	void anIdleLoopEndsItsThreadAndTheNextTaskStartsAnother() throws Exception {
		SelectorLoop loop = new SelectorLoop();
		CountDownLatch ran = new CountDownLatch(1);
		loop.execute(ran::countDown);
		assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
		Thread first = loop.thread();
		assertThat(first).isNotNull().matches(Thread::isDaemon);
		await().atMost(Duration.ofMillis(SelectorLoop.IDLE_MILLIS * 3)).until(() -> loop.thread() == null);
		await().until(() -> !first.isAlive());
		AtomicBoolean ranAgain = new AtomicBoolean();
		assertThat(loop.call(() -> ranAgain.compareAndSet(false, true)).get(5, TimeUnit.SECONDS)).isTrue();
		assertThat(loop.thread()).isNotNull().isNotSameAs(first);
	}

	@Test
	void tasksFromManyThreadsAllRunInTheOrderEachThreadQueuedThem() throws Exception {
		SelectorLoop loop = new SelectorLoop();
		int producers = 4;
		int perProducer = 10_000;
		int[] last = new int[producers];
		AtomicBoolean outOfOrder = new AtomicBoolean();
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			int producer = p;
			threads.add(new Thread(() -> {
				for (int i = 1; i <= perProducer; i++) {
					int value = i;
					loop.execute(() -> {
						if (last[producer] != value - 1) {
							outOfOrder.set(true);
						}
						last[producer] = value;
					});
				}
			}));
		}
		threads.forEach(Thread::start);
		for (Thread thread : threads) {
			thread.join(10_000);
		}
		loop.call(() -> null).get(10, TimeUnit.SECONDS);
		assertThat(outOfOrder).isFalse();
		assertThat(loop.call(() -> Arrays.stream(last).sum()).get(5, TimeUnit.SECONDS))
			.isEqualTo(producers * perProducer);
	}

	// ---------------------------------------------------------------- fixtures

	/**
	 * A listening port whose accept queue is full and never drained: a connect to it
	 * stays pending (Linux drops the SYN).
	 */
	private int fullBacklog() throws IOException {
		ServerSocket listening = new ServerSocket();
		listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
		track(listening);
		int port = listening.getLocalPort();
		for (int i = 0; i < 2; i++) {
			Socket filler = new Socket();
			filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
			track(filler);
		}
		try (SocketChannel probe = SocketChannel.open()) {
			probe.configureBlocking(false);
			assumeThat(probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
				.as("a connect to a full accept queue is pending")
				.isFalse();
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !probe.finishConnect());
		}
		return port;
	}

	/**
	 * Socket descriptors of this process. Compared with "at most as many as before":
	 * another part of the JVM may close one of its own meanwhile, never open one here.
	 */
	private static long openSockets() throws IOException {
		try (Stream<Path> descriptors = Files.list(FDS)) {
			return descriptors.filter((fd) -> {
				try {
					return Files.readSymbolicLink(fd).toString().startsWith("socket:");
				}
				catch (IOException ex) {
					return false; // closed while listed
				}
			}).count();
		}
	}

	private static int registeredChannels() throws Exception {
		return SelectorLoop.shared().get(0).registeredChannels().get(5, TimeUnit.SECONDS);
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(0, resource);
		return resource;
	}

	private <M> TcpClient<M> started(TcpClientBuilder<M> builder) {
		TcpClient<M> client = builder.socket((socket) -> socket.backoff(Clients.FAST)).build();
		this.clients.started(client.socket());
		return client;
	}

	/** Counts bytes received and checks that message i's bytes are all i, in order. */
	private static final class OrderedBytes {

		private final int size;

		private final AtomicLong count = new AtomicLong();

		private volatile boolean outOfOrder;

		OrderedBytes(int size) {
			this.size = size;
		}

		void accept(byte[] chunk) {
			long position = this.count.get();
			for (byte b : chunk) {
				if (b != (byte) (position / this.size)) {
					this.outOfOrder = true;
				}
				position++;
			}
			this.count.set(position);
		}

		long count() {
			return this.count.get();
		}

		boolean outOfOrder() {
			return this.outOfOrder;
		}

	}

}
