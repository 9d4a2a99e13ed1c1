package io.github.reconnectingsocket.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.backoff.Backoff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backoff schedules, giving up, timeouts, stale signals, re-entrancy and faulty user
 * code.
 */
class MachineBehaviourTest {

	/** Fails every attempt at once and records the delay before each new one. */
	private static List<Long> delaysOfFailingAttempts(Harness h, int attempts) {
		List<Long> delays = new ArrayList<>();
		h.socket.start();
		for (int i = 0; i < attempts; i++) {
			h.factory.last().close();
			Duration next = h.clock.nextTaskDelay();
			delays.add(next.toMillis());
			h.clock.advance(next);
		}
		return delays;
	}

	@Test
	void fibonacciDelaysWithoutRandomisationFollowTheSeed() {
		Harness h = new Harness(Backoff.builder()
			.initialDelay(Duration.ofMillis(100))
			.maxDelay(Duration.ofMillis(1000))
			.randomisationFactor(0)
			.build());
		assertThat(delaysOfFailingAttempts(h, 10)).containsExactly(100L, 100L, 200L, 300L, 500L, 800L, 1000L, 1000L,
				1000L, 1000L);
	}

	@Test
	void exponentialDelaysWithoutRandomisationFollowTheSeed() {
		Harness h = new Harness(Backoff.builder()
			.strategy("exponential")
			.initialDelay(Duration.ofMillis(100))
			.maxDelay(Duration.ofMillis(2000))
			.factor(3)
			.randomisationFactor(0)
			.build());
		assertThat(delaysOfFailingAttempts(h, 6)).containsExactly(100L, 300L, 900L, 2000L, 2000L, 2000L);
	}

	@Test
	void seededRandomisationGivesExactDelays() {
		Backoff backoff = Backoff.builder().initialDelay(Duration.ofMillis(1000)).randomisationFactor(0.5).build();
		Random expected = new Random(7);
		Random used = new Random(7);
		Harness h = new Harness(backoff, (b) -> b.random(used::nextDouble));
		List<Long> delays = delaysOfFailingAttempts(h, 5);
		long[] base = { 1000, 1000, 2000, 3000, 5000 };
		for (int i = 0; i < base.length; i++) {
			assertThat(delays.get(i)).isEqualTo(Math.round(base[i] * (1 + expected.nextDouble() * 0.5)));
		}
	}

