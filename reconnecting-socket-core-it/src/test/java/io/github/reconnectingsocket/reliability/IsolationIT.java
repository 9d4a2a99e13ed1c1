package io.github.reconnectingsocket.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;

import io.github.reconnectingsocket.core.Info;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StopOutcome;
import io.github.reconnectingsocket.test.faults.FaultServer;
import io.github.reconnectingsocket.harness.LibraryWarnings;
import io.github.reconnectingsocket.harness.NioConnection;
import io.github.reconnectingsocket.harness.NioSocketFactory;
import io.github.reconnectingsocket.test.faults.Resources;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 3: user code of one instance never holds up another, on the default
 * threads. Two instances whose {@code create()} blocks for 30 s (a handshake that never
 * comes) do not delay a third, healthy one's open or stop; nor does an instance whose
 * state listener or hook blocks; and a slow call is reported once, naming the instance
 * and the call.
 */
class IsolationIT {

	private static final Duration STOP_TIMEOUT = Duration.ofMillis(300);

	/**
	 * "a few hundred ms": far below the 20 s of the issue, generous for a loaded shared
	 * machine.
	 */
	private static final Duration OPEN_WITHIN = Duration.ofMillis(500);

	private static final Duration MARGIN = Duration.ofMillis(500);

	@AutoClose
	final Resources resources = new Resources();

	private final CountDownLatch release = new CountDownLatch(1);

