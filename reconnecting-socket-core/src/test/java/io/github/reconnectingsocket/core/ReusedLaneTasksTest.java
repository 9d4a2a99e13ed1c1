package io.github.reconnectingsocket.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.reconnectingsocket.backoff.Backoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lane's reused callback tasks: a kind needed again while its task is still in a call
 * (here an {@code onClose} left behind by the lane) runs as a task of its own, with its
 * own socket, and the reused task serves again once its call returned.
 */
class ReusedLaneTasksTest {

	private final ExecutorService pool = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "reused-lane-tasks-test");
		thread.setDaemon(true);
		return thread;
	});

	private final VirtualClock clock = new VirtualClock();

	private final List<String> log = new CopyOnWriteArrayList<>();

	private final List<SocketHandle> handles = new CopyOnWriteArrayList<>();

	private final CountDownLatch releaseFirstOnClose = new CountDownLatch(1);

	private final AtomicReference<ReconnectingSocket<Integer>> socket = new AtomicReference<>();

	@AfterEach
	void shutdown() {
		this.releaseFirstOnClose.countDown();
		this.pool.shutdownNow();
	}

	@Test
	void anOnCloseLeftBehindDoesNotHoldUpOrMixUpTheNextOnesAndTheTaskIsReusedOnceItReturns() throws Exception {
		this.socket.set(ReconnectingSocket.builder(new Factory())
			.name("reused")
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ofSeconds(1)).build())
			.openTimeout(null)
			.virtualClock(this.clock)
			.executor(this.pool)
			.build());
		this.socket.get().start();
		cycle(1);
		// onClose #1 called reconnect() and blocks: the lane left it behind for create
		// #2.
		cycle(2);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.log.contains("onClose 2"));
		assertThat(this.log).doesNotContain("onClose 1 returned");
		this.releaseFirstOnClose.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.log.contains("onClose 1 returned"));
		this.clock.advanceToNextTask();
		cycle(3);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.log.contains("onClose 3"));
		assertThat(this.log).filteredOn((entry) -> entry.startsWith("onOpen"))
			.containsExactly("onOpen 1 first", "onOpen 2", "onOpen 3");
		assertThat(this.log).filteredOn((entry) -> entry.startsWith("onClose") && !entry.endsWith("returned"))
			.containsExactly("onClose 1", "onClose 2", "onClose 3");
		assertThat(this.socket.get().snapshot().counters().ignoredSignals()).isZero();
	}

	/** Waits for the socket of attempt {@code n}, opens it, then closes it. */
	private void cycle(int n) {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.handles.size() >= n);
		SocketHandle handle = this.handles.get(n - 1);
		handle.open();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.log.stream().anyMatch((e) -> e.startsWith("onOpen " + n)));
		handle.close();
	}

	private final class Factory implements SocketFactory<Integer> {

		@Override
		public Integer create(SocketHandle handle, boolean firstOpen) {
			ReusedLaneTasksTest.this.handles.add(handle);
			return ReusedLaneTasksTest.this.handles.size();
		}

		@Override
		public void destroy(Integer socket) {
			ReusedLaneTasksTest.this.handles.get(socket - 1).close();
		}

		@Override
		public void onOpen(Integer socket, boolean firstOpen) {
			ReusedLaneTasksTest.this.log.add("onOpen " + socket + (firstOpen ? " first" : ""));
		}

		@Override
		public void onClose(Integer socket) {
			ReusedLaneTasksTest.this.log.add("onClose " + socket);
			if (socket == 1) {
				ReusedLaneTasksTest.this.socket.get().reconnect();
				try {
					ReusedLaneTasksTest.this.releaseFirstOnClose.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				ReusedLaneTasksTest.this.log.add("onClose 1 returned");
			}
		}

	}

}
