package io.github.reconnectingsocket.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The library timer's heap, on made-up times: order, cancel, re-arm in place. */
class TimerHeapTest {

	private final TimerHeap heap = new TimerHeap();

	private final List<String> fired = new ArrayList<>();

	@Test
	void nodesFallDueInOrderOfTheirTimesThenOfTheirArming() {
		Named late = arm("late", 30);
		Named early = arm("early", 10);
		Named tieFirst = arm("tie-first", 20);
		Named tieSecond = arm("tie-second", 20);
		assertThat(this.heap.pollDue(9)).isNull();
		drainAt(100);
		assertThat(this.fired).containsExactly("early", "tie-first", "tie-second", "late");
		assertThat(List.of(late, early, tieFirst, tieSecond)).noneMatch(TimerHeap.Node::isArmed);
	}

	@Test
	void aNodeDueNowFallsDueAtOnceAndOneDueLaterDoesNot() {
		arm("now", 50);
		arm("later", 51);
		drainAt(50);
		assertThat(this.fired).containsExactly("now");
		assertThat(this.heap.size()).isOne();
	}

	@Test
	void cancelTakesANodeOutAndCancellingTwiceOrAnUnarmedNodeDoesNothing() {
		Named first = arm("first", 10);
		arm("second", 20);
		Named never = new Named("never");
		this.heap.cancel(first);
		this.heap.cancel(first);
		this.heap.cancel(never);
		drainAt(100);
		assertThat(this.fired).containsExactly("second");
	}

	@Test
	void reArmingMovesTheNodeInPlaceAndItFallsDueOnceWithTheLastTag() {
		Named node = arm("node", 10);
		arm("other", 20);
		assertThat(this.heap.arm(node, 30, 7)).isFalse();
		assertThat(this.heap.size()).isEqualTo(2);
		drainAt(100);
		assertThat(this.fired).containsExactly("other", "node#7");
		assertThat(this.heap.arm(node, 5, 8)).as("re-armed after it fell due, it is first").isTrue();
	}

	@Test
	void timesAreComparedByDifferenceAcrossTheOverflowOfNanoTime() {
		arm("before-overflow", Long.MAX_VALUE - 5);
		arm("after-overflow", Long.MAX_VALUE + 10);
		drainAt(Long.MAX_VALUE + 20);
		assertThat(this.fired).containsExactly("before-overflow", "after-overflow");
	}

	@Test
	void manyNodesArmedCancelledAndReArmedAtRandomFallDueInOrder() {
		Random random = new Random(14);
		Named[] nodes = new Named[10_000];
		long[] due = new long[nodes.length];
		for (int i = 0; i < nodes.length; i++) {
			nodes[i] = new Named(Integer.toString(i));
			due[i] = random.nextInt(1_000_000);
			this.heap.arm(nodes[i], due[i], 0);
		}
		for (int i = 0; i < nodes.length; i += 3) {
			this.heap.cancel(nodes[i]);
			due[i] = -1;
		}
		for (int i = 1; i < nodes.length; i += 3) {
			due[i] = random.nextInt(1_000_000);
			this.heap.arm(nodes[i], due[i], 0);
		}
		long last = Long.MIN_VALUE;
		int count = 0;
		TimerHeap.Node node;
		while ((node = this.heap.pollDue(Long.MAX_VALUE)) != null) {
			assertThat(node.dueNanos).isGreaterThanOrEqualTo(last);
			assertThat(node.dueNanos).isEqualTo(due[Integer.parseInt(((Named) node).name)]);
			last = node.dueNanos;
			count++;
		}
		assertThat(count).isEqualTo(nodes.length - (nodes.length + 2) / 3);
	}

	private Named arm(String name, long dueNanos) {
		Named node = new Named(name);
		this.heap.arm(node, dueNanos, 0);
		return node;
	}

	private void drainAt(long nowNanos) {
		TimerHeap.Node node;
		while ((node = this.heap.pollDue(nowNanos)) != null) {
			node.due(node.tag);
		}
	}

	private final class Named extends TimerHeap.Node {

		final String name;

		Named(String name) {
			this.name = name;
		}

		@Override
		void due(long tag) {
			TimerHeapTest.this.fired.add((tag != 0) ? this.name + "#" + tag : this.name);
		}

	}

}
