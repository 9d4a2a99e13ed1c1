package io.github.reconnectingsocket.reliability;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.Info;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateAndSocket;
import io.github.reconnectingsocket.core.StopOutcome;
import io.github.reconnectingsocket.test.faults.Blackhole;
import io.github.reconnectingsocket.test.faults.FaultServer;
import io.github.reconnectingsocket.harness.NioConnection;
import io.github.reconnectingsocket.harness.NioSocketFactory;
import io.github.reconnectingsocket.test.faults.PortHolder;
import io.github.reconnectingsocket.test.faults.Resources;
import io.github.reconnectingsocket.test.faults.WebSocketServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The defects of issue 10's outside test suite that need real threads, one test each:
 * snapshots consistent under fast cycling, stop bounded while {@code reconnect()}'s or
 * the open timeout's {@code destroy()} blocks and while {@code create()} blocks on a
 * connect, four instances with a slow {@code destroy()}, {@code stopTimeout(0)} that
 * never waits, and {@code stop().get()} inside a state listener. The virtual-clock ones
 * are in {@code core.OutsideSuiteDefectsTest}.
 */
class OutsideSuiteDefectsIT {

	private static final Duration STOP_TIMEOUT = Duration.ofMillis(500);

	/**
	 * Far below the 2.3 to 3 s the outside suite measured, generous for a loaded machine.
	 */
	private static final Duration DESTROY_BLOCKS_UP_TO = Duration.ofSeconds(10);

	private static final Duration MARGIN = Duration.ofMillis(500);

	@AutoClose
	final Resources resources = new Resources();

	private final CountDownLatch release = new CountDownLatch(1);

	OutsideSuiteDefectsIT() {
		this.resources.use(this.release::countDown);
	}

