package io.github.reconnectingsocket.test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import org.jspecify.annotations.Nullable;

/**
 * A socket factory whose sockets do nothing by themselves: the test raises each signal
 * through a socket ({@link ScriptedSocket#open()}, {@link ScriptedSocket#close()},
 * {@link ScriptedSocket#error(String)}). Every call lands in one {@link #log()}, so that
 * a test on a {@link io.github.reconnectingsocket.core.VirtualClock} with a direct
 * executor can assert the exact order. Thread-safe, for tests on real threads too.
 */
public class ScriptedSocketFactory implements SocketFactory<ScriptedSocketFactory.ScriptedSocket> {

	private final List<String> log = new CopyOnWriteArrayList<>();

	private final List<ScriptedSocket> sockets = new CopyOnWriteArrayList<>();

	private final List<Thread> createThreads = new CopyOnWriteArrayList<>();

	private volatile Consumer<ScriptedSocket> duringCreate = (socket) -> {
	};

	private volatile @Nullable RuntimeException createFailure;

	private volatile boolean closeOnDestroy = true;

	private volatile @Nullable CountDownLatch destroyBlocker;

	@Override
	public ScriptedSocket create(SocketHandle handle, boolean firstOpen) {
		this.createThreads.add(Thread.currentThread());
		int id = this.sockets.size() + 1;
		this.log.add("create #" + id + (firstOpen ? " first" : ""));
		RuntimeException failure = this.createFailure;
		if (failure != null) {
			throw failure;
		}
		ScriptedSocket socket = new ScriptedSocket(id, handle);
		this.sockets.add(socket);
		this.duringCreate.accept(socket);
		return socket;
	}

	@Override
	public void destroy(ScriptedSocket socket) throws InterruptedException {
		this.log.add("destroy #" + socket.id);
		socket.destroyed++;
		CountDownLatch blocker = this.destroyBlocker;
		if (blocker != null) {
			blocker.await();
		}
		if (this.closeOnDestroy) {
			socket.close();
		}
	}

	@Override
	public void onOpen(ScriptedSocket socket, boolean firstOpen) {
		this.log.add("onOpen #" + socket.id + (firstOpen ? " first" : ""));
	}

	@Override
	public void onClose(ScriptedSocket socket) {
		this.log.add("onClose #" + socket.id);
	}

	@Override
	public void onFail(@Nullable Throwable lastError) {
		this.log.add("onFail " + ((lastError != null) ? lastError.getMessage() : null));
	}

	/**
	 * @param action runs inside {@code create()}, once the socket exists: for signals
	 * raised before {@code create()} returns
	 * @return this factory
	 */
	public ScriptedSocketFactory duringCreate(Consumer<ScriptedSocket> action) {
		this.duringCreate = action;
		return this;
	}

	/**
	 * @param failure thrown by every later {@code create()}, or {@code null} to stop
	 * @return this factory
	 */
	public ScriptedSocketFactory failCreate(@Nullable RuntimeException failure) {
		this.createFailure = failure;
		return this;
	}

	/**
	 * @param close whether {@code destroy()} reports {@code close()} (default): without
	 * it, a stop waits for its stop timeout
	 * @return this factory
	 */
	public ScriptedSocketFactory closeOnDestroy(boolean close) {
		this.closeOnDestroy = close;
		return this;
	}

	/**
	 * @param blocker every later {@code destroy()} blocks until it counts down (a factory
	 * whose {@code destroy()} hangs), or {@code null} to stop
	 * @return this factory
	 */
	public ScriptedSocketFactory blockDestroy(@Nullable CountDownLatch blocker) {
		this.destroyBlocker = blocker;
		return this;
	}

	/**
	 * @return every socket created, in order
	 */
	public List<ScriptedSocket> sockets() {
		return this.sockets;
	}

	/**
	 * @return the last socket created
	 * @throws IllegalStateException when none was
	 */
	public ScriptedSocket last() {
		if (this.sockets.isEmpty()) {
			throw new IllegalStateException("No socket created yet");
		}
		return this.sockets.get(this.sockets.size() - 1);
	}

	/**
	 * @return the thread each {@code create()} ran on, in order
	 */
	public List<Thread> createThreads() {
		return this.createThreads;
	}

	/**
	 * @return every call so far: {@code create #1 first}, {@code onOpen #1 first},
	 * {@code destroy #1}, {@code onClose #1}, {@code onFail <message>}
	 */
	public List<String> log() {
		return List.copyOf(this.log);
	}

	/**
	 * @return the log since the last call, then cleared
	 */
	public synchronized List<String> drain() {
		List<String> copy = new ArrayList<>(this.log);
		this.log.clear();
		return copy;
	}

	@Override
	public String toString() {
		return "ScriptedSocketFactory[scripted]";
	}

	/** One socket: the test raises its signals. */
	public static final class ScriptedSocket {

		private final int id;

		private final SocketHandle handle;

		private volatile int destroyed;

		ScriptedSocket(int id, SocketHandle handle) {
			this.id = id;
			this.handle = handle;
		}

		/**
		 * @return 1 for the first socket created, and so on
		 */
		public int id() {
			return this.id;
		}

		/**
		 * @return the attempt's handle
		 */
		public SocketHandle handle() {
			return this.handle;
		}

		/** The socket is open. */
		public void open() {
			this.handle.open();
		}

		/** The socket closed. */
		public void close() {
			this.handle.close();
		}

		/**
		 * @param message the message of an {@link IOException} reported to the handle
		 */
		public void error(String message) {
			this.handle.error(new IOException(message));
		}

		/** A sign of life, for the liveness timeout. */
		public void alive() {
			this.handle.alive();
		}

		/**
		 * @return how many times {@code destroy()} was called on it
		 */
		public int destroyed() {
			return this.destroyed;
		}

		@Override
		public String toString() {
			return "ScriptedSocket#" + this.id;
		}

	}

}
