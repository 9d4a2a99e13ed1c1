package io.github.reconnectingsocket.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import io.github.reconnectingsocket.test.faults.Resources;

/**
 * A real TCP client {@link SocketFactory} over {@code java.nio}: a non-blocking connect
 * per attempt, one selector thread per factory (daemon, named {@code nio-client-N}), and
 * every socket event wired to its {@link SocketHandle}: connected → {@code open()}, an
 * I/O failure → {@code error(e)} then {@code close()}, end of stream → {@code close()}.
 *
 * <p>
 * It never leaks a channel: a channel is closed when it fails, reads end of stream, is
 * destroyed, when the machine's {@code onClose} says it is done with it (for example
 * after a stop timeout), and at the latest when the factory is closed.
 * {@link #openChannels()} counts what is still open.
 */
public final class NioSocketFactory implements SocketFactory<NioConnection>, AutoCloseable {

	/** What {@link #destroy} does. */
	public enum DestroyMode {

		/** Closes the channel at once; {@code close()} follows at once. */
		ABORT,

		/**
		 * Half-closes (sends FIN) and waits for the server to close too before
		 * {@code close()}: a real graceful close, which lasts as long as the server
		 * takes; a connect still in progress is aborted.
		 */
		GRACEFUL,

		/**
		 * Does nothing: {@code close()} comes only if the server closes, or when the
		 * machine gives up.
		 */
		IGNORE

	}

	private static final AtomicInteger THREADS = new AtomicInteger();

	private final InetSocketAddress address;

	private final Selector selector;

	private final Thread loop;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final Set<NioConnection> open = ConcurrentHashMap.newKeySet();

	private final AtomicLong created = new AtomicLong();

	private volatile DestroyMode destroyMode = DestroyMode.ABORT;

	private volatile boolean closed;

	/**
	 * @param address where every attempt connects
	 */
	public NioSocketFactory(InetSocketAddress address) {
		this.address = address;
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.loop = new Thread(this::run, "nio-client-" + THREADS.incrementAndGet());
		this.loop.setDaemon(true);
		this.loop.start();
	}

	/**
	 * @param mode what {@link #destroy} does from now on
	 * @return this factory
	 */
	public NioSocketFactory destroyMode(DestroyMode mode) {
		this.destroyMode = mode;
		return this;
	}

	/**
	 * @return channels opened and not closed yet
	 */
	public int openChannels() {
		return this.open.size();
	}

	/**
	 * @return sockets created since the factory was made
	 */
	public long created() {
		return this.created.get();
	}

	@Override
	public NioConnection create(SocketHandle handle, boolean firstOpen) throws IOException {
		if (this.closed) {
			throw new IllegalStateException("NioSocketFactory is closed");
		}
		SocketChannel channel = SocketChannel.open();
		NioConnection connection = new NioConnection(this, channel, handle, this.created.incrementAndGet(), firstOpen);
		this.open.add(connection);
		try {
			channel.configureBlocking(false);
			boolean connected = channel.connect(this.address);
			onLoop(() -> register(connection, connected));
		}
		catch (IOException | RuntimeException ex) {
			// Refused at once: reported like a refusal that comes later, so the socket is
			// still returned
			// and gets its onClose like every other.
			connection.terminate(ex);
		}
		return connection;
	}

	@Override
	public void destroy(NioConnection connection) {
		switch (this.destroyMode) {
			case ABORT -> connection.terminate(null);
			case GRACEFUL -> onLoop(connection::shutdownOutput);
			case IGNORE -> {
			}
		}
	}

	/** Closes the channel if it is still open: the machine is done with it. */
	@Override
	public void onClose(NioConnection connection) {
		connection.terminate(null);
	}

	/** Stops the selector thread and closes every channel still open. */
	@Override
	public void close() {
		this.closed = true;
		this.selector.wakeup();
		Resources.join(this.loop);
		for (NioConnection connection : this.open) {
			connection.terminate(null);
		}
		Resources.closeQuietly(this.selector);
	}

	void closed(NioConnection connection) {
		this.open.remove(connection);
		// A registered channel's descriptor is released only when the selector next
		// deregisters it.
		this.selector.wakeup();
	}

	void onLoop(Runnable task) {
		this.tasks.add(task);
		this.selector.wakeup();
	}

	private void register(NioConnection connection, boolean connected) {
		if (connection.isClosed()) {
			return;
		}
		try {
			connection.channel()
				.register(this.selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, connection);
			if (connected) {
				connection.connected();
			}
		}
		catch (ClosedChannelException ex) {
			connection.terminate(null);
		}
	}

	private void run() {
		ByteBuffer buffer = ByteBuffer.allocate(8192);
		while (!this.closed) {
			try {
				this.selector.select();
			}
			catch (IOException ex) {
				return;
			}
			Runnable task;
			while ((task = this.tasks.poll()) != null) {
				task.run();
			}
			for (SelectionKey key : this.selector.selectedKeys()) {
				NioConnection connection = (NioConnection) key.attachment();
				try {
					if (key.isConnectable()) {
						if (connection.channel().finishConnect()) {
							key.interestOps(SelectionKey.OP_READ);
							connection.connected();
						}
					}
					else if (key.isReadable()) {
						buffer.clear();
						int read = connection.channel().read(buffer);
						if (read == -1) {
							connection.terminate(null);
						}
						else {
							buffer.flip();
							connection.received(buffer);
						}
					}
				}
				catch (CancelledKeyException ex) {
					// closed by another thread meanwhile
				}
				catch (IOException ex) {
					connection.terminate(ex);
				}
			}
			this.selector.selectedKeys().clear();
		}
		// Leftover tasks only register channels; those are closed by close().
		this.tasks.clear();
	}

}
