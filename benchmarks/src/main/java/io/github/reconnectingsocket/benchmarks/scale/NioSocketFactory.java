package io.github.reconnectingsocket.benchmarks.scale;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;

/**
 * A real, non-blocking TCP client factory: every socket is a {@link SocketChannel} on one
 * {@link Selector} served by one thread (a benchmark thread, named
 * {@code bench-nio-selector}), so that the only threads per socket count are the
 * library's. The client never writes; it reads to learn that the server went away.
 */
public final class NioSocketFactory implements SocketFactory<NioSocketFactory.Connection>, AutoCloseable {

	private final InetSocketAddress address;

	private final LongConsumer onCreate;

	private final Selector selector;

	private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();

	private final Thread thread;

	private final ByteBuffer sink = ByteBuffer.allocateDirect(4096);

	private final AtomicBoolean awake = new AtomicBoolean();

	private volatile boolean running = true;

	/**
	 * @param address the server's address
	 * @param onCreate told the {@link System#nanoTime()} of every connection attempt
	 * @throws IOException when no selector can be opened
	 */
	public NioSocketFactory(InetSocketAddress address, LongConsumer onCreate) throws IOException {
		this.address = address;
		this.onCreate = onCreate;
		this.selector = Selector.open();
		this.thread = new Thread(this::loop, "bench-nio-selector");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public Connection create(SocketHandle handle, boolean firstOpen) throws IOException {
		return connect(handle, this.address);
	}

	/**
	 * Connects to a given address on this factory's selector: for clients spread over
	 * several loopback addresses, each of which has its own range of ephemeral ports.
	 * @param handle the attempt's handle
	 * @param address the server's address
	 * @return the connection, connecting
	 * @throws IOException when no channel can be opened
	 */
	public Connection connect(SocketHandle handle, InetSocketAddress address) throws IOException {
		this.onCreate.accept(System.nanoTime());
		SocketChannel channel = SocketChannel.open();
		try {
			channel.configureBlocking(false);
			boolean connected = channel.connect(address);
			Connection connection = new Connection(channel, handle);
			onLoop(() -> connection.register(connected));
			return connection;
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	@Override
	public void destroy(Connection connection) {
		onLoop(connection::close);
	}

	/** Stops the selector thread and closes every channel still registered. */
	@Override
	public void close() throws InterruptedException {
		if (!this.running) {
			return;
		}
		this.running = false;
		this.selector.wakeup();
		this.thread.join(10_000);
	}

	/**
	 * Queues a task for the selector thread. Only the first task since the thread last
	 * woke up wakes it: a wake-up is a system call, and in a reconnect storm thousands of
	 * registrations arrive in one selector pass (Netty's event loop does the same).
	 */
	private void onLoop(Runnable task) {
		this.pending.add(task);
		if (this.awake.compareAndSet(false, true)) {
			this.selector.wakeup();
		}
	}

	private void loop() {
		try {
			while (this.running) {
				this.selector.select();
				// Cleared before the queue is drained, so a task queued after the drain
				// wakes the next select().
				this.awake.set(false);
				Runnable task;
				while ((task = this.pending.poll()) != null) {
					task.run();
				}
				Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					((Connection) key.attachment()).ready(key);
				}
			}
		}
		catch (IOException | ClosedSelectorException ex) {
			System.err.println("selector failed: " + ex);
		}
		finally {
			for (SelectionKey key : this.selector.keys()) {
				((Connection) key.attachment()).close();
			}
			try {
				this.selector.close();
			}
			catch (IOException ex) {
				// nothing more to release
			}
		}
	}

	/** One managed TCP connection. Its fields are confined to the selector thread. */
	public final class Connection {

		private final SocketChannel channel;

		private final SocketHandle handle;

		private boolean closed;

		private volatile boolean opened;

		Connection(SocketChannel channel, SocketHandle handle) {
			this.channel = channel;
			this.handle = handle;
		}

		void register(boolean connected) {
			if (this.closed) {
				return;
			}
			try {
				this.channel.register(NioSocketFactory.this.selector,
						connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
				if (connected) {
					this.opened = true;
					this.handle.open();
				}
			}
			catch (IOException ex) {
				fail(ex);
			}
		}

		/**
		 * @return whether the connection was established (it may have closed since)
		 */
		public boolean wasOpened() {
			return this.opened;
		}

		void ready(SelectionKey key) {
			try {
				if (key.isConnectable()) {
					this.channel.finishConnect();
					key.interestOps(SelectionKey.OP_READ);
					this.opened = true;
					this.handle.open();
				}
				else if (key.isReadable()) {
					ByteBuffer sink = NioSocketFactory.this.sink;
					sink.clear();
					if (this.channel.read(sink) < 0) {
						close();
					}
				}
			}
			catch (IOException ex) {
				fail(ex);
			}
		}

		private void fail(IOException ex) {
			this.handle.error(ex);
			close();
		}

		void close() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// the descriptor is released all the same
			}
			this.handle.close();
		}

	}

}
