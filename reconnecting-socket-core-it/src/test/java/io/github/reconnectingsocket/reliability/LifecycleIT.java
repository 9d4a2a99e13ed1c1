package io.github.reconnectingsocket.reliability;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.StopOutcome;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.test.faults.Blackhole;
import io.github.reconnectingsocket.harness.CountingScheduler;
import io.github.reconnectingsocket.test.faults.FaultServer;
import io.github.reconnectingsocket.harness.NioConnection;
import io.github.reconnectingsocket.harness.NioSocketFactory;
import io.github.reconnectingsocket.harness.NioSocketFactory.DestroyMode;
import io.github.reconnectingsocket.test.faults.PortHolder;
import io.github.reconnectingsocket.harness.Recorder;
import io.github.reconnectingsocket.test.faults.Resources;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Commands at awkward moments, over real loopback TCP: stop while opening, while opened
 * and while waiting out a delay; start while closing; a stale close after stop and start;
 * start after giving up. Timers run on a {@link CountingScheduler}, so a timer left
 * behind is seen at once.
 */
class LifecycleIT {

	private static final String OPEN_FIRST = "stopped>opening create:first opening>opened onOpen:first";

	@AutoClose
	final Resources resources = new Resources();

	private final CountingScheduler scheduler = this.resources.use(new CountingScheduler());

	private NioSocketFactory client;

	private Recorder<NioConnection> recorder;