	@Test
	void snapshotsAreConsistentWhileCyclingFast() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.FLAP));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		ReconnectingSocket<NioConnection> cycling = this.resources.use(ReconnectingSocket.builder(client)
			.name("cycling")
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ofMillis(1)).build())
			.build());
		PortHolder refusing = this.resources.use(PortHolder.hold());
		NioSocketFactory refused = this.resources.use(new NioSocketFactory(refusing.address()));
		ReconnectingSocket<NioConnection> reviving = this.resources.use(ReconnectingSocket.builder(refused)
			.name("reviving")
			.backoff(Backoff.builder()
				.strategy("fixed")
				.initialDelay(Duration.ofMillis(1))
				.failAfter(2)
				.reviveAfter(Duration.ofMillis(2))
				.build())
			.build());
		cycling.start();
		reviving.start();
		Map<SocketState, AtomicLong> seen = new EnumMap<>(SocketState.class);
		for (SocketState state : SocketState.values()) {
			seen.put(state, new AtomicLong());
		}
		List<String> violations = new CopyOnWriteArrayList<>();
		AtomicBoolean done = new AtomicBoolean();
		List<Thread> readers = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			Thread reader = new Thread(() -> {
				while (!done.get()) {
					check(cycling.snapshot(), false, seen, violations);
					check(reviving.snapshot(), true, seen, violations);
					StateAndSocket<NioConnection> pair = cycling.stateAndSocket();
					if ((pair.state() == SocketState.OPENED) != (pair.socket() != null)) {
						violations.add("stateAndSocket " + pair);
					}
				}
			}, "snapshot-reader-" + i);
			reader.start();
			readers.add(reader);
		}
		await().pollDelay(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(30))
			.until(() -> seen.get(SocketState.CLOSED).get() > 0 && seen.get(SocketState.FAILED).get() > 0
					&& seen.get(SocketState.OPENED).get() > 0);
		done.set(true);
		for (Thread reader : readers) {
			reader.join(5_000);
		}
		long total = seen.values().stream().mapToLong(AtomicLong::get).sum();
		System.out.println("[snapshots] " + total + " snapshots, per state " + seen + ", cycling opened "
				+ cycling.snapshot().counters().opens() + " times, reviving revived "
				+ reviving.snapshot().counters().revivals() + " times");
		assertThat(violations).as("inconsistent snapshots").isEmpty();
		assertThat(total).isGreaterThan(5_000);
	}

	private static void check(SocketSnapshot snapshot, boolean revives, Map<SocketState, AtomicLong> seen,
			List<String> violations) {
		seen.get(snapshot.state()).incrementAndGet();
		boolean due = snapshot.state() == SocketState.CLOSED || (revives && snapshot.state() == SocketState.FAILED);
		if ((snapshot.nextAttemptAt() != null) != due) {
			violations.add(snapshot.name() + " " + snapshot.state() + " nextAttemptAt " + snapshot.nextAttemptAt());
		}
		boolean outage = snapshot.state() != SocketState.STOPPED && snapshot.state() != SocketState.CLOSING
				&& snapshot.state() != SocketState.OPENED;
		if ((snapshot.disconnectedSince() != null) != outage) {
			violations
				.add(snapshot.name() + " " + snapshot.state() + " disconnectedSince " + snapshot.disconnectedSince());
		}
	}

	@Test
	void stopIsBoundedWhileReconnectsDestroyBlocks() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		ReconnectingSocket<NioConnection> socket = this.resources.use(ReconnectingSocket.builder(NioConnection.class)
			.name("reconnect-destroy-blocks")
			.create(client::create)
			.destroy((connection) -> {
				this.release.await(30, TimeUnit.SECONDS);
				client.destroy(connection);
			})
			.onClose(client::onClose)
			.stopTimeout(STOP_TIMEOUT)
			.build());
		socket.start();
		socket.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS);
		socket.reconnect().toCompletableFuture().get(5, TimeUnit.SECONDS);
		assertStopBounded(socket);
	}

	@Test
	void stopIsBoundedWhileTheOpenTimeoutsDestroyBlocks() throws Exception {
		Blackhole blackhole = this.resources.use(Blackhole.open());
		NioSocketFactory client = this.resources.use(new NioSocketFactory(blackhole.address()));
		List<Info> infos = new CopyOnWriteArrayList<>();
		ReconnectingSocket<NioConnection> socket = this.resources.use(ReconnectingSocket.builder(NioConnection.class)
			.name("timeout-destroy-blocks")
			.create(client::create)
			.destroy((connection) -> {
				this.release.await(30, TimeUnit.SECONDS);
				client.destroy(connection);
			})
			.onClose(client::onClose)
			.openTimeout(Duration.ofMillis(200))
			.stopTimeout(STOP_TIMEOUT)
			.infoListener(infos::add)
			.build());
		socket.start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> infos.stream().anyMatch((info) -> info.kind() == Info.Kind.ATTEMPT_FAILED));
		assertStopBounded(socket);
	}

	@Test
	void stopIsBoundedWhileCreateBlocksOnAWebSocketConnect() throws Exception {
		WebSocketServer server = this.resources.use(WebSocketServer.start(WebSocketServer.Mode.NO_HANDSHAKE));
		HttpClient http = HttpClient.newHttpClient();
		CountDownLatch inCreate = new CountDownLatch(1);
		ReconnectingSocket<WebSocket> socket = this.resources.use(ReconnectingSocket.builder(WebSocket.class)
			.name("create-blocks-on-connect")
			.create((handle, firstOpen) -> {
				inCreate.countDown();
				// the blocking style the issue met: the handshake never comes
				WebSocket webSocket = http.newWebSocketBuilder().buildAsync(server.uri(), new WebSocket.Listener() {
				}).get(30, TimeUnit.SECONDS);
				handle.open();
				return webSocket;
			})
			.destroy(WebSocket::abort)
			.stopTimeout(STOP_TIMEOUT)
			.build());
		socket.start();
		assertThat(inCreate.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(assertStopBounded(socket)).isEqualTo(StopOutcome.TIMED_OUT);
	}

	private StopOutcome assertStopBounded(ReconnectingSocket<?> socket) throws Exception {
		long before = System.nanoTime();
		StopOutcome outcome = socket.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
		Duration took = Duration.ofNanos(System.nanoTime() - before);
		assertThat(took).isLessThan(STOP_TIMEOUT.plus(MARGIN));
		assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
		assertThat(this.release.getCount()).as("the user code is still blocked").isEqualTo(1);
		return outcome;
	}

	@Test
	void fourInstancesWithASlowDestroyAllStopWithinTheirStopTimeoutAndAFifthStillReacts() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		Duration stopTimeout = Duration.ofMillis(200);
		List<ReconnectingSocket<NioConnection>> slow = new ArrayList<>();
		for (int i = 1; i <= 4; i++) {
			slow.add(this.resources.use(ReconnectingSocket.builder(NioConnection.class)
				.name("slow-destroy-" + i)
				.create(client::create)
				.destroy((connection) -> {
					// a destroy() that takes 1.5 s
					this.release.await(1500, TimeUnit.MILLISECONDS);
					client.destroy(connection);
				})
				.onClose(client::onClose)
				.stopTimeout(stopTimeout)
				.build()));
		}
		ReconnectingSocket<NioConnection> healthy = this.resources
			.use(ReconnectingSocket.builder(client).name("healthy").build());
		for (ReconnectingSocket<NioConnection> socket : slow) {
			socket.start();
		}
		for (ReconnectingSocket<NioConnection> socket : slow) {
			socket.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS);
		}
		long before = System.nanoTime();
		List<CompletableFuture<StopOutcome>> stops = new ArrayList<>();
		for (ReconnectingSocket<NioConnection> socket : slow) {
			stops.add(socket.stop().toCompletableFuture());
		}
		// meanwhile a healthy instance starts and opens
		healthy.start();
		healthy.whenOpen().toCompletableFuture().get(stopTimeout.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
		CompletableFuture.allOf(stops.toArray(new CompletableFuture[0]))
			.get(stopTimeout.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
		Duration took = Duration.ofNanos(System.nanoTime() - before);
		System.out.println("[slow-destroy] four stops took " + took.toMillis() + " ms");
		assertThat(took).isLessThan(stopTimeout.plus(MARGIN));
		assertThat(stops).allSatisfy((stop) -> assertThat(stop.join()).isEqualTo(StopOutcome.TIMED_OUT));
	}

	@Test
	void stopTimeoutZeroNeverWaitsForDestroy() throws Exception {
		AtomicReference<CountDownLatch> destroyBlocks = new AtomicReference<>();
		ReconnectingSocket<Object> socket = this.resources
			.use(ReconnectingSocket.builder(Object.class).name("stop-timeout-zero").create((handle, firstOpen) -> {
				handle.open();
				return new Object();
			})
				.destroy((connection) -> destroyBlocks.get()
					.await(DESTROY_BLOCKS_UP_TO.toMillis(), TimeUnit.MILLISECONDS))
				.stopTimeout(Duration.ZERO)
				.build());
		long slowest = 0;
		for (int i = 0; i < 200; i++) {
			CountDownLatch blocked = new CountDownLatch(1);
			destroyBlocks.set(blocked);
			socket.start();
			socket.whenOpen().toCompletableFuture().get(5, TimeUnit.SECONDS);
			long before = System.nanoTime();
			StopOutcome outcome = socket.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
			slowest = Math.max(slowest, System.nanoTime() - before);
			assertThat(outcome).isEqualTo(StopOutcome.TIMED_OUT);
			assertThat(blocked.getCount()).as("stopped while destroy() still blocks, run %d", i).isEqualTo(1);
			blocked.countDown();
		}
		System.out
			.println("[stop-timeout-zero] slowest of 200 stops: " + TimeUnit.NANOSECONDS.toMillis(slowest) + " ms");
		// What proves the point is per run above: the stop completed while destroy()
		// still blocked (for up to 10 s). The bound only catches a stop that waited for
		// it: the stop's stage completes on the user threads, which on Java 17 are a pool
		// shared with the blocked callbacks that earlier tests in this JVM left behind,
		// so it may wait for the pool to grow (seen: 978 ms in a full run, 2 to 193 ms
		// alone).
		assertThat(Duration.ofNanos(slowest)).isLessThan(DESTROY_BLOCKS_UP_TO.dividedBy(4));
	}

	@Test
	void stopAndWaitInsideAStateListenerDoesNotDeadlock() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		CompletableFuture<StopOutcome> seenByListener = new CompletableFuture<>();
		AtomicLong tookNanos = new AtomicLong();
		AtomicReference<ReconnectingSocket<NioConnection>> self = new AtomicReference<>();
		ReconnectingSocket<NioConnection> socket = this.resources.use(ReconnectingSocket.builder(client)
			.name("stops-itself")
			.stopTimeout(Duration.ofSeconds(5))
			.stateListener((change) -> {
				if (change.to() == SocketState.OPENED) {
					long before = System.nanoTime();
					try {
						seenByListener.complete(self.get().stop().toCompletableFuture().get(10, TimeUnit.SECONDS));
					}
					catch (Exception ex) {
						seenByListener.completeExceptionally(ex);
					}
					tookNanos.set(System.nanoTime() - before);
				}
			})
			.build());
		self.set(socket);
		socket.start();
		assertThat(seenByListener.get(10, TimeUnit.SECONDS)).isEqualTo(StopOutcome.CLOSED);
		assertThat(Duration.ofNanos(tookNanos.get())).as("well within the 5 s stop timeout").isLessThan(MARGIN);
		assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
	}

}
