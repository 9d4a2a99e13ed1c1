package io.github.reconnectingsocket.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.StopOutcome;
import io.github.reconnectingsocket.core.Info;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.harness.CountingScheduler;
import io.github.reconnectingsocket.test.faults.Resources;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many threads hammer a few shared instances for a bounded time with {@code start},
 * {@code stop}, {@code reconnect} and socket signals through current and stale handles,
 * while sockets open, fail, close from inside {@code destroy}, later from another thread,
 * or never. Checked all along: factory methods never overlap and {@code create} never
 * runs while another socket of the instance is live (but {@code destroy}, which runs on
 * its own, and after a deadline left a callback behind), every transition continues the
 * last one and is a row of the table. Checked at the end, after a stop: STOPPED, every
 * {@code stop()} completed, every socket created got {@code onClose} exactly once and
 * {@code destroy} at most once, no timer left.
 */
class ConcurrencyStressIT {

	private static final Duration HAMMER = Duration.ofMillis(1_500);

	private static final int ENOUGH_SOCKETS = 100;

	private static final Duration ENOUGH_SOCKETS_WITHIN = Duration.ofSeconds(30);

	private static final int INSTANCES = 4;

	private static final int THREADS = 8;

	@AutoClose
	final Resources resources = new Resources();

	@Test
	void onTheDefaultSharedThreads() throws Exception {
		Result result = hammer(UnaryOperator.identity(), null);
		if (Runtime.version().feature() < 21) {
			// before virtual threads, the default user-code pool; after, virtual threads
			// (not listed here)
			assertThat(Thread.getAllStackTraces().keySet())
				.anyMatch((thread) -> thread.getName().startsWith("reconnecting-socket-user-"));
		}
		result.print("default shared threads");
	}

