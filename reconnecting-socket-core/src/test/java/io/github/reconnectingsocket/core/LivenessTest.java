package io.github.reconnectingsocket.core;

import java.time.Duration;

import io.github.reconnectingsocket.backoff.Backoff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The liveness timeout on a virtual clock: an open socket silent for that long is
 * destroyed, its {@code onClose} runs before {@code opened -> closed}, it counts as a
 * disconnection with a {@link LivenessTimeoutException}, and it shares OPENED's one timer
 * slot with {@code resetAfter}.
 */
class LivenessTest {

	private static Harness harness(Backoff backoff, long livenessMillis) {
		Harness h = new Harness(backoff, (b) -> b.livenessTimeout(Duration.ofMillis(livenessMillis)));
		h.factory.closeOnDestroy = false;
		return h;
	}

	@Test
	void aSilentSocketIsDestroyedClosedAndReopenedWithBackoff() {
		Harness h = harness(Backoff.builder().randomisationFactor(0).build(), 1000).opened();
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofMillis(1000));
		h.advance(999);
		assertThat(h.log()).isEmpty();
		h.advance(1);
		assertThat(h.log()).containsExactly("destroy #1", "onClose #1", "opened -> closed");
		SocketSnapshot snapshot = h.socket.snapshot();
		assertThat(snapshot.lastError()).isInstanceOf(LivenessTimeoutException.class);
		assertThat(h.changes.get(h.changes.size() - 1).lastError()).isInstanceOf(LivenessTimeoutException.class);
		assertThat(snapshot.counters().livenessTimeouts()).isEqualTo(1);
		assertThat(snapshot.counters().disconnections()).isEqualTo(1);
		assertThat(snapshot.counters().failedAttempts()).isZero();
		assertThat(h.clock.pendingDelays()).as("the backoff's first delay").containsExactly(Duration.ofSeconds(1));
		h.advance(1000);
		assertThat(h.log()).containsExactly("closed -> reopening", "create #2");
	}

	@Test
	void aliveMovesTheDeadline() {
		Harness h = harness(Backoff.builder().randomisationFactor(0).build(), 1000).opened();
		h.advance(600);
		h.factory.last().handle.alive();
		h.advance(400);
		// the slot fell due at 1000, found the socket heard from 400 ms ago, and re-armed
		// itself
		assertThat(h.log()).isEmpty();
		assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofMillis(600));
		h.advance(599);
		assertThat(h.state()).isEqualTo(SocketState.OPENED);
		h.advance(1);
		assertThat(h.log()).containsExactly("destroy #1", "onClose #1", "opened -> closed");
		assertThat(h.socket.snapshot().lastError()).hasMessageContaining("1000 ms");
	}

	@Test
	void aliveFromAStaleHandleDoesNotKeepTheNewSocketAlive() {
		Harness h = harness(Backoff.builder().randomisationFactor(0).build(), 1000).opened();
		SocketHandle first = h.factory.last().handle;
		h.socket.reconnect();
		h.factory.last().open();
		h.log();
		h.advance(500);
		first.alive();
		h.advance(500);
		assertThat(h.log()).containsExactly("destroy #2", "onClose #2", "opened -> closed");
	}

	@Test
	void livenessAndResetAfterShareOneSlotAndBothFire() {
		// two failed attempts first, so that a reset shows
		Harness h = harness(Backoff.builder().randomisationFactor(0).resetAfter(Duration.ofMillis(2500)).build(), 1000);
		h.socket.start();
		h.factory.last().close();
		h.clock.advanceToNextTask();
		h.factory.last().close();
		h.clock.advanceToNextTask();
		h.factory.last().open();
		h.log();
		assertThat(h.socket.snapshot().consecutiveFailures()).isEqualTo(2);
		for (int i = 0; i < 6; i++) {
			h.advance(500);
			h.factory.last().handle.alive();
			assertThat(h.clock.pendingTasks()).as("one timer slot in OPENED").isEqualTo(1);
		}
		// reset-after fell due at 2500 while the socket was alive
		assertThat(h.socket.snapshot().consecutiveFailures()).isZero();
		assertThat(h.infos).contains("connection stayed open for 2500 ms: backoff reset");
		assertThat(h.state()).isEqualTo(SocketState.OPENED);
		h.advance(1000);
		assertThat(h.log()).containsExactly("destroy #3", "onClose #3", "opened -> closed");
		assertThat(h.clock.pendingDelays()).as("reset: the first delay").containsExactly(Duration.ofSeconds(1));
	}

	@Test
	void livenessExpiringBeforeResetAfterKeepsTheBackoffGrowing() {
		Harness h = harness(Backoff.builder().randomisationFactor(0).resetAfter(Duration.ofSeconds(5)).build(), 1000);
		h.socket.start();
		h.factory.last().close(); // 1 s
		h.clock.advanceToNextTask();
		h.factory.last().close(); // 1 s
		h.clock.advanceToNextTask();
		h.factory.last().open();
		h.log();
		h.advance(1000);
		assertThat(h.log()).containsExactly("destroy #3", "onClose #3", "opened -> closed");
		assertThat(h.socket.snapshot().consecutiveFailures()).isEqualTo(2);
		assertThat(h.clock.pendingDelays()).as("fibonacci's third delay").containsExactly(Duration.ofSeconds(2));
		assertThat(h.infos).noneMatch((m) -> m.contains("backoff reset"));
	}

	@Test
	void withoutALivenessTimeoutASilentSocketStaysOpen() {
		Harness h = new Harness().opened();
		h.advance(Duration.ofDays(1).toMillis());
		assertThat(h.state()).isEqualTo(SocketState.OPENED);
		assertThat(h.clock.pendingTasks()).isZero();
	}

	@Test
	void theLivenessInfoHasItsKind() {
		Harness h = harness(Backoff.builder().randomisationFactor(0).build(), 1000).opened();
		java.util.List<Info> infos = new java.util.ArrayList<>();
		h.socket.addInfoListener(infos::add);
		h.advance(1000);
		assertThat(infos).anyMatch((info) -> info.kind() == Info.Kind.LIVENESS_EXPIRED
				&& info.message().equals("attempt 1 silent for 1000 ms: dropped"));
	}

}
