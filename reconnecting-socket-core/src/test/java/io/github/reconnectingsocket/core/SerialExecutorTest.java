package io.github.reconnectingsocket.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The serialized context: order, no overlap, and leaving a blocked call behind. */
class SerialExecutorTest {

	private final ExecutorService pool = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "serial-executor-test");
		thread.setDaemon(true);
		return thread;
	});

	private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

	private final SerialExecutor context = new SerialExecutor(this.pool, (thread, ex) -> this.uncaught.add(ex));

	@AfterEach
	void shutdown() {
		this.pool.shutdownNow();
		assertThat(this.uncaught).isEmpty();
	}

	@Test
	void runsTasksFromManyThreadsOneAtATimeInOrderPerThread() throws Exception {
		AtomicInteger running = new AtomicInteger();
		AtomicBoolean overlapped = new AtomicBoolean();
		List<String> seen = new CopyOnWriteArrayList<>();
		int threads = 4;
		int tasks = 2_000;
		CountDownLatch done = new CountDownLatch(threads * tasks);
		ExecutorService callers = Executors.newFixedThreadPool(threads);
		try {
			for (int t = 0; t < threads; t++) {
				int caller = t;
				callers.execute(() -> {
					for (int i = 0; i < tasks; i++) {
						int n = i;
						this.context.execute(() -> {
							if (running.incrementAndGet() != 1) {
								overlapped.set(true);
							}
							seen.add(caller + ":" + n);
							running.decrementAndGet();
							done.countDown();
						});
					}
				});
			}
			assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(overlapped).isFalse();
		for (int t = 0; t < threads; t++) {
			String prefix = t + ":";
			List<Integer> order = seen.stream()
				.filter((s) -> s.startsWith(prefix))
				.map((s) -> Integer.parseInt(s.substring(prefix.length())))
				.toList();
			assertThat(order).isSorted().hasSize(tasks);
		}
	}

	@Test
	void aDetachableCallThatReturnsKeepsTheContext() {
		SerialExecutor direct = new SerialExecutor(Runnable::run, (thread, ex) -> this.uncaught.add(ex));
		boolean[] attached = new boolean[1];
		List<String> order = new CopyOnWriteArrayList<>();
		direct.execute(() -> {
			attached[0] = direct.runDetachable(() -> direct.execute(() -> order.add("queued")));
			order.add("after the call");
		});
		assertThat(attached[0]).isTrue();
		// queued from the call itself without detaching: it waits for the task to end
		assertThat(order).containsExactly("after the call", "queued");
	}

	@Test
	void aCallThatDetachesForWhatItQueuedLetsItRunWithoutWaitingForTheCall() {
		SerialExecutor direct = new SerialExecutor(Runnable::run, (thread, ex) -> this.uncaught.add(ex));
		boolean[] attached = new boolean[1];
		List<String> order = new CopyOnWriteArrayList<>();
		direct.execute(() -> {
			attached[0] = direct.runDetachable(() -> {
				direct.add(() -> order.add("queued"));
				direct.drainDetaching();
			});
			order.add("after the call");
		});
		// a call that waits for what it queued (stop() inside a listener) must not wait
		// behind itself
		assertThat(attached[0]).isFalse();
		assertThat(order).containsExactly("queued", "after the call");
	}

	@Test
	void aBlockedDetachableCallIsLeftBehindByADetachingTask() throws Exception {
		CountDownLatch inCall = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<String> order = new CopyOnWriteArrayList<>();
		AtomicBoolean attached = new AtomicBoolean(true);
		CountDownLatch returned = new CountDownLatch(1);
		this.context.execute(() -> {
			attached.set(this.context.runDetachable(() -> {
				inCall.countDown();
				awaitLatch(release);
			}));
			order.add("blocked call returned");
			returned.countDown();
		});
		assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();
		this.context.execute(() -> order.add("plain task waits"));
		await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(order::isEmpty);
		this.context.add(() -> order.add("detaching task"));
		this.context.drainDetaching();
		await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 2);
		assertThat(order).containsExactly("plain task waits", "detaching task");
		this.context.execute(() -> order.add("later task"));
		await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 3);
		release.countDown();
		assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(attached).isFalse();
		this.context.execute(() -> order.add("after the return"));
		await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 5);
		assertThat(order).containsExactly("plain task waits", "detaching task", "later task", "blocked call returned",
				"after the return");
	}

	@Test
	void aDetachingDrainOutsideADetachableCallIsAPlainOne() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<String> order = new CopyOnWriteArrayList<>();
		this.context.execute(() -> {
			awaitLatch(release);
			order.add("first");
		});
		this.context.add(() -> order.add("second"));
		this.context.drainDetaching();
		await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(order::isEmpty);
		release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 2);
		assertThat(order).containsExactly("first", "second");
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
