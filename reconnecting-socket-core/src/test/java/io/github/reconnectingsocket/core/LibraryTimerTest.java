package io.github.reconnectingsocket.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The library timer's thread, on real time: what falls due runs, what is cancelled does
 * not, arming from many threads at once loses nothing. The order itself is
 * {@link TimerHeapTest}'s.
 */
class LibraryTimerTest {

	private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private final LibraryTimer timer = new LibraryTimer((runnable) -> {
		Thread thread = new Thread(runnable, "library-timer-test");
		thread.setDaemon(true);
		this.threads.add(thread);
		return thread;
	}, (thread, ex) -> this.uncaught.add(ex));

	@AfterEach
	void noFailure() {
		this.timer.stop();
		assertThat(this.uncaught).isEmpty();
	}

	@Test
	void aTaskRunsOnTheTimersThreadOnceDueAndACancelledOneIsTakenOut() throws Exception {
		List<String> ran = new CopyOnWriteArrayList<>();
		CountDownLatch done = new CountDownLatch(1);
		Scheduler.Cancellable cancelled = this.timer.schedule(() -> ran.add("cancelled"), TimeUnit.HOURS.toMillis(1));
		this.timer.schedule(() -> ran.add("due-now"), 0);
		this.timer.schedule(() -> {
			ran.add("later:" + Thread.currentThread().getName());
			done.countDown();
		}, 50);
		cancelled.cancel();
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(ran).containsExactly("due-now", "later:library-timer-test");
		assertThat(this.timer.armed()).as("the cancelled hour-long one was taken out").isZero();
	}

	@Test
	void aNodeReArmedBeforeItFellDueFallsDueOnceWithItsLastTag() throws Exception {
		List<Long> tags = new CopyOnWriteArrayList<>();
		TimerHeap.Node node = new TimerHeap.Node() {
			@Override
			void due(long tag) {
				tags.add(tag);
			}
		};
		this.timer.arm(node, 60_000, 1);
		this.timer.arm(node, 0, 2);
		await().atMost(Duration.ofSeconds(10)).until(() -> !tags.isEmpty());
		assertThat(tags).containsExactly(2L);
		assertThat(node.isArmed()).isFalse();
	}

	@Test
	void anEarlierTimerArmedWhileTheThreadSleepsWakesItUp() throws Exception {
		CountDownLatch done = new CountDownLatch(1);
		this.timer.schedule(() -> {
		}, TimeUnit.HOURS.toMillis(1));
		this.timer.schedule(done::countDown, 1);
		assertThat(done.await(10, TimeUnit.SECONDS)).as("not held behind the hour").isTrue();
	}

	@Test
	void aFailingTaskIsReportedAndTheTimerGoesOn() throws Exception {
		CountDownLatch done = new CountDownLatch(1);
		this.timer.schedule(() -> {
			throw new IllegalStateException("boom");
		}, 0);
		this.timer.schedule(done::countDown, 5);
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.uncaught).singleElement().satisfies((ex) -> assertThat(ex).hasMessage("boom"));
		this.uncaught.clear();
	}

	@Test
	void aPeriodicTaskRunsAgainUntilCancelled() {
		AtomicInteger runs = new AtomicInteger();
		Scheduler.Cancellable periodic = this.timer.scheduleWithFixedDelay(runs::incrementAndGet, 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
		periodic.cancel();
		int after = runs.get();
		// One run may have been under way as it was cancelled; none is armed after it.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.timer.armed() == 0);
		assertThat(runs.get()).isBetween(after, after + 1);
	}

	@Test
	void nodesArmedAndCancelledFromManyThreadsAtOnceFallDueExactlyOnceEach() throws Exception {
		int threads = 4;
		int perThread = 2_000;
		AtomicInteger due = new AtomicInteger();
		CountDownLatch kept = new CountDownLatch(threads * perThread / 2);
		ExecutorService callers = Executors.newFixedThreadPool(threads);
		try {
			for (int t = 0; t < threads; t++) {
				callers.execute(() -> {
					for (int i = 0; i < perThread; i++) {
						boolean keep = i % 2 == 0;
						Scheduler.Cancellable task = this.timer.schedule(() -> {
							due.incrementAndGet();
							kept.countDown();
						}, keep ? i % 7 : 60_000);
						if (!keep) {
							task.cancel();
						}
					}
				});
			}
			assertThat(kept.await(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			callers.shutdownNow();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.timer.armed() == 0);
		assertThat(due.get()).isEqualTo(threads * perThread / 2);
		assertThat(this.threads).hasSize(1);
	}

}
