package io.github.reconnectingsocket.benchmarks.crowd;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.benchmarks.Machine;
import io.github.reconnectingsocket.benchmarks.Options;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.VirtualClock;

/**
 * Scenario 4, crowd spread. A simulation, not real sockets: N real
 * {@link ReconnectingSocket} instances on one {@link VirtualClock} with a direct
 * executor, against a scripted server model. All N are open; at time 0 the server drops
 * them all at once and is back at once, but accepts at most {@code rate} connections per
 * second (a token bucket refilled at {@code rate}/s that holds at most {@code rate}/10
 * tokens and starts full); an attempt it cannot accept is refused, which is a failed
 * attempt. Random numbers come from one seeded generator, so a run is exact and
 * repeatable.
 */
public final class CrowdSpread {

	/** The options this scenario accepts. */
	public static final Set<String> OPTIONS = Set.of("n", "rate", "seed", "strategy", "image");

	/** The jitter modes compared, the seed's default first. */
	public static final List<String> MODES = List.of("proportional", "full", "equal", "decorrelated");

	/** The width of a histogram bin. */
	public static final int BIN_MILLIS = 10;

	private CrowdSpread() {
	}

	/**
	 * One jitter mode's run.
	 *
	 * @param mode the jitter mode
	 * @param n sockets
	 * @param attempts connection attempts from the drop until all are back
	 * @param allBackMillis from the drop until all are OPENED
	 * @param bins attempts per {@link #BIN_MILLIS} window since the drop
	 */
	public record Run(String mode, int n, long attempts, long allBackMillis, int[] bins) {

		/**
		 * @return the most attempts in one window
		 */
		public int peak() {
			return Arrays.stream(this.bins).max().orElse(0);
		}

		/**
		 * @return the start of the first window holding {@link #peak()}, ms since the
		 * drop
		 */
		public long peakAtMillis() {
			int peak = peak();
			for (int i = 0; i < this.bins.length; i++) {
				if (this.bins[i] == peak) {
					return (long) i * BIN_MILLIS;
				}
			}
			return 0;
		}

		/**
		 * @return the peak as a share of n, in percent
		 */
		public double peakPercent() {
			return 100.0 * peak() / this.n;
		}

	}

	public static void main(String[] args) throws IOException {
		run(Options.parse(args, OPTIONS), System.out);
	}

	public static List<Run> run(Options options, PrintStream out) throws IOException {
		int n = options.intValue("n", 10_000, 1);
		int rate = options.intValue("rate", 2_000, 1);
		int seed = options.intValue("seed", 1, 0);
		String strategy = options.string("strategy", "fibonacci");
		String image = options.string("image", "docs/images/crowd-spread.png");
		out.println("# crowd " + Machine.describe());
		out.printf(
				"simulation on a virtual clock: n=%d, backoff %s 1 s..20 s, drop of all at t=0, server "
						+ "back at once accepting <= %d/s (token bucket, burst %d), seed %d%n",
				n, strategy, rate, Math.max(1, rate / 10), seed);
		List<Run> runs = new ArrayList<>();
		for (String mode : MODES) {
			Run run = simulate(Backoff.builder().strategy(strategy).jitter(mode).build(), n, rate, seed);
			runs.add(run);
			out.printf(
					"%-13s attempts %6d (%.2f per socket)  all back at %6.2f s  peak %4d per %d ms (%.2f%% of n) "
							+ "at %.2f s%s%n",
					mode, run.attempts(), (double) run.attempts() / n, run.allBackMillis() / 1000.0, run.peak(),
					BIN_MILLIS, run.peakPercent(), run.peakAtMillis() / 1000.0, mode.equals("full")
							? "  (target <= 2%: " + ((run.peakPercent() <= 2.0) ? "met" : "MISSED") + ")" : "");
		}
		if (!image.equals("none")) {
			Path file = Path.of(image);
			Chart.write(runs, rate, strategy, file);
			out.println("chart: " + file.toAbsolutePath());
		}
		return runs;
	}

