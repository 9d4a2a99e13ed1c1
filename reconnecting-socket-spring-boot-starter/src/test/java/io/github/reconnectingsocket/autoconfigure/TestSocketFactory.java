package io.github.reconnectingsocket.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import org.jspecify.annotations.Nullable;

/**
 * Sockets that do nothing by themselves: a test raises each signal through the socket.
 */
class TestSocketFactory implements SocketFactory<TestSocketFactory.TestSocket> {

	final List<TestSocket> created = new CopyOnWriteArrayList<>();

	/** The thread each create() ran on. */
	final List<Thread> createThreads = new CopyOnWriteArrayList<>();

	volatile boolean closeOnDestroy = true;

	/**
	 * When set, destroy() blocks until it counts down: a factory whose destroy() hangs.
	 */
	volatile @Nullable CountDownLatch destroyBlocker;

	@Override
	public TestSocket create(SocketHandle handle, boolean firstOpen) {
		TestSocket socket = new TestSocket(handle);
		this.createThreads.add(Thread.currentThread());
		this.created.add(socket);
		return socket;
	}

	@Override
	public void destroy(TestSocket socket) throws InterruptedException {
		socket.destroyed = true;
		CountDownLatch blocker = this.destroyBlocker;
		if (blocker != null) {
			blocker.await();
		}
		if (this.closeOnDestroy) {
			socket.close();
		}
	}

	@Override
	public String toString() {
		return "TestSocketFactory[scripted]";
	}

	TestSocket last() {
		return this.created.get(this.created.size() - 1);
	}

	static final class TestSocket {

		final SocketHandle handle;

		volatile boolean destroyed;

		TestSocket(SocketHandle handle) {
			this.handle = handle;
		}

		void open() {
			this.handle.open();
		}

		void close() {
			this.handle.close();
		}

	}

	/**
	 * A second socket type, so that injection by generic type can tell two sockets apart.
	 */
	static final class OtherSocket {

		final SocketHandle handle;

		OtherSocket(SocketHandle handle) {
			this.handle = handle;
		}

	}

}
