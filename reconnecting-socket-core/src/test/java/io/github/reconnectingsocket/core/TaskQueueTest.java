package io.github.reconnectingsocket.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The intrusive queue: order, a task in it once, a reused task's claim. */
class TaskQueueTest {

	private final TaskQueue queue = new TaskQueue();

	private final List<String> ran = new ArrayList<>();

	@Test
	void tasksComeOutInTheOrderTheyWentIn() {
		assertThat(this.queue.isEmpty()).isTrue();
		this.queue.add(named("a"));
		this.queue.add(TaskQueue.of(() -> this.ran.add("b")));
		this.queue.add(named("c"));
		assertThat(this.queue.isEmpty()).isFalse();
		runAll();
		assertThat(this.ran).containsExactly("a", "b", "c");
		assertThat(this.queue.isEmpty()).isTrue();
		assertThat(this.queue.poll()).isNull();
	}

	@Test
	void aTaskCannotBeQueuedTwiceAtOnceButAgainOnceTakenOut() {
		TaskQueue.Task task = named("a");
		this.queue.add(task);
		assertThatIllegalStateException().isThrownBy(() -> this.queue.add(task)).withMessageContaining("twice");
		assertThat(this.queue.poll()).isSameAs(task);
		this.queue.add(named("b"));
		this.queue.add(task);
		runAll();
		assertThat(this.ran).containsExactly("b", "a");
	}

	@Test
	void aReusedKindQueuedAgainBeforeItRanFallsBackToATaskOfItsOwnInOrder() {
		Kind reused = new Kind();
		queueKind(reused, "first");
		queueKind(reused, "second");
		this.queue.add(named("between"));
		queueKind(reused, "third");
		runAll();
		assertThat(this.ran).containsExactly("first", "second", "between", "third");
		assertThat(reused.claim()).as("released once it ran").isTrue();
	}

	@Test
	void aReusedTaskStillRunningIsNotClaimed() {
		Kind reused = new Kind();
		assertThat(reused.claim()).isTrue();
		assertThat(reused.isClaimed()).isTrue();
		assertThat(reused.claim()).isFalse();
		reused.release();
		assertThat(reused.claim()).isTrue();
	}

	@Test
	void tasksAddedFromManyThreadsAreAllPolledOnceInOrderPerThread() throws Exception {
		int threads = 4;
		int perThread = 5_000;
		ExecutorService callers = Executors.newFixedThreadPool(threads);
		CountDownLatch added = new CountDownLatch(threads);
		try {
			for (int t = 0; t < threads; t++) {
				int caller = t;
				callers.execute(() -> {
					for (int i = 0; i < perThread; i++) {
						this.queue.add(new Numbered(caller, i));
					}
					added.countDown();
				});
			}
			int[] next = new int[threads];
			int polled = 0;
			while (polled < threads * perThread) {
				TaskQueue.Task task = this.queue.poll();
				if (task == null) {
					assertThat(added.getCount() > 0 || !this.queue.isEmpty()).as("nothing lost").isTrue();
					continue;
				}
				Numbered numbered = (Numbered) task;
				assertThat(numbered.number).isEqualTo(next[numbered.caller]++);
				polled++;
			}
			assertThat(added.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(this.queue.poll()).isNull();
		}
		finally {
			callers.shutdownNow();
		}
	}

	private void queueKind(Kind reused, String name) {
		Kind task = reused.claim() ? reused : new Kind();
		task.name = name;
		this.queue.add(task);
	}

	private TaskQueue.Task named(String name) {
		return TaskQueue.of(() -> this.ran.add(name));
	}

	private void runAll() {
		TaskQueue.Task task;
		while ((task = this.queue.poll()) != null) {
			task.run();
		}
	}

	private final class Kind extends TaskQueue.Reusable {

		String name;

		@Override
		public void run() {
			String name = this.name;
			this.name = null;
			release();
			TaskQueueTest.this.ran.add(name);
		}

	}

	private static final class Numbered extends TaskQueue.Task {

		final int caller;

		final int number;

		Numbered(int caller, int number) {
			this.caller = caller;
			this.number = number;
		}

		@Override
		public void run() {
		}

	}

}
