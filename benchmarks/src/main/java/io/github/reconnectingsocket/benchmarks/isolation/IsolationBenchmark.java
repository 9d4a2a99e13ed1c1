package io.github.reconnectingsocket.benchmarks.isolation;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.benchmarks.Machine;
import io.github.reconnectingsocket.benchmarks.Measure;
import io.github.reconnectingsocket.benchmarks.Options;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StopOutcome;

/**
 * Scenario 6, isolation (issue 10): two instances whose {@code create()} blocks for 30 s
 * (a handshake that never comes), then a third, healthy one against a loopback server.
 * Measured: the time from the third's {@code start()} to its OPENED transition (goal
 * under 100 ms), and the time to stop all three at once (goal under the stop timeout +
 * 100 ms). Everything runs on the library's default threads: virtual threads on Java 21
 * and later, else its growing pool.
 */
public final class IsolationBenchmark {

	/** The options this scenario accepts. */
	public static final Set<String> OPTIONS = Set.of("rounds", "block", "stop-timeout");

	private IsolationBenchmark() {
	}

	/**
	 * @param rounds rounds measured
	 * @param openNanos per round, the third's start() to OPENED
	 * @param stopNanos per round, stop() of all three to the last stage completed
	 * @param stopTimeout the stop timeout used
	 */
	public record Result(int rounds, long[] openNanos, long[] stopNanos, Duration stopTimeout) {
	}

	public static void main(String[] args) throws Exception {
		run(Options.parse(args, OPTIONS), System.out);
	}

	public static Result run(Options options, PrintStream out) throws Exception {
		int rounds = options.intValue("rounds", 10, 1);
		Duration block = options.duration("block", Duration.ofSeconds(30));
		Duration stopTimeout = options.duration("stop-timeout", Duration.ofMillis(500));
		out.println("# isolation " + Machine.describe());
		out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
		long[] openNanos = new long[rounds];
		long[] stopNanos = new long[rounds];
		try (ServerSocket server = holdingServer()) {
			InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
			for (int round = 0; round < rounds; round++) {
				CountDownLatch release = new CountDownLatch(1);
				try {
					Round measured = round(address, block, stopTimeout, release, round);
					openNanos[round] = measured.openNanos;
					stopNanos[round] = measured.stopNanos;
					out.printf("round %d: third opened in %s ms, all three stopped in %s ms (%s)%n", round + 1,
							millis(measured.openNanos), millis(measured.stopNanos), measured.outcomes);
				}
				finally {
					release.countDown();
				}
			}
		}
		long[] open = Measure.sorted(openNanos);
		long[] stop = Measure.sorted(stopNanos);
		out.printf("third instance open: median %s ms, max %s ms (goal < 100 ms)%n",
				millis(Measure.percentile(open, 50)), millis(open[rounds - 1]));
		out.printf("stop of all three: median %s ms, max %s ms (goal < stop timeout %d ms + 100 ms)%n",
				millis(Measure.percentile(stop, 50)), millis(stop[rounds - 1]), stopTimeout.toMillis());
		return new Result(rounds, openNanos, stopNanos, stopTimeout);
	}

	private record Round(long openNanos, long stopNanos, List<StopOutcome> outcomes) {
	}

	private static Round round(InetSocketAddress address, Duration block, Duration stopTimeout, CountDownLatch release,
			int round) throws Exception {
		List<ReconnectingSocket<SocketChannel>> blocked = new ArrayList<>();
		for (int i = 1; i <= 2; i++) {
			blocked.add(ReconnectingSocket.builder(SocketChannel.class)
				.name("blocked-" + round + "-" + i)
				.create((handle, firstOpen) -> {
					// a create() that blocks on a connect whose handshake never comes
					release.await(block.toMillis(), TimeUnit.MILLISECONDS);
					throw new IOException("handshake never came");
				})
				.destroy(SocketChannel::close)
				.openTimeout(block.plusSeconds(30))
				.stopTimeout(stopTimeout)
				.build());
		}
		CountDownLatch opened = new CountDownLatch(1);
		long[] openedAt = new long[1];
		ReconnectingSocket<SocketChannel> third = ReconnectingSocket.builder(SocketChannel.class)
			.name("third-" + round)
			// a blocking connect on loopback (well under a millisecond), handed over as a
			// completed stage:
			// destroy() returning means closed, so the third stops without waiting for
			// its stop timeout
			.connect((handle, firstOpen) -> CompletableFuture.completedFuture(SocketChannel.open(address)))
			.destroy(SocketChannel::close)
			.stopTimeout(stopTimeout)
			.stateListener((change) -> {
				if (change.to() == SocketState.OPENED) {
					openedAt[0] = System.nanoTime();
					opened.countDown();
				}
			})
			.build();
		for (ReconnectingSocket<SocketChannel> socket : blocked) {
			socket.start();
		}
		long startedAt = System.nanoTime();
		third.start();
		if (!opened.await(60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The third instance did not open within 60 s: " + third.snapshot());
		}
		long openNanos = openedAt[0] - startedAt;
		long stoppingAt = System.nanoTime();
		List<CompletableFuture<StopOutcome>> stops = new ArrayList<>();
		for (ReconnectingSocket<SocketChannel> socket : List.of(blocked.get(0), blocked.get(1), third)) {
			stops.add(socket.stop().toCompletableFuture());
		}
		CompletableFuture.allOf(stops.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
		long stopNanos = System.nanoTime() - stoppingAt;
		return new Round(openNanos, stopNanos, stops.stream().map(CompletableFuture::join).toList());
	}

	/** Accepts on loopback and holds every connection until closed. */
	private static ServerSocket holdingServer() throws IOException {
		ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		List<Socket> held = new ArrayList<>();
		Thread acceptor = new Thread(() -> {
			while (!server.isClosed()) {
				try {
					Socket accepted = server.accept();
					synchronized (held) {
						held.add(accepted);
					}
				}
				catch (IOException ex) {
					synchronized (held) {
						held.forEach((socket) -> {
							try {
								socket.close();
							}
							catch (IOException ignored) {
								// closing is best effort
							}
						});
					}
					return;
				}
			}
		}, "bench-isolation-server");
		acceptor.setDaemon(true);
		acceptor.start();
		return server;
	}

	private static String millis(long nanos) {
		return String.format("%.1f", nanos / 1_000_000.0);
	}

}
