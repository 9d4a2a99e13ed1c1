package io.github.reconnectingsocket.reliability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An executor the test drives, so that user code can block and runs stay reproducible
 * from a seed. A task given to it waits in a queue until the test runs it
 * ({@link #run(int)}); it then runs on a worker thread while the test thread waits, until
 * it ends or blocks at a {@link Gate}. A blocked task goes on only when the test releases
 * its gate ({@link #release(int)}), and the test waits again until it ends or blocks
 * anew. So exactly one thread runs at any time, in an order the scenario chooses, and a
 * blocked {@code create()} or hook is a real blocked thread, which the machine may leave
 * behind (its lane then goes on on another worker) exactly as in production.
 *
 * <p>
 * The workers are daemon threads, shared by every scenario of a run and reused; a
 * scenario releases every gate before it ends, so none stays blocked.
 */
final class Turns implements Executor {

	/**
	 * How long the test waits for a worker to end or block: only a deadlock takes that
	 * long.
	 */
	private static final long TURN_TIMEOUT_SECONDS = 20;

	private static final Deque<Worker> IDLE = new ArrayDeque<>();

	private static int workerNames;

	/** A worker hands the turn back: its task ended, or it blocked at a gate. */
	private static final Semaphore BACK = new Semaphore(0);

	private final List<Runnable> pending = new ArrayList<>();

	private final List<Gate> blocked = new ArrayList<>();

	private final List<Throwable> escaped = new ArrayList<>();

	private int ran;

	@Override
	public synchronized void execute(Runnable task) {
		this.pending.add(task);
	}

	/**
	 * @return the tasks given and not yet run
	 */
	synchronized int pending() {
		return this.pending.size();
	}

	/**
	 * @return the gates a task waits at, oldest first
	 */
	synchronized List<Gate> blocked() {
		return List.copyOf(this.blocked);
	}

	/**
	 * @return tasks run so far
	 */
	int ran() {
		return this.ran;
	}

	/**
	 * @return what tasks threw, uncaught: the core catches whatever user code throws
	 */
	List<Throwable> escaped() {
		return this.escaped;
	}

	/**
	 * Runs one pending task until it ends or blocks.
	 * @param pick which one, modulo the number pending (0 is the oldest)
	 * @return whether there was one
	 */
	boolean run(int pick) {
		Runnable task;
		synchronized (this) {
			if (this.pending.isEmpty()) {
				return false;
			}
			task = this.pending.remove(pick % this.pending.size());
		}
		this.ran++;
		Worker worker;
		synchronized (Turns.class) {
			worker = IDLE.poll();
		}
		if (worker == null) {
			worker = new Worker();
		}
		worker.task = task;
		worker.owner = this;
		worker.go.release();
		awaitTurn();
		return true;
	}

	/**
	 * Lets a blocked task go on, until it ends or blocks again.
	 * @param pick which gate, modulo the number blocked (0 is the oldest)
	 * @return whether one was blocked
	 */
	boolean release(int pick) {
		Gate gate;
		synchronized (this) {
			if (this.blocked.isEmpty()) {
				return false;
			}
			gate = this.blocked.remove(pick % this.blocked.size());
		}
		gate.open.release();
		awaitTurn();
		return true;
	}

	/** Creates a gate for the calling task to block at. */
	Gate gate(String what) {
		return new Gate(what);
	}

	private void awaitTurn() {
		try {
			if (!BACK.tryAcquire(TURN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				throw new AssertionError("A worker neither ended nor blocked within " + TURN_TIMEOUT_SECONDS
						+ " s: a deadlock between the machine and user code? Blocked: " + blocked());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while a worker ran", ex);
		}
	}

	/** Where a task blocks until the test releases it. */
	final class Gate {

		final String what;

		private final Semaphore open = new Semaphore(0);

		Gate(String what) {
			this.what = what;
		}

		/**
		 * Called by the task: hands the turn back to the test and waits to be released.
		 */
		void block() {
			synchronized (Turns.this) {
				Turns.this.blocked.add(this);
			}
			BACK.release();
			this.open.acquireUninterruptibly();
		}

		@Override
		public String toString() {
			return this.what;
		}

	}

	private static final class Worker extends Thread {

		final Semaphore go = new Semaphore(0);

		Runnable task;

		Turns owner;

		Worker() {
			super("interleaving-worker-" + (++workerNames));
			setDaemon(true);
			start();
		}

		@Override
		public void run() {
			while (true) {
				this.go.acquireUninterruptibly();
				try {
					this.task.run();
				}
				catch (Throwable ex) {
					this.owner.escaped.add(ex);
				}
				this.task = null;
				this.owner = null;
				synchronized (Turns.class) {
					IDLE.push(this);
				}
				BACK.release();
			}
		}

	}

}
