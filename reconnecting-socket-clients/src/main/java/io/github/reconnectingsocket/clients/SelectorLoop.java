package io.github.reconnectingsocket.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * An event loop: one daemon thread, {@code reconnecting-socket-io-N}, selecting on one
 * {@link Selector} for every channel given to it, and running the tasks other threads
 * hand it. The TCP clients of the JVM share {@value #DEFAULT_THREADS} such loop by
 * default (the system property {@value #THREADS_PROPERTY} sets another number), a new
 * connection taking the next loop in turn and staying on it.
 *
 * <p>
 * Cheap when idle: the thread blocks in {@code select()}, and ends once the loop has had
 * no channel for {@value #IDLE_MILLIS} ms; the next task starts a new one. Tasks queued
 * while the thread selects cost one {@code wakeup()} (a system call) per batch, not one
 * per task.
 */
final class SelectorLoop {

	/**
	 * The system property that sets the number of shared loops (threads), as Netty's
	 * {@code io.netty.eventLoopThreads} does.
	 */
	static final String THREADS_PROPERTY = "reconnecting-socket.clients.io-threads";

	static final int DEFAULT_THREADS = 1;

	static final int THREADS = threads(System.getProperty(THREADS_PROPERTY));

	static final long IDLE_MILLIS = 5000;

	private static final System.Logger LOGGER = System.getLogger(SelectorLoop.class.getName());

	private static final AtomicInteger NEXT = new AtomicInteger();

	private static final AtomicInteger THREAD_COUNT = new AtomicInteger();

	private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	/**
	 * False only while the thread selects or is about to: a task queued then must wake
	 * it, and the first one to find it false does.
	 */
	private final AtomicBoolean awake = new AtomicBoolean(true);

	private final Object lifecycle = new Object();

	/** One instance for every select: a method reference would allocate one each time. */
	private final Consumer<SelectionKey> onReady = this::ready;

	/** The thread and its selector, or {@code null} when idle; set under lifecycle. */
	private volatile @Nullable Running running;

	static int threads(@Nullable String configured) {
		if (configured == null) {
			return DEFAULT_THREADS;
		}
		try {
			int threads = Integer.parseInt(configured.trim());
			if (threads >= 1) {
				return threads;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new IllegalArgumentException("Invalid value for system property '" + THREADS_PROPERTY + "': " + configured
				+ " (allowed: a whole number of threads, 1 or more)");
	}

	/**
	 * @return the loop of a new connection: the next shared one in turn
	 */
	static SelectorLoop next() {
		SelectorLoop[] loops = Shared.LOOPS;
		return loops[Math.floorMod(NEXT.getAndIncrement(), loops.length)];
	}

	/**
	 * @return the shared loops, for tests
	 */
	static List<SelectorLoop> shared() {
		return List.of(Shared.LOOPS);
	}

	/**
	 * Runs the task on this loop's thread, after the tasks queued before it.
	 * @param task a short task that does not block
	 */
	void execute(Runnable task) {
		this.tasks.add(task);
		Running now = this.running;
		if (now != null && now.thread == Thread.currentThread()) {
			return;
		}
		if (now == null) {
			startIfIdle();
		}
		else if (this.awake.compareAndSet(false, true)) {
			now.selector.wakeup();
		}
	}

	/**
	 * @return whether the caller is this loop's thread
	 */
	boolean inLoop() {
		Running now = this.running;
		return now != null && now.thread == Thread.currentThread();
	}

	/**
	 * @return the selector, for a task of this loop to register a channel with
	 */
	Selector selector() {
		Running now = this.running;
		if (now == null || now.thread != Thread.currentThread()) {
			throw new IllegalStateException("Not on the thread of this loop");
		}
		return now.selector;
	}

	/**
	 * @param value computed on the loop's thread
	 * @return completed with it
	 */
	<T> CompletableFuture<T> call(Supplier<T> value) {
		CompletableFuture<T> result = new CompletableFuture<>();
		execute(() -> result.complete(value.get()));
		return result;
	}

	/**
	 * @return the channels registered with the selector, for tests; 0 when the loop is
	 * idle
	 */
	CompletableFuture<Integer> registeredChannels() {
		return call(() -> (int) selector().keys().stream().filter(SelectionKey::isValid).count());
	}

	/**
	 * @return the thread of the loop, {@code null} while idle
	 */
	@Nullable Thread thread() {
		Running now = this.running;
		return (now != null) ? now.thread : null;
	}

	private void startIfIdle() {
		synchronized (this.lifecycle) {
			if (this.running != null) {
				// Started meanwhile, or kept by tryEnd(), which sees the task.
				return;
			}
			Selector selector;
			try {
				selector = Selector.open();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot open a selector for the TCP clients", ex);
			}
			Thread thread = new Thread(() -> run(selector), "reconnecting-socket-io-" + THREAD_COUNT.incrementAndGet());
			thread.setDaemon(true);
			this.awake.set(true);
			this.running = new Running(thread, selector);
			thread.start();
		}
	}

	private void run(Selector selector) {
		long idleSince = System.nanoTime();
		while (true) {
			runTasks();
			this.awake.set(false);
			boolean noChannel = selector.keys().isEmpty();
			try {
				if (!this.tasks.isEmpty()) {
					selector.selectNow(this.onReady);
				}
				else {
					selector.select(this.onReady, noChannel ? IDLE_MILLIS : 0);
				}
			}
			catch (IOException | RuntimeException ex) {
				LOGGER.log(System.Logger.Level.ERROR, "Selecting failed on " + Thread.currentThread().getName(), ex);
			}
			this.awake.set(true);
			if (!selector.keys().isEmpty() || !noChannel) {
				idleSince = System.nanoTime();
			}
			else if (System.nanoTime() - idleSince >= TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS) && tryEnd(selector)) {
				return;
			}
		}
	}

	private void ready(SelectionKey key) {
		NioTransport channel = (NioTransport) key.attachment();
		try {
			channel.ready(key);
		}
		catch (RuntimeException | Error ex) {
			LOGGER.log(System.Logger.Level.ERROR, "Unexpected failure on a connection to " + channel.peer(), ex);
			channel.close();
		}
	}

	private void runTasks() {
		for (Runnable task = this.tasks.poll(); task != null; task = this.tasks.poll()) {
			try {
				task.run();
			}
			catch (RuntimeException | Error ex) {
				LOGGER.log(System.Logger.Level.ERROR, "A task of " + Thread.currentThread().getName() + " failed", ex);
			}
		}
	}

	/**
	 * Ends the thread unless a task came meanwhile: {@link #running} is cleared before
	 * the queue is checked, so a concurrent {@link #execute} either sees it cleared (and
	 * starts a thread, once this one has left the lock) or queued its task before the
	 * check (and this thread stays).
	 */
	private boolean tryEnd(Selector selector) {
		synchronized (this.lifecycle) {
			Running self = this.running;
			this.running = null;
			if (!this.tasks.isEmpty()) {
				this.running = self;
				return false;
			}
		}
		try {
			selector.close();
		}
		catch (IOException ex) {
			// Nothing is registered any more: nothing to report to.
		}
		return true;
	}

	private record Running(Thread thread, Selector selector) {
	}

	private static final class Shared {

		static final SelectorLoop[] LOOPS = create();

		private static SelectorLoop[] create() {
			SelectorLoop[] loops = new SelectorLoop[THREADS];
			for (int i = 0; i < loops.length; i++) {
				loops[i] = new SelectorLoop();
			}
			return loops;
		}

	}

}