	private final FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));

	private final NioSocketFactory client = this.resources.use(new NioSocketFactory(this.server.address()));

	private final LibraryWarnings warnings = this.resources.use(new LibraryWarnings());

	IsolationIT() {
		// closed first (pushed last): blocked user code is released before the machines
		// are stopped
	}

	private void releaseLast() {
		this.resources.use(this.release::countDown);
	}

	private ReconnectingSocket<NioConnection> blockedInCreate(String name, List<Info> infos) {
		return this.resources
			.use(ReconnectingSocket.builder(NioConnection.class).name(name).create((handle, firstOpen) -> {
				this.release.await(30, TimeUnit.SECONDS);
				return this.client.create(handle, firstOpen);
			})
				.destroy(this.client::destroy)
				.onClose(this.client::onClose)
				.openTimeout(Duration.ofSeconds(60))
				.stopTimeout(STOP_TIMEOUT)
				.slowCallThreshold(Duration.ofMillis(200))
				.infoListener(infos::add)
				.build());
	}

	private ReconnectingSocket<NioConnection> healthy(String name) {
		return this.resources.use(ReconnectingSocket.builder(this.client).name(name).stopTimeout(STOP_TIMEOUT).build());
	}

	@Test
	void twoInstancesBlockedInCreateDelayNeitherTheOpenNorTheStopOfAThird() throws Exception {
		List<Info> infos = new CopyOnWriteArrayList<>();
		ReconnectingSocket<NioConnection> blocked1 = blockedInCreate("blocked-1", infos);
		ReconnectingSocket<NioConnection> blocked2 = blockedInCreate("blocked-2", infos);
		ReconnectingSocket<NioConnection> third = healthy("third");
		releaseLast();
		blocked1.start();
		blocked2.start();
		long before = System.nanoTime();
		third.start();
		third.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS);
		Duration opened = Duration.ofNanos(System.nanoTime() - before);
		assertThat(opened).isLessThan(OPEN_WITHIN);
		assertThat(blocked1.state()).isEqualTo(SocketState.OPENING);
		assertThat(blocked2.state()).isEqualTo(SocketState.OPENING);

		// the slow-call watchdog: one WARN and one SLOW_CALL info per blocked create(),
		// naming both
		await().atMost(Duration.ofSeconds(5))
			.until(() -> infos.stream().filter((info) -> info.kind() == Info.Kind.SLOW_CALL).count() == 2);
		await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
			assertThat(this.warnings.containing("'blocked-1'")).hasSize(1);
			assertThat(this.warnings.containing("'blocked-2'")).hasSize(1);
			assertThat(infos).filteredOn((info) -> info.kind() == Info.Kind.SLOW_CALL).hasSize(2);
		});
		LogRecord warning = this.warnings.containing("'blocked-1'").get(0);
		assertThat(warning.getMessage()).contains("create()").contains("200 ms");
		assertThat(infos).filteredOn((info) -> info.kind() == Info.Kind.SLOW_CALL)
			.extracting(Info::socketName)
			.containsExactlyInAnyOrder("blocked-1", "blocked-2");

		// stop all three at once: each within its stop timeout, the healthy one cleanly
		long stopping = System.nanoTime();
		List<CompletableFuture<StopOutcome>> stops = new ArrayList<>();
		for (ReconnectingSocket<NioConnection> socket : List.of(blocked1, blocked2, third)) {
			stops.add(socket.stop().toCompletableFuture());
		}
		CompletableFuture.allOf(stops.toArray(new CompletableFuture[0]))
			.get(STOP_TIMEOUT.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
		Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);
		assertThat(stopped).isLessThan(STOP_TIMEOUT.plus(MARGIN));
		assertThat(stops.get(0).join()).isEqualTo(StopOutcome.TIMED_OUT);
		assertThat(stops.get(1).join()).isEqualTo(StopOutcome.TIMED_OUT);
		assertThat(stops.get(2).join()).isEqualTo(StopOutcome.CLOSED);
		assertThat(this.warnings
			.containing("'blocked-1' stopped after the stop timeout of 300 ms: create() was still running")).hasSize(1);
		System.out.println("[isolation] third opened in " + opened.toMillis() + " ms, all three stopped in "
				+ stopped.toMillis() + " ms");
	}

	@Test
	void aBlockingStateListenerHoldsUpNeitherAnotherInstanceNorItsOwnStop() throws Exception {
		ReconnectingSocket<NioConnection> stuck = this.resources.use(ReconnectingSocket.builder(this.client)
			.name("listener-blocks")
			.stopTimeout(STOP_TIMEOUT)
			.stateListener((change) -> {
				if (change.to() == SocketState.OPENED) {
					awaitRelease();
				}
			})
			.build());
		ReconnectingSocket<NioConnection> other = healthy("other");
		releaseLast();
		stuck.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> stuck.state() == SocketState.OPENED);
		long before = System.nanoTime();
		other.start();
		other.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(OPEN_WITHIN);
		long stopping = System.nanoTime();
		stuck.stop().toCompletableFuture().get(STOP_TIMEOUT.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(STOP_TIMEOUT.plus(MARGIN));
		assertThat(stuck.state()).isEqualTo(SocketState.STOPPED);
		assertThat(this.release.getCount()).as("the listener is still blocked").isEqualTo(1);
	}

	@Test
	void aBlockingHookHoldsUpNeitherAnotherInstanceNorItsOwnStop() throws Exception {
		ReconnectingSocket<NioConnection> stuck = this.resources.use(ReconnectingSocket.builder(NioConnection.class)
			.name("hook-blocks")
			.create(this.client::create)
			.destroy(this.client::destroy)
			.onOpen((connection, firstOpen) -> awaitRelease())
			.onClose(this.client::onClose)
			.stopTimeout(STOP_TIMEOUT)
			.build());
		ReconnectingSocket<NioConnection> other = healthy("other");
		releaseLast();
		stuck.start();
		// (its own whenOpen() completes after onOpen returns: it waits behind the hook,
		// by design)
		await().atMost(Duration.ofSeconds(10)).until(() -> stuck.state() == SocketState.OPENED);
		long before = System.nanoTime();
		other.start();
		other.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(OPEN_WITHIN);
		// the other instance still reconnects at once
		long reconnecting = System.nanoTime();
		other.reconnect();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> other.snapshot().counters().opens() == 2 && other.state() == SocketState.OPENED);
		assertThat(Duration.ofNanos(System.nanoTime() - reconnecting)).isLessThan(OPEN_WITHIN);
		long stopping = System.nanoTime();
		stuck.stop().toCompletableFuture().get(STOP_TIMEOUT.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(STOP_TIMEOUT.plus(MARGIN));
	}

	private void awaitRelease() {
		try {
			this.release.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
