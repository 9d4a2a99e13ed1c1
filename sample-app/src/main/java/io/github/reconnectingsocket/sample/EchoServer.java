package io.github.reconnectingsocket.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * A TCP echo server on 127.0.0.1: every byte it receives goes back to its sender, so each
 * line comes back as it was sent. One selector thread serves every connection.
 *
 * <p>
 * {@link #stop()} closes the listener and every accepted connection, so that clients see
 * the server go away; {@link #start()} listens again on the same port (with
 * {@code SO_REUSEADDR}, so connections left in TIME_WAIT do not block it).
 * {@link #stall()} makes it a hung server: it still accepts and keeps every connection
 * open, but answers nothing, which only a client's liveness check can tell from a quiet
 * one; {@link #resume()} makes it answer again.
 */
public class EchoServer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(EchoServer.class);

	private static final long STOP_WAIT_MILLIS = 5000;

	private final int configuredPort;

	private final int phase;

	private final Object monitor = new Object();

	private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();

	// Guarded by monitor.
	private Thread thread;

	private Selector selector;

	private volatile int boundPort;

	private volatile boolean running;

	private volatile boolean stalled;

	/**
	 * @param port the port on 127.0.0.1; 0 picks a free one on the first start
	 * @param phase the lifecycle phase: lower than the sockets' so that it is listening
	 * before they connect, and stops after they have
	 */
	public EchoServer(int port, int phase) {
		this.configuredPort = port;
		this.phase = phase;
	}

	/**
	 * Listens, on the port of the previous start if there was one.
	 * @throws UncheckedIOException when the port cannot be bound
	 */
	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			int port = (this.boundPort != 0) ? this.boundPort : this.configuredPort;
			ServerSocketChannel server = null;
			Selector selector = null;
			try {
				server = ServerSocketChannel.open();
				server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
				server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
				server.configureBlocking(false);
				selector = Selector.open();
				server.register(selector, SelectionKey.OP_ACCEPT);
			}
			catch (IOException ex) {
				closeQuietly(server);
				closeQuietly(selector);
				throw new UncheckedIOException("Echo server cannot listen on 127.0.0.1:" + port
						+ " (sample.echo-server.port): " + ex.getMessage(), ex);
			}
			this.boundPort = server.socket().getLocalPort();
			this.selector = selector;
			Selector loopSelector = selector;
			ServerSocketChannel loopServer = server;
			this.thread = new Thread(() -> serve(loopSelector, loopServer), "echo-server");
			this.thread.setDaemon(true);
			this.running = true;
			this.thread.start();
			logger.info("Echo server listening on 127.0.0.1:" + this.boundPort);
		}
	}

	/**
	 * Closes the listener and every connection, and waits for the server thread to end. A
	 * stalled server answers again once started.
	 */
	@Override
	public void stop() {
		synchronized (this.monitor) {
			this.stalled = false;
			if (!this.running) {
				return;
			}
			this.running = false;
			// The selector thread closes every channel itself as it leaves its loop: a
			// channel
			// registered with a selector is only really closed once the selector lets go
			// of it.
			this.selector.wakeup();
			try {
				this.thread.join(STOP_WAIT_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (this.thread.isAlive()) {
				logger.warn("Echo server thread did not end within " + STOP_WAIT_MILLIS + " ms");
			}
			this.thread = null;
			this.selector = null;
			logger.info("Echo server on 127.0.0.1:" + this.boundPort + " stopped");
		}
	}

	/**
	 * Stops answering: connections are still accepted and kept open, what they send is
	 * read and dropped, and nothing is sent back.
	 */
	public void stall() {
		this.stalled = true;
		logger.info("Echo server on 127.0.0.1:" + port() + " stalled: it accepts, reads and answers nothing");
	}

	/**
	 * Answers again what arrives from now on (what arrived while stalled is gone).
	 */
	public void resume() {
		this.stalled = false;
		logger.info("Echo server on 127.0.0.1:" + port() + " answers again");
	}

	/**
	 * @return whether the server is stalled: accepting but never answering
	 */
	public boolean isStalled() {
		return this.stalled;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	/**
	 * @return the port listened on (or last listened on); before the first start, the
	 * configured one
	 */
	public int port() {
		int bound = this.boundPort;
		return (bound != 0) ? bound : this.configuredPort;
	}

	/**
	 * @return the number of open client connections
	 */
	public int connections() {
		return this.connections.size();
	}

	private void serve(Selector selector, ServerSocketChannel server) {
		try {
			while (this.running) {
				selector.select();
				for (SelectionKey key : selector.selectedKeys()) {
					handle(selector, key);
				}
				selector.selectedKeys().clear();
			}
		}
		catch (IOException | ClosedSelectorException ex) {
			logger.warn("Echo server stopped on an error", ex);
		}
		finally {
			this.running = false;
			closeQuietly(server);
			for (SocketChannel connection : this.connections) {
				closeQuietly(connection);
			}
			this.connections.clear();
			// Completes the close of every channel registered with it.
			closeQuietly(selector);
		}
	}

	private void handle(Selector selector, SelectionKey key) throws IOException {
		if (!key.isValid()) {
			return;
		}
		if (key.isAcceptable()) {
			SocketChannel connection = ((ServerSocketChannel) key.channel()).accept();
			if (connection != null) {
				connection.configureBlocking(false);
				connection.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(8192));
				this.connections.add(connection);
			}
			return;
		}
		SocketChannel connection = (SocketChannel) key.channel();
		ByteBuffer buffer = (ByteBuffer) key.attachment();
		try {
			if (key.isReadable() && connection.read(buffer) < 0) {
				drop(key, connection);
				return;
			}
			if (this.stalled) {
				// Still reading, so that a client that gives up and closes is seen to go;
				// what it sent is never answered.
				buffer.clear();
				key.interestOps(SelectionKey.OP_READ);
				return;
			}
			echo(key, connection, buffer);
		}
		catch (IOException ex) {
			// Reset by the peer, typically: that connection is gone, the server is not.
			drop(key, connection);
		}
	}

	private void echo(SelectionKey key, SocketChannel connection, ByteBuffer buffer) throws IOException {
		buffer.flip();
		connection.write(buffer);
		buffer.compact();
		// A slow reader: stop reading until what it was sent has drained.
		key.interestOps((buffer.position() > 0) ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
	}

	private void drop(SelectionKey key, SocketChannel connection) {
		key.cancel();
		this.connections.remove(connection);
		closeQuietly(connection);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			logger.debug("Ignored failure to close " + closeable, ex);
		}
	}

}