	private ReconnectingSocket<NioConnection> machine(InetSocketAddress address,
			UnaryOperator<ReconnectingSocketBuilder<NioConnection>> options) {
		this.client = this.resources.use(new NioSocketFactory(address));
		this.recorder = new Recorder<>(this.client);
		return this.resources.use(this.recorder.build((builder) -> options.apply(builder.name("lifecycle")
			.scheduler(this.scheduler)
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ofMillis(50)).build()))));
	}

	private void assertStoppedClean(ReconnectingSocket<NioConnection> socket) {
		assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
		assertThat(this.scheduler.pending()).as("timers pending once stopped").isZero();
		this.recorder.assertEverySocketClosedOnce();
		await().atMost(Recorder.PATIENCE).until(() -> this.client.openChannels() == 0);
	}

	@Test
	void stopWhileOpening() throws Exception {
		Blackhole blackhole = this.resources.use(Blackhole.open());
		ReconnectingSocket<NioConnection> socket = machine(blackhole.address(), UnaryOperator.identity());
		socket.start();
		recorder.awaitTrace("stopped>opening create:first");
		long before = System.nanoTime();
		socket.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
		// the pending connect is aborted at once, well before the stop timeout (10 s) or
		// the open timeout (30 s)
		assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
		recorder.awaitTrace("stopped>opening create:first opening>closing onClose closing>stopped");
		assertStoppedClean(socket);
	}

	@Test
	void stopWhileOpened() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		ReconnectingSocket<NioConnection> socket = machine(server.address(), UnaryOperator.identity());
		socket.start();
		recorder.awaitTrace(OPEN_FIRST);
		await().atMost(Recorder.PATIENCE).until(() -> server.live() == 1);
		socket.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
		recorder.awaitTrace(OPEN_FIRST + " opened>closing onClose closing>stopped");
		await().atMost(Recorder.PATIENCE).until(() -> server.live() == 0);
		assertStoppedClean(socket);
	}

	@Test
	void stopWhileWaitingOutADelayCancelsIt() throws Exception {
		PortHolder closed = this.resources.use(PortHolder.hold());
		ReconnectingSocket<NioConnection> socket = machine(closed.address(), (builder) -> builder
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ofSeconds(30)).build()));
		socket.start();
		recorder.awaitTrace("stopped>opening create:first onClose opening>closed");
		await().atMost(Recorder.PATIENCE).until(() -> this.scheduler.pending() == 1);
		socket.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
		recorder.awaitTrace("stopped>opening create:first onClose opening>closed closed>closing closing>stopped");
		assertStoppedClean(socket);
	}

	@Test
	void startDuringClosingStartsOnceStopped() throws Exception {
		// a graceful close against a server that never answers: CLOSING lasts until the
		// server closes
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.STALL));
		ReconnectingSocket<NioConnection> socket = machine(server.address(), UnaryOperator.identity());
		this.client.destroyMode(DestroyMode.GRACEFUL);
		socket.start();
		recorder.awaitTrace(OPEN_FIRST);
		await().atMost(Recorder.PATIENCE).until(() -> server.live() == 1);
		CompletableFuture<StopOutcome> stopped = socket.stop().toCompletableFuture();
		recorder.awaitTrace(OPEN_FIRST + " opened>closing");
		await().atMost(Recorder.PATIENCE).until(() -> recorder.countsOf(recorder.created().get(0)).destroys() == 1);
		socket.start();
		await().atMost(Recorder.PATIENCE)
			.until(() -> recorder.infos().contains("start() while closing: will start once stopped"));
		assertThat(socket.state()).isEqualTo(SocketState.CLOSING);
		assertThat(stopped).isNotDone();
		server.closeConnections();
		recorder.awaitTrace(OPEN_FIRST + " opened>closing onClose closing>stopped " + OPEN_FIRST);
		assertThat(stopped).isCompleted();
		assertThat(server.accepted()).isEqualTo(2);
		this.client.destroyMode(DestroyMode.ABORT);
		socket.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
		assertStoppedClean(socket);
	}

	@Test
	void aCloseFromTheSocketOfBeforeStopAndStartIsStale() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.STALL));
		ReconnectingSocket<NioConnection> socket = machine(server.address(),
				(builder) -> builder.stopTimeout(Duration.ofMillis(300)));
		this.client.destroyMode(DestroyMode.GRACEFUL);
		socket.start();
		recorder.awaitTrace(OPEN_FIRST);
		NioConnection first = socket.socket().orElseThrow();
		long stopAt = System.nanoTime();
		socket.stop();
		socket.start();
		// the stop timeout gives up on the first socket; its onClose closes the channel,
		// and the close()
		// that follows arrives when the second attempt is current: stale, ignored
		recorder.awaitTrace(OPEN_FIRST + " opened>closing onClose closing>stopped " + OPEN_FIRST);
		await().atMost(Recorder.PATIENCE)
			.until(() -> recorder.infos().contains("ignored stale close() from attempt 1"));
		assertThat(first.isClosed()).isTrue();
		long stoppedAt = recorder.nanosOf(SocketState.CLOSING, SocketState.STOPPED).get(0);
		assertThat(Duration.ofNanos(stoppedAt - stopAt)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		String trace = recorder.trace();
		await().during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(2))
			.until(() -> socket.state() == SocketState.OPENED && recorder.trace().equals(trace));
		assertThat(socket.socket()).containsSame(recorder.created().get(1));
		server.closeConnections();
		socket.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
		assertStoppedClean(socket);
	}

	@Test
	void startAfterFailAfterWasReachedStartsAfresh() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		server.kill();
		ReconnectingSocket<NioConnection> socket = machine(server.address(), (builder) -> builder
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ofMillis(50)).failAfter(2).build()));
		socket.start();
		String failed = "stopped>opening create:first onClose opening>closed"
				+ " closed>reopening create:first onClose reopening>failed onFail:ConnectException";
		recorder.awaitTrace(failed);
		assertThat(this.scheduler.pending()).isZero();
		assertThat(recorder.failures().get(0)).isInstanceOf(ConnectException.class);
		server.restart();
		socket.start();
		recorder.awaitTrace(failed + " failed>opening create:first opening>opened onOpen:first");
		assertThat(socket.snapshot().attempt()).isEqualTo(1);
		assertThat(socket.snapshot().consecutiveFailures()).isZero();
		assertThat(socket.snapshot().lastError()).isNull();
		socket.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
		assertStoppedClean(socket);
	}

}