	/**
	 * @param backoff the backoff policy of every socket
	 * @param n sockets
	 * @param rate accepted connections per second after the drop
	 * @param seed the random seed
	 * @return the run
	 */
	public static Run simulate(Backoff backoff, int n, int rate, long seed) {
		String mode = backoff.jitterName();
		VirtualClock clock = new VirtualClock();
		SplittableRandom random = new SplittableRandom(seed);
		Server server = new Server(rate);
		int[] opened = new int[1];
		List<Client> clients = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			Client client = new Client(server, clock);
			clients.add(client);
			client.socket = ReconnectingSocket.builder(client)
				.name(mode + "-" + i)
				.backoff(backoff)
				.openTimeout(null)
				.virtualClock(clock)
				.executor(Runnable::run)
				.random(random::nextDouble)
				.stateListener((change) -> {
					if (change.to() == SocketState.OPENED) {
						opened[0]++;
					}
					else if (change.from() == SocketState.OPENED) {
						opened[0]--;
					}
				})
				.build();
			client.socket.start();
		}
		if (opened[0] != n) {
			throw new IllegalStateException("Only " + opened[0] + " of " + n + " opened before the drop");
		}
		server.drop(clock.elapsed().toMillis());
		for (Client client : clients) {
			client.handle.close();
		}
		while (opened[0] < n) {
			if (clock.advanceToNextTask() == null) {
				throw new IllegalStateException("Nothing pending, yet only " + opened[0] + " of " + n + " are back");
			}
		}
		long allBack = clock.elapsed().toMillis() - server.droppedAt;
		for (Client client : clients) {
			client.socket.stop();
		}
		return new Run(mode, n, server.attempts, allBack, Arrays.copyOf(server.bins, server.lastBin + 1));
	}

	/**
	 * The scripted server: accepts everyone until the drop, then at most {@code rate} per
	 * second.
	 */
	static final class Server {

		final double tokensPerMilli;

		final double burst;

		double tokens;

		long refilledAt;

		long droppedAt = -1;

		long attempts;

		int[] bins = new int[1024];

		int lastBin;

		Server(int rate) {
			this.tokensPerMilli = rate / 1000.0;
			this.burst = Math.max(1, rate / 10);
		}

		void drop(long now) {
			this.droppedAt = now;
			this.refilledAt = now;
			this.tokens = this.burst;
		}

		boolean accept(long now) {
			if (this.droppedAt < 0) {
				return true;
			}
			this.attempts++;
			int bin = (int) ((now - this.droppedAt) / BIN_MILLIS);
			if (bin >= this.bins.length) {
				this.bins = Arrays.copyOf(this.bins, Math.max(bin + 1, this.bins.length * 2));
			}
			this.bins[bin]++;
			this.lastBin = Math.max(this.lastBin, bin);
			this.tokens = Math.min(this.burst, this.tokens + (now - this.refilledAt) * this.tokensPerMilli);
			this.refilledAt = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return true;
			}
			return false;
		}

	}

	/** One client: its socket is its attempt's handle; the server answers at once. */
	static final class Client implements SocketFactory<SocketHandle> {

		final Server server;

		final VirtualClock clock;

		ReconnectingSocket<SocketHandle> socket;

		SocketHandle handle;

		Client(Server server, VirtualClock clock) {
			this.server = server;
			this.clock = clock;
		}

		@Override
		public SocketHandle create(SocketHandle handle, boolean firstOpen) {
			this.handle = handle;
			if (this.server.accept(this.clock.elapsed().toMillis())) {
				handle.open();
			}
			else {
				handle.error(new java.net.ConnectException("Connection refused (simulated)"));
				handle.close();
			}
			return handle;
		}

		@Override
		public void destroy(SocketHandle socket) {
			socket.close();
		}

	}

}
