package io.github.reconnectingsocket.core;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The library timer's pending timers: a binary heap ordered by due time (then by arming
 * order) whose nodes know their index, so that re-arming or cancelling a node is O(log n)
 * in place, and a node is reused from one arming to the next. Times are
 * {@link System#nanoTime()} values, compared by difference. Not thread-safe: the
 * {@link LibraryTimer} guards it.
 */
final class TimerHeap {

	private Node[] nodes = new Node[64];

	private int size;

	private long armings;

	/**
	 * Arms a node, moving it in place if it was armed already.
	 * @param node the node
	 * @param dueNanos when it falls due
	 * @param tag given back to {@link Node#due(long)} when this arming falls due
	 * @return whether the node is now the first to fall due
	 */
	boolean arm(Node node, long dueNanos, long tag) {
		node.dueNanos = dueNanos;
		node.tag = tag;
		node.order = this.armings++;
		if (node.index < 0) {
			if (this.size == this.nodes.length) {
				this.nodes = Arrays.copyOf(this.nodes, this.size * 2);
			}
			node.index = this.size++;
			this.nodes[node.index] = node;
		}
		siftDown(siftUp(node.index));
		return this.nodes[0] == node;
	}

	/**
	 * Takes a node out; does nothing if it is not armed.
	 * @param node the node
	 */
	void cancel(Node node) {
		int index = node.index;
		if (index < 0) {
			return;
		}
		node.index = -1;
		Node last = this.nodes[--this.size];
		this.nodes[this.size] = null;
		if (last != node) {
			this.nodes[index] = last;
			last.index = index;
			siftDown(siftUp(index));
		}
	}

	/**
	 * @return the node that falls due first, or null
	 */
	@Nullable Node first() {
		return (this.size > 0) ? this.nodes[0] : null;
	}

	/**
	 * @param nowNanos the time now
	 * @return the first node, taken out, if it is due at {@code nowNanos}; else null
	 */
	@Nullable Node pollDue(long nowNanos) {
		Node first = first();
		if (first == null || first.dueNanos - nowNanos > 0) {
			return null;
		}
		cancel(first);
		return first;
	}

	int size() {
		return this.size;
	}

	private int siftUp(int index) {
		Node node = this.nodes[index];
		while (index > 0) {
			int parent = (index - 1) >>> 1;
			Node above = this.nodes[parent];
			if (!before(node, above)) {
				break;
			}
			place(above, index);
			index = parent;
		}
		place(node, index);
		return index;
	}

	private void siftDown(int index) {
		Node node = this.nodes[index];
		int half = this.size >>> 1;
		while (index < half) {
			int child = 2 * index + 1;
			int right = child + 1;
			if (right < this.size && before(this.nodes[right], this.nodes[child])) {
				child = right;
			}
			Node below = this.nodes[child];
			if (!before(below, node)) {
				break;
			}
			place(below, index);
			index = child;
		}
		place(node, index);
	}

	private void place(Node node, int index) {
		this.nodes[index] = node;
		node.index = index;
	}

	private static boolean before(Node a, Node b) {
		long difference = a.dueNanos - b.dueNanos;
		return (difference != 0) ? difference < 0 : a.order < b.order;
	}

	/**
	 * A timer, reused from one arming to the next. Its fields are guarded by whoever
	 * guards the heap.
	 */
	abstract static class Node {

		int index = -1;

		long dueNanos;

		long tag;

		long order;

		/**
		 * The arming with this tag fell due: called on the timer's thread, outside the
		 * heap's guard, once the node is out of the heap (so it may be armed again).
		 * @param tag the tag of that arming
		 */
		abstract void due(long tag);

		/**
		 * @return whether the node is armed
		 */
		final boolean isArmed() {
			return this.index >= 0;
		}

	}

}
