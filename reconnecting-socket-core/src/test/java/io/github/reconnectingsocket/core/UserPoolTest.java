package io.github.reconnectingsocket.core;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link UserPool}: a few threads, one more only when all are blocked for a whole check.
 */
class UserPoolTest {

	private final VirtualClock clock = new VirtualClock();

	private final ThreadFactory threads = (task) -> {
		Thread thread = new Thread(task, "user-pool-test");
		thread.setDaemon(true);
		return thread;
	};

	@Test
	void aTaskBehindABlockedOneGetsAThreadAfterTwoChecksWithoutProgress() throws Exception {
		UserPool pool = new UserPool(1, 100, 30, this.threads, this.clock);
		CountDownLatch blockedStarted = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch behindRan = new CountDownLatch(1);
		pool.execute(() -> {
			blockedStarted.countDown();
			await(release);
		});
		assertThat(blockedStarted.await(10, TimeUnit.SECONDS)).isTrue();
		pool.execute(behindRan::countDown);
		this.clock.advance(Duration.ofMillis(100)); // the first check only notes the
													// progress so far
		assertThat(pool.threads()).isEqualTo(1);
		assertThat(behindRan.getCount()).isEqualTo(1);
		this.clock.advance(Duration.ofMillis(100)); // no progress with a task waiting:
													// one more thread
		assertThat(behindRan.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(pool.threads()).isEqualTo(2);
		release.countDown();
	}

	@Test
	void tasksThatCompleteNeverAddAThread() throws Exception {
		UserPool pool = new UserPool(2, 100, 30, this.threads, this.clock);
		for (int round = 0; round < 5; round++) {
			CountDownLatch done = new CountDownLatch(1_000);
			for (int i = 0; i < 1_000; i++) {
				pool.execute(done::countDown);
			}
			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			this.clock.advance(Duration.ofMillis(100));
		}
		assertThat(pool.threads()).isLessThanOrEqualTo(2);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