	@Test
	void onAFixedThreadPool() throws Exception {
		AtomicInteger threads = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(4, (runnable) -> {
			Thread thread = new Thread(runnable, "stress-pool-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.resources.use(pool::shutdownNow);
		CountingScheduler scheduler = this.resources.use(new CountingScheduler());
		Result result = hammer((builder) -> builder.executor(pool).scheduler(scheduler), scheduler);
		assertThat(scheduler.scheduled()).isPositive();
		result.print("fixed pool of 4");
	}

	private Result hammer(UnaryOperator<ReconnectingSocketBuilder<StressSock>> threads, CountingScheduler scheduler)
			throws Exception {
		List<String> violations = new CopyOnWriteArrayList<>();
		ExecutorService later = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "stress-late-close");
			thread.setDaemon(true);
			return thread;
		});
		this.resources.use(later::shutdownNow);
		List<StressFactory> factories = new ArrayList<>();
		List<ReconnectingSocket<StressSock>> machines = new ArrayList<>();
		AtomicLong transitions = new AtomicLong();
		for (int i = 0; i < INSTANCES; i++) {
			StressFactory factory = new StressFactory("stress-" + i, violations, later);
			factories.add(factory);
			SocketState[] last = { SocketState.STOPPED };
			machines.add(this.resources.use(threads.apply(ReconnectingSocket.builder(factory)
				.name(factory.name)
				.backoff(Backoff.builder()
					.strategy("fixed")
					.initialDelay(Duration.ofMillis(1))
					.resetAfter(Duration.ofMillis(5))
					.build())
				.openTimeout(Duration.ofMillis(20))
				// Long enough that no destroy() here (they never block) is still running
				// when it falls
				// due, even on a loaded machine: only then would onClose overlap it, by
				// design.
				.stopTimeout(Duration.ofMillis(250))
				.infoListener((info) -> {
					// A deadline that expired while a callback ran leaves that callback
					// behind, by design
					// (see DECISIONS.md): the stop timeout, or the open timeout of a
					// create() that ran late.
					if (info.kind() == Info.Kind.STOP_TIMED_OUT || info.message().contains("late socket")) {
						factory.deadlinesExpired.incrementAndGet();
					}
				})
				.stateListener((change) -> {
					// runs on the instance's context: no two at once for one instance
					transitions.incrementAndGet();
					if (change.from() != last[0]) {
						violations.add(factory.name + ": " + change + " after " + last[0]);
					}
					if (TransitionTable.rows(change.from(), change.to()).isEmpty()) {
						violations.add(factory.name + ": illegal " + change);
					}
					last[0] = change.to();
				})).build()));
		}

		List<CompletableFuture<StopOutcome>> stops = new CopyOnWriteArrayList<>();
		AtomicLong operations = new AtomicLong();
		long deadline = System.nanoTime() + HAMMER.toNanos();
		// On a loaded machine the callbacks' threads may get little CPU while 8 threads
		// hammer: go on past the deadline until enough sockets were created for the
		// checks below to mean something, rather than measure the machine.
		long lastDeadline = deadline + ENOUGH_SOCKETS_WITHIN.toNanos();
		List<Thread> hammers = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			Thread hammer = new Thread(() -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				while (hammering(deadline, lastDeadline, factories)) {
					int i = random.nextInt(INSTANCES);
					ReconnectingSocket<StressSock> machine = machines.get(i);
					int dice = random.nextInt(100);
					if (dice < 20) {
						machine.start();
					}
					else if (dice < 30) {
						stops.add(machine.stop().toCompletableFuture());
					}
					else if (dice < 40) {
						machine.reconnect();
					}
					else {
						StressSock sock = factories.get(i).pick(random);
						if (sock != null) {
							if (dice < 65) {
								sock.handle.open();
							}
							else if (dice < 90) {
								sock.handle.close();
							}
							else {
								sock.handle.error(new java.io.IOException("stress"));
							}
						}
					}
					operations.incrementAndGet();
				}
			}, "stress-hammer-" + t);
			hammer.setDaemon(true);
			hammers.add(hammer);
			hammer.start();
		}
		for (Thread hammer : hammers) {
			hammer.join(HAMMER.plus(ENOUGH_SOCKETS_WITHIN).toMillis() + 30_000);
			assertThat(hammer.isAlive()).isFalse();
		}

		List<CompletableFuture<StopOutcome>> finalStops = machines.stream()
			.map((machine) -> machine.stop().toCompletableFuture())
			.toList();
		CompletableFuture.allOf(finalStops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		later.shutdown();
		assertThat(later.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		long settled = transitions.get();
		// nothing moves once stopped: no timer fires a transition, no late signal
		// restarts anything
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> transitions.get() == settled);
		for (ReconnectingSocket<StressSock> machine : machines) {
			assertThat(machine.state()).isEqualTo(SocketState.STOPPED);
		}
		if (scheduler != null) {
			assertThat(scheduler.pending()).as("timers pending once all stopped").isZero();
		}
		assertThat(violations).isEmpty();
		long sockets = 0;
		for (StressFactory factory : factories) {
			if (factory.deadlinesExpired.get() == 0) {
				assertThat(factory.overlaps).as("calls of %s overlapping with no deadline expired", factory.name)
					.isEmpty();
			}
			for (StressSock sock : factory.created) {
				assertThat(sock.onCloses.get()).as("onClose calls of %s", sock).isEqualTo(1);
				assertThat(sock.destroys.get()).as("destroy calls of %s", sock).isLessThanOrEqualTo(1);
			}
			assertThat(factory.live.get()).isZero();
			sockets += factory.created.size();
		}
		assertThat(sockets).isGreaterThan(ENOUGH_SOCKETS);
		return new Result(operations.get(), sockets, settled, stops.size() + finalStops.size());
	}

	private static boolean hammering(long deadline, long lastDeadline, List<StressFactory> factories) {
		long now = System.nanoTime();
		if (now < deadline) {
			return true;
		}
		int created = 0;
		for (StressFactory factory : factories) {
			created += factory.created.size();
		}
		return created <= ENOUGH_SOCKETS && now < lastDeadline;
	}

	record Result(long operations, long sockets, long transitions, long stops) {

		void print(String config) {
			System.out.println("[stress] " + config + ": " + this.operations + " operations from " + THREADS
					+ " threads on " + INSTANCES + " instances in at least " + HAMMER.toMillis() + " ms, "
					+ this.sockets + " sockets created, " + this.transitions + " transitions, " + this.stops
					+ " stops; no violation");
		}

	}

	static final class StressSock {

		final String name;

		final SocketHandle handle;

		final AtomicInteger destroys = new AtomicInteger();

		final AtomicInteger onCloses = new AtomicInteger();

		StressSock(String name, SocketHandle handle) {
			this.name = name;
			this.handle = handle;
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	/**
	 * Thread-safe; checks that the machine calls it one method at a time with at most one
	 * live socket.
	 */
	static final class StressFactory implements SocketFactory<StressSock> {

		final String name;

		final List<String> violations;

		final ExecutorService later;

		final List<StressSock> created = new CopyOnWriteArrayList<>();

		final AtomicInteger live = new AtomicInteger();

		/**
		 * Factory calls that overlapped: allowed only once a deadline left a callback
		 * behind.
		 */
		final List<String> overlaps = new CopyOnWriteArrayList<>();

		final AtomicInteger deadlinesExpired = new AtomicInteger();

		final AtomicInteger inCall = new AtomicInteger();

		final Set<StressSock> closed = ConcurrentHashMap.newKeySet();

		StressFactory(String name, List<String> violations, ExecutorService later) {
			this.name = name;
			this.violations = violations;
			this.later = later;
		}

		StressSock pick(ThreadLocalRandom random) {
			int size = this.created.size();
			return (size == 0) ? null : this.created.get(size - 1 - random.nextInt(Math.min(size, 3)));
		}

		@Override
		public StressSock create(SocketHandle handle, boolean firstOpen) {
			enter("create");
			try {
				int dice = ThreadLocalRandom.current().nextInt(100);
				if (dice < 5) {
					throw new IllegalStateException("create fails");
				}
				if (this.live.get() != 0) {
					this.overlaps.add(this.name + ": create() while " + this.live.get() + " socket(s) live");
				}
				StressSock sock = new StressSock(this.name + "#" + (this.created.size() + 1), handle);
				this.created.add(sock);
				this.live.incrementAndGet();
				if (dice < 30) {
					handle.open();
				}
				else if (dice < 40) {
					handle.error(new java.net.ConnectException("refused"));
					handle.close();
				}
				return sock;
			}
			finally {
				exit();
			}
		}

		@Override
		public void destroy(StressSock socket) {
			// destroy() runs on a task of its own, so that one that blocks holds up
			// nothing: the only
			// factory call that may overlap the others (see SocketFactory.destroy)
			if (socket.destroys.incrementAndGet() > 1) {
				this.violations.add(this.name + ": destroy() twice for " + socket);
			}
			int dice = ThreadLocalRandom.current().nextInt(100);
			if (dice < 60) {
				socket.handle.close();
			}
			else if (dice < 80) {
				this.later.execute(socket.handle::close);
			}
			else if (dice < 90) {
				throw new IllegalStateException("destroy fails");
			}
		}

		@Override
		public void onOpen(StressSock socket, boolean firstOpen) {
			enter("onOpen");
			if (this.closed.contains(socket)) {
				this.violations.add(this.name + ": onOpen() after onClose() for " + socket);
			}
			exit();
		}

		@Override
		public void onClose(StressSock socket) {
			enter("onClose");
			if (socket.onCloses.incrementAndGet() > 1) {
				this.violations.add(this.name + ": onClose() twice for " + socket);
			}
			this.closed.add(socket);
			this.live.decrementAndGet();
			exit();
		}

		@Override
		public void onFail(Throwable lastError) {
			enter("onFail");
			exit();
		}

		private void enter(String method) {
			if (this.inCall.incrementAndGet() != 1) {
				this.overlaps.add(this.name + ": " + method + "() overlaps another factory call");
			}
		}

		private void exit() {
			this.inCall.decrementAndGet();
		}

	}

}
