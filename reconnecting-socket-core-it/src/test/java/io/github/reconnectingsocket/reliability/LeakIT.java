package io.github.reconnectingsocket.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.test.faults.FaultServer;
import io.github.reconnectingsocket.harness.NioConnection;
import io.github.reconnectingsocket.harness.NioSocketFactory;
import io.github.reconnectingsocket.harness.Recorder;
import io.github.reconnectingsocket.test.faults.Resources;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Thousands of reconnect cycles against a flapping server with a 0 ms backoff, on real
 * loopback sockets and the default shared threads, leave no file descriptor and no thread
 * behind.
 */
class LeakIT {

	static final int CYCLES = 2_500;

	/**
	 * Descriptors the JVM itself may open during the run and keep, outside the library's
	 * control: a jar opened for a class loaded for the first time, a JIT or GC file. The
	 * warm-up makes them rare; a leak of one descriptor per cycle would show as
	 * {@value #CYCLES}.
	 */
	static final int FD_TOLERANCE = 3;

	private static final Path FDS = Path.of("/proc/self/fd");

	@AutoClose
	final Resources resources = new Resources();

	@Test
	void thousandsOfReconnectCyclesLeakNoDescriptorAndNoThread() throws Exception {
		assumeThat(Files.isDirectory(FDS)).as("/proc/self/fd (Linux)").isTrue();
		FaultServer server = this.resources.use(FaultServer.start(FaultServer.Mode.FLAP));
		NioSocketFactory client = this.resources.use(new NioSocketFactory(server.address()));
		Backoff immediately = Backoff.builder().strategy("fixed").initialDelay(Duration.ZERO).build();

		// warm-up: classes loaded, shared threads started, selector and server settled
		cycle(client, immediately, 100);
		Map<Integer, String> before = openDescriptors();

		long started = System.nanoTime();
		SocketSnapshot.Counters counters = cycle(client, immediately, CYCLES);
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(client.openChannels()).isZero();
		await().atMost(Recorder.PATIENCE).until(() -> server.live() == 0);
		// a channel closed off the selector thread is released at the selector's next
		// wake-up
		await().atMost(Recorder.PATIENCE).until(() -> openDescriptors().size() <= before.size() + FD_TOLERANCE);
		Map<Integer, String> after = openDescriptors();
		Map<Integer, String> added = new TreeMap<>(after);
		added.keySet().removeAll(before.keySet());
		assertThat(after.size() - before.size()).as("descriptors added: %s", added).isLessThanOrEqualTo(FD_TOLERANCE);
		assertThat(added.values()).as("sockets added").noneMatch((target) -> target.startsWith("socket:"));
		// The timer thread, and user-code threads that are all idle in their pool (on
		// Java 17; virtual
		// threads on 21+): none stuck, none left running.
		Map<Thread, StackTraceElement[]> threads = Thread.getAllStackTraces();
		long libraryThreads = threads.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("reconnecting-socket-"))
			.count();
		assertThat(threads.keySet()).filteredOn((thread) -> thread.getName().startsWith("reconnecting-socket-timer"))
			.hasSize(1);
		await().atMost(Recorder.PATIENCE)
			.untilAsserted(() -> assertThat(Thread.getAllStackTraces().entrySet())
				.filteredOn((entry) -> entry.getKey().getName().startsWith("reconnecting-socket-user"))
				.allSatisfy((entry) -> assertThat(idleInPool(entry.getValue()))
					.as("%s idle in its pool", entry.getKey().getName())
					.isTrue()));
		System.out
			.println("[leak] " + counters.opens() + " connections opened and closed and " + counters.disconnections()
					+ " reconnect cycles in " + took.toMillis() + " ms; descriptors " + before.size() + " before, "
					+ after.size() + " after " + added + "; library threads " + libraryThreads);
	}

	private SocketSnapshot.Counters cycle(NioSocketFactory client, Backoff backoff, int cycles) throws Exception {
		Recorder<NioConnection> recorder = new Recorder<>(client);
		ReconnectingSocket<NioConnection> socket = recorder.build((builder) -> builder.name("leak").backoff(backoff));
		socket.start();
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> socket.snapshot().counters().disconnections() >= cycles);
		socket.stop()
			.toCompletableFuture()
			.get(Recorder.PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		recorder.assertEverySocketClosedOnce();
		return socket.snapshot().counters();
	}

	private static boolean idleInPool(StackTraceElement[] stack) {
		return java.util.Arrays.stream(stack)
			.anyMatch((frame) -> frame.getClassName().equals("java.util.concurrent.ThreadPoolExecutor")
					&& frame.getMethodName().equals("getTask"));
	}

	private static Map<Integer, String> openDescriptors() throws IOException {
		Map<Integer, String> descriptors = new TreeMap<>();
		try (Stream<Path> entries = Files.list(FDS)) {
			entries.forEach((entry) -> {
				try {
					String target = Files.readSymbolicLink(entry).toString();
					// the listing's own descriptor, at whatever number it gets each time
					if (!target.equals("/proc/" + ProcessHandle.current().pid() + "/fd")) {
						descriptors.put(Integer.valueOf(entry.getFileName().toString()), target);
					}
				}
				catch (IOException ex) {
					// closed meanwhile, the listing's own descriptor among them
				}
			});
		}
		return descriptors;
	}

}
