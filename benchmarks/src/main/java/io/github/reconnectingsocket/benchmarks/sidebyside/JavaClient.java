package io.github.reconnectingsocket.benchmarks.sidebyside;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.benchmarks.Machine;
import io.github.reconnectingsocket.benchmarks.Measure;
import io.github.reconnectingsocket.benchmarks.scale.NioSocketFactory;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;

/**
 * This library's side of the side-by-side scenario, in a child JVM: N instances on the public API,
 * every socket a non-blocking channel on one selector thread ({@link NioSocketFactory}), the
 * library's default threads. It speaks the same line protocol as {@code npm-client.js} (see there).
 */
public final class JavaClient {

	private JavaClient() {
	}

	/**
	 * @param args n, hosts (comma-separated), port, initial delay ms, max delay ms, jitter (a
	 * {@link Backoff} jitter name)
	 * @throws Exception when the client cannot run
	 */
	public static void main(String[] args) throws Exception {
		int n = Integer.parseInt(args[0]);
		String[] hosts = args[1].split(",");
		int port = Integer.parseInt(args[2]);
		Backoff backoff = Backoff.builder()
			.strategy("fibonacci")
			.initialDelay(Duration.ofMillis(Long.parseLong(args[3])))
			.maxDelay(Duration.ofMillis(Long.parseLong(args[4])))
			.jitter(args[5])
			.randomisationFactor(0.2)
			.build();
		AtomicLong attempts = new AtomicLong();
		NioSocketFactory nio = new NioSocketFactory(new InetSocketAddress(hosts[0], port),
				(nanos) -> attempts.incrementAndGet());
		Progress progress = new Progress(n);
		long rssBefore = Machine.rssBytes();
		List<ReconnectingSocket<NioSocketFactory.Connection>> sockets = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			InetSocketAddress address = new InetSocketAddress(hosts[i % hosts.length], port);
			ReconnectingSocketBuilder<NioSocketFactory.Connection> builder = ReconnectingSocket
				.builder(NioSocketFactory.Connection.class)
				.name("rs-" + i)
				.backoff(backoff)
				.create((handle, firstOpen) -> nio.connect(handle, address))
				.destroy(nio::destroy)
				.onOpen((connection, firstOpen) -> progress.opened())
				.onClose((connection) -> {
					if (connection.wasOpened()) {
						progress.closed();
					}
				});
			sockets.add(builder.build());
		}
		progress.started = System.nanoTime();
		sockets.forEach(ReconnectingSocket::start);
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line;
		while ((line = in.readLine()) != null) {
			if (line.equals("report")) {
				System.out.println("REPORT attempts=" + attempts.get() + " rssBefore=" + rssBefore + " rssOpened="
						+ progress.rssOpened + " libraryThreads=" + Measure.libraryThreads());
			}
		}
		System.exit(0);
	}

	/** Counts open connections and says when all opened, all dropped, all reopened. */
	static final class Progress {

		private final int n;

		private final AtomicInteger open = new AtomicInteger();

		// 0: opening, 1: all opened, 2: all dropped, 3: all reopened.
		private final AtomicInteger phase = new AtomicInteger();

		volatile long started;

		volatile long rssOpened;

		Progress(int n) {
			this.n = n;
		}

		void opened() {
			int now = this.open.incrementAndGet();
			if (now == this.n && this.phase.compareAndSet(0, 1)) {
				long at = System.nanoTime();
				this.rssOpened = Machine.rssBytes();
				System.out.println("ALL_OPENED " + at + " " + (at - this.started));
			}
			else if (now == this.n && this.phase.compareAndSet(2, 3)) {
				System.out.println("REOPENED " + System.nanoTime());
			}
		}

		void closed() {
			if (this.open.decrementAndGet() == 0 && this.phase.compareAndSet(1, 2)) {
				System.out.println("DROPPED " + System.nanoTime());
			}
		}

	}

}
