package io.github.reconnectingsocket.reliability;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.StopOutcome;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import io.github.reconnectingsocket.core.SocketState;
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

/**
 * Shutdown is bounded: {@code stop()} completes within the stop timeout whatever
 * {@code destroy()} does, and the library never keeps a JVM alive.
 */
class ShutdownIT {

	private static final Duration STOP_TIMEOUT = Duration.ofMillis(500);

	/**
	 * Generous for a loaded shared machine, and still far below what an unbounded stop
	 * would take.
	 */
	private static final Duration SLACK = Duration.ofMillis(1_500);

	@AutoClose
	final Resources resources = new Resources();

	@Test
	void stopCompletesWithinTheStopTimeoutWhenDestroyNeverLeadsToClose() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.STALL));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()))
			.destroyMode(DestroyMode.IGNORE);
		Recorder<NioConnection> recorder = new Recorder<>(client);
		ReconnectingSocket<NioConnection> socket = this.resources
			.use(recorder.build((builder) -> builder.name("never-closes").stopTimeout(STOP_TIMEOUT)));
		socket.start();
		recorder.awaitTrace("stopped>opening create:first opening>opened onOpen:first");
		long before = System.nanoTime();
		socket.stop().toCompletableFuture().get(STOP_TIMEOUT.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
		Duration took = Duration.ofNanos(System.nanoTime() - before);
		assertThat(took).isGreaterThanOrEqualTo(STOP_TIMEOUT);
		recorder.awaitTrace(
				"stopped>opening create:first opening>opened onOpen:first" + " opened>closing onClose closing>stopped");
		// onClose is where the factory lets go of the channel it was never told to close
		assertThat(client.openChannels()).isZero();
		recorder.assertEverySocketClosedOnce();
	}

	@Test
	void stopCompletesWithinTheStopTimeoutWhenDestroyBlocks() throws Exception {
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.ECHO));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		CountDownLatch release = new CountDownLatch(1);
		BlockingDestroy blocking = new BlockingDestroy(client, release);
		Recorder<NioConnection> recorder = new Recorder<>(blocking);
		ReconnectingSocket<NioConnection> socket = this.resources
			.use(recorder.build((builder) -> builder.name("blocks").stopTimeout(STOP_TIMEOUT)));
		// closed first: a failing test must not leave destroy() blocked
		this.resources.use(release::countDown);
		socket.start();
		recorder.awaitTrace("stopped>opening create:first opening>opened onOpen:first");
		long before = System.nanoTime();
		CompletableFuture<StopOutcome> stopped = socket.stop().toCompletableFuture();
		stopped.get(STOP_TIMEOUT.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(STOP_TIMEOUT);
		assertThat(blocking.blocked.getCount()).as("destroy() still blocked").isZero();
		assertThat(release.getCount()).isEqualTo(1);
		assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
		recorder.awaitTrace(
				"stopped>opening create:first opening>opened onOpen:first" + " opened>closing onClose closing>stopped");
		recorder.assertEverySocketClosedOnce();

		// the machine works on while the old destroy() is still stuck
		socket.start();
		recorder.awaitTrace(".* closing>stopped stopped>opening create:first opening>opened onOpen:first");

		// once destroy() returns, nothing of it reaches the machine again
		release.countDown();
		recorder.awaitState(SocketState.OPENED);
		String trace = recorder.trace();
		org.awaitility.Awaitility.await()
			.during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(3))
			.until(() -> recorder.trace().equals(trace) && socket.state() == SocketState.OPENED);
	}

	@Test
	void aJvmWhoseMainReturnsExitsWhileSocketsStillReconnect() throws Exception {
		PortHolder closed = this.resources.use(PortHolder.hold());
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), ReconnectingChild.class.getName(), String.valueOf(closed.port()))
			.redirectErrorStream(true)
			.start();
		this.resources.use(child::destroyForcibly);
		List<String> output = new ArrayList<>();
		long returnedAt = 0;
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				output.add(line);
				if (line.startsWith(ReconnectingChild.RETURNING)) {
					returnedAt = System.nanoTime();
				}
			}
		}
		assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exited; output: %s", output).isTrue();
		long exitedAt = System.nanoTime();
		assertThat(child.exitValue()).as("exit code; output: %s", output).isZero();
		assertThat(returnedAt).as("main returned; output: %s", output).isPositive();
		Duration exitAfterReturn = Duration.ofNanos(exitedAt - returnedAt);
		assertThat(exitAfterReturn).isLessThan(Duration.ofSeconds(5));
		System.out.println("[shutdown] child JVM exited " + exitAfterReturn.toMillis() + " ms after main returned");
		assertThat(output).anyMatch((line) -> line.startsWith(ReconnectingChild.RETURNING)
				&& line.contains("non-daemon threads besides main: []"));
	}

	/**
	 * Delegates, but {@code destroy()} blocks until released, as a close stuck on a dead
	 * network can.
	 */
	static final class BlockingDestroy implements SocketFactory<NioConnection> {

		final NioSocketFactory delegate;

		final CountDownLatch release;

		final CountDownLatch blocked = new CountDownLatch(1);

		BlockingDestroy(NioSocketFactory delegate, CountDownLatch release) {
			this.delegate = delegate;
			this.release = release;
		}

		@Override
		public NioConnection create(SocketHandle handle, boolean firstOpen) throws Exception {
			return this.delegate.create(handle, firstOpen);
		}

		@Override
		public void destroy(NioConnection socket) throws InterruptedException {
			this.blocked.countDown();
			this.release.await(60, TimeUnit.SECONDS);
			this.delegate.destroy(socket);
		}

		@Override
		public void onClose(NioConnection socket) {
			this.delegate.onClose(socket);
		}

	}

	/**
	 * The child JVM: three sockets reconnecting against a closed port on the default
	 * shared threads, then main returns. Prints the non-daemon threads left besides main,
	 * which must be none.
	 */
	public static final class ReconnectingChild {

		static final String RETURNING = "main returning";

		public static void main(String[] args) throws Exception {
			java.net.InetSocketAddress address = new java.net.InetSocketAddress(
					java.net.InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
			NioSocketFactory client = new NioSocketFactory(address);
			CountDownLatch attempts = new CountDownLatch(9);
			for (int i = 0; i < 3; i++) {
				ReconnectingSocket<NioConnection> socket = ReconnectingSocket.builder(client)
					.name("child-" + i)
					.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ofMillis(20)).build())
					.stateListener((change) -> {
						if (change.to() == SocketState.CLOSED) {
							attempts.countDown();
						}
					})
					.build();
				socket.start();
			}
			if (!attempts.await(20, TimeUnit.SECONDS)) {
				System.out.println("too few attempts");
				System.exit(2);
			}
			List<String> nonDaemon = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> !thread.isDaemon() && thread != Thread.currentThread() && thread.isAlive())
				.map(Thread::getName)
				.sorted()
				.toList();
			System.out.println(RETURNING + "; non-daemon threads besides main: " + nonDaemon);
		}

	}

}