	@Test
	void aDisconnectionStartsTheBackoffFromTheBeginning() {
		Harness h = new Harness(Backoff.builder().strategy("exponential").randomisationFactor(0).build()).opened();
		h.factory.last().close();
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofSeconds(1));
		h.advance(1000);
		h.factory.last().close();
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofSeconds(2));
	}

	@Test
	void failAfterOneGivesUpAfterTheFirstFailedAttempt() {
		Harness h = new Harness(Backoff.builder().failAfter(1).build());
		h.socket.start();
		h.factory.last().error("refused");
		h.log();
		h.factory.last().close();
		assertThat(h.log()).containsExactly("onClose #1", "opening -> failed", "onFail refused");
		assertThat(h.clock.pendingTasks()).isZero();
		assertThat(h.socket.snapshot().counters().failures()).isEqualTo(1);
	}

	@Test
	void failAfterFourMakesFourAttempts() {
		Harness h = new Harness(Backoff.builder().failAfter(4).randomisationFactor(0).build());
		h.socket.start();
		for (int i = 1; i <= 3; i++) {
			h.factory.last().error("refused " + i);
			h.factory.last().close();
			assertThat(h.state()).isEqualTo(SocketState.CLOSED);
			h.clock.advanceToNextTask();
		}
		h.factory.last().error("refused 4");
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.FAILED);
		assertThat(h.factory.sockets).hasSize(4);
		assertThat(h.factory.log).endsWith("reopening -> failed", "onFail refused 4");
		assertThat(h.socket.snapshot().consecutiveFailures()).isEqualTo(4);
		assertThat(h.socket.snapshot().attempt()).isEqualTo(4);
	}

	@Test
	void aDisconnectionDoesNotCountTowardsFailAfter() {
		Harness h = new Harness(Backoff.builder().failAfter(1).build()).opened();
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.CLOSED);
	}

	@Test
	void openTimeoutDestroysTheAttemptAndCountsItAsFailed() {
		Harness h = new Harness(Backoff.builder().failAfter(2).randomisationFactor(0).build(),
				(b) -> b.openTimeout(Duration.ofMillis(500)));
		h.factory.closeOnDestroy = false;
		h.socket.start();
		h.log();
		h.advance(499);
		assertThat(h.log()).isEmpty();
		h.advance(1);
		assertThat(h.log()).containsExactly("destroy #1", "onClose #1", "opening -> closed");
		assertThat(h.socket.snapshot().lastError()).isInstanceOf(OpenTimeoutException.class)
			.hasMessageContaining("500 ms");
		h.advance(1000);
		h.advance(500);
		assertThat(h.log()).containsExactly("closed -> reopening", "create #2 first", "destroy #2", "onClose #2",
				"reopening -> failed", "onFail Attempt 2 did not open within the open timeout of 500 ms");
		// the late close() of a timed-out socket is stale
		h.factory.socket(1).close();
		assertThat(h.log()).isEmpty();
	}

	@Test
	void openTimeoutIsCancelledByOpen() {
		Harness h = new Harness(Backoff.builder().build(), (b) -> b.openTimeout(Duration.ofMillis(500)));
		h.socket.start();
		h.factory.last().open();
		assertThat(h.clock.pendingTasks()).isZero();
		h.advance(10_000);
		assertThat(h.state()).isEqualTo(SocketState.OPENED);
	}

	@Test
	void withoutResetAfterAFlappingServerPinsTheShortestDelay() {
		Harness h = new Harness(Backoff.builder().randomisationFactor(0).build());
		h.socket.start();
		List<Long> delays = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			h.factory.last().open();
			h.factory.last().close();
			delays.add(h.clock.nextTaskDelay().toMillis());
			h.clock.advanceToNextTask();
		}
		assertThat(delays).containsOnly(1000L);
	}

	@Test
	void resetAfterLetsTheBackoffGrowWhileConnectionsDropAtOnce() {
		Harness h = new Harness(Backoff.builder().randomisationFactor(0).resetAfter(Duration.ofSeconds(5)).build());
		h.socket.start();
		List<Long> delays = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			h.factory.last().open();
			h.advance(100);
			h.factory.last().close();
			delays.add(h.clock.nextTaskDelay().toMillis());
			h.clock.advanceToNextTask();
		}
		assertThat(delays).containsExactly(1000L, 1000L, 2000L, 3000L, 5000L);
	}

	@Test
	void resetAfterResetsOnceTheConnectionStayedOpenLongEnough() {
		Harness h = new Harness(Backoff.builder().randomisationFactor(0).resetAfter(Duration.ofSeconds(5)).build());
		h.socket.start();
		h.factory.last().close();
		h.clock.advanceToNextTask();
		h.factory.last().close();
		h.clock.advanceToNextTask();
		h.factory.last().open();
		assertThat(h.socket.snapshot().consecutiveFailures()).isEqualTo(2);
		h.advance(5000);
		assertThat(h.socket.snapshot().consecutiveFailures()).isZero();
		assertThat(h.infos).contains("connection stayed open for 5000 ms: backoff reset");
		h.factory.last().close();
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofSeconds(1));
	}

	@Test
	void staleSignalsAreIgnoredAndReported() {
		Harness h = new Harness().opened();
		ScriptedFactory.Sock first = h.factory.last();
		first.close();
		h.clock.advanceToNextTask();
		h.log();
		first.close();
		first.error("late");
		assertThat(h.log()).isEmpty();
		assertThat(h.state()).isEqualTo(SocketState.REOPENING);
		assertThat(h.socket.snapshot().lastError()).isNull();
		assertThat(h.infos).contains("ignored stale close() from attempt 1")
			.anyMatch((m) -> m.startsWith("ignored stale error() from attempt 1"));
	}

	@Test
	void aStaleOpenGetsItsSocketDestroyed() {
		Harness h = new Harness();
		h.factory.closeOnDestroy = false;
		h.socket.start();
		ScriptedFactory.Sock first = h.factory.last();
		h.socket.stop();
		first.close();
		h.socket.start();
		h.log();
		// the first socket had closed itself; an open() from it now is stale and must not
		// leak
		h.factory.closeOnDestroy = true;
		ScriptedFactory.Sock lingering = h.factory.last();
		h.socket.stop();
		h.log();
		lingering.open();
		assertThat(h.log()).isEmpty(); // already destroyed by stop: destroy runs at most
										// once
		assertThat(lingering.destroyed).isEqualTo(1);
	}

	@Test
	void aStaleOpenOfASocketThatClosedItselfDestroysIt() {
		Harness h = new Harness();
		h.socket.start();
		ScriptedFactory.Sock first = h.factory.last();
		first.close(); // failed attempt, never destroyed
		h.log();
		first.open();
		assertThat(h.log()).containsExactly("destroy #1");
		assertThat(h.state()).isEqualTo(SocketState.CLOSED);
		assertThat(h.infos).contains("ignored stale open() from attempt 1");
	}

	@Test
	void duplicateOpenIsIgnored() {
		Harness h = new Harness().opened();
		h.factory.last().open();
		assertThat(h.log()).isEmpty();
		assertThat(h.infos).contains("ignored open() from attempt 1 in state opened");
	}

	@Test
	void signalsRaisedInsideCreateAreQueuedUntilItReturns() {
		Harness h = new Harness();
		h.factory.duringCreate = (sock) -> {
			sock.open();
			h.factory.log.add("create returns");
		};
		h.socket.start();
		assertThat(h.log()).containsExactly("stopped -> opening", "create #1 first", "create returns",
				"opening -> opened", "onOpen #1 first");
	}

	@Test
	void aCloseRaisedInsideCreateIsAFailedAttempt() {
		Harness h = new Harness();
		h.factory.duringCreate = (sock) -> {
			sock.error("refused at once");
			sock.close();
		};
		h.socket.start();
		assertThat(h.log()).containsExactly("stopped -> opening", "create #1 first", "onClose #1", "opening -> closed");
		assertThat(h.socket.snapshot().lastError()).hasMessage("refused at once");
	}

	@Test
	void throwingHooksAreRecordedAndTheMachineGoesOn() {
		Harness h = new Harness(Backoff.builder().failAfter(2).randomisationFactor(0).build());
		h.factory.hookFailure = new IllegalStateException("hook bug");
		h.socket.start();
		h.factory.last().open();
		assertThat(h.state()).isEqualTo(SocketState.OPENED);
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.CLOSED);
		h.clock.advanceToNextTask();
		h.factory.last().close();
		h.clock.advanceToNextTask();
		h.factory.last().close();
		assertThat(h.state()).isEqualTo(SocketState.FAILED);
		assertThat(h.infos).contains("onOpen() threw: java.lang.IllegalStateException: hook bug",
				"onClose() threw: java.lang.IllegalStateException: hook bug",
				"onFail() threw: java.lang.IllegalStateException: hook bug");
	}

	@Test
	void aThrowingListenerStopsNeitherTheMachineNorTheOtherListeners() {
		List<String> seen = new ArrayList<>();
		Harness h = new Harness(Backoff.builder().build(), (b) -> b.stateListener((c) -> {
			throw new IllegalStateException("listener bug");
		}).stateListener((c) -> seen.add(c.to().seedName())).infoListener((info) -> {
			throw new IllegalStateException("info listener bug");
		}));
		h.opened();
		h.factory.last().close();
		h.clock.advanceToNextTask();
		assertThat(seen).containsExactly("opening", "opened", "closed", "reopening");
		assertThat(h.infos).anyMatch((m) -> m.contains("listener bug"));
	}

	@Test
	void removedListenersHearNothingMore() {
		Harness h = new Harness();
		List<StateChange> seen = new ArrayList<>();
		Registration registration = h.socket.addStateListener(seen::add);
		h.socket.start();
		registration.remove();
		h.factory.last().open();
		assertThat(seen).hasSize(1);
	}

	@Test
	void countersAddUp() {
		Harness h = new Harness(Backoff.builder().failAfter(2).build()).opened();
		h.factory.last().close();
		h.clock.advanceToNextTask();
		h.factory.last().close();
		h.clock.advanceToNextTask();
		h.factory.last().close();
		SocketSnapshot.Counters counters = h.socket.snapshot().counters();
		assertThat(counters).isEqualTo(new SocketSnapshot.Counters(3, 1, 2, 1, 1, 0, 0, 0, 0));
		assertThat(h.socket.snapshot().attempt()).isEqualTo(3);
	}

	@Test
	void aDestroyThatBlocksDoesNotHoldStopPastTheStopTimeout() throws Exception {
		ExecutorService pool = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "blocking-destroy-test");
			thread.setDaemon(true);
			return thread;
		});
		CountDownLatch inDestroy = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<String> log = new CopyOnWriteArrayList<>();
		VirtualClock clock = new VirtualClock();
		ReconnectingSocket<String> socket = ReconnectingSocket.<String>builder()
			.name("blocking")
			.create((handle, first) -> {
				handle.open();
				return "socket";
			})
			.destroy((s) -> {
				log.add("destroy");
				inDestroy.countDown();
				release.await(30, TimeUnit.SECONDS);
				log.add("destroy returned");
			})
			.onClose((s) -> log.add("onClose"))
			.stopTimeout(Duration.ofSeconds(2))
			.virtualClock(clock)
			.executor(pool)
			.stateListener((change) -> log.add(change.from().seedName() + " -> " + change.to().seedName()))
			.build();
		try {
			socket.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> socket.state() == SocketState.OPENED);
			CompletableFuture<StopOutcome> stopped = socket.stop().toCompletableFuture();
			assertThat(inDestroy.await(10, TimeUnit.SECONDS)).isTrue();
			// the stop timeout counts from stop(), not from the return of destroy()
			assertThat(clock.pendingDelays()).containsExactly(Duration.ofSeconds(2));
			clock.advance(Duration.ofMillis(1999));
			assertThat(stopped).isNotDone();
			clock.advance(Duration.ofMillis(1));
			stopped.get(10, TimeUnit.SECONDS);
			assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
			assertThat(log).containsExactly("stopped -> opening", "opening -> opened", "opened -> closing", "destroy",
					"onClose", "closing -> stopped");
			release.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> log.contains("destroy returned"));
			socket.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> socket.state() == SocketState.OPENED);
			assertThat(log).endsWith("destroy returned", "stopped -> opening", "opening -> opened");
		}
		finally {
			release.countDown();
			pool.shutdownNow();
		}
	}

	@Test
	void everyCreatedSocketIsClosedExactlyOnceAndDestroyedAtMostOnce() {
		Harness h = new Harness(Backoff.builder().build(), (b) -> b.openTimeout(Duration.ofMillis(300)));
		h.opened();
		h.socket.reconnect();
		h.factory.last().open();
		h.factory.last().close();
		h.clock.advanceToNextTask();
		h.clock.advanceToNextTask(); // open timeout
		h.clock.advanceToNextTask();
		h.socket.stop();
		assertThat(h.factory.sockets).allSatisfy((sock) -> {
			assertThat(sock.closedHooks).isEqualTo(1);
			assertThat(sock.destroyed).isLessThanOrEqualTo(1);
		});
		assertThat(h.clock.pendingTasks()).isZero();
	}

}
