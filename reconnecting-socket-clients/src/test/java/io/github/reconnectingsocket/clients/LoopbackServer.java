package io.github.reconnectingsocket.clients;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * A test server on 127.0.0.1, plain or TLS, with a thread per connection (a test server
 * may): it can be killed and restarted on the same port, and told to go silent (read,
 * never answer) or deaf (never read). Subclasses say what a connection does.
 */
public abstract class LoopbackServer implements AutoCloseable {

	public enum Mode {

		/** Answers as the protocol says. */
		ANSWER,

		/** Reads and never answers: a stalled peer. */
		SILENT,

		/** Never reads: the client's writes back up. */
		DEAF

	}

	private final @Nullable SSLContext ssl;

	private volatile @Nullable ServerSocket server;

	private volatile int port;

	private volatile Mode mode = Mode.ANSWER;

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private final AtomicInteger accepted = new AtomicInteger();

	LoopbackServer(@Nullable SSLContext ssl) {
		this.ssl = ssl;
	}

	/** Serves one connection until it closes. */
	abstract void serve(Socket socket) throws IOException;

	public final LoopbackServer listen() throws IOException {
		ServerSocket socket = (this.ssl != null) ? this.ssl.getServerSocketFactory().createServerSocket()
				: new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 50);
		this.port = socket.getLocalPort();
		this.server = socket;
		start("accept-" + this.port, () -> accept(socket));
		return this;
	}

	/** Listens on this port: a new server taking over a port another one left. */
	public final LoopbackServer listenOn(int port) throws IOException {
		this.port = port;
		return listen();
	}

	public int port() {
		return this.port;
	}

	public int accepted() {
		return this.accepted.get();
	}

	public int openConnections() {
		return (int) this.connections.stream().filter((socket) -> !socket.isClosed()).count();
	}

	public Mode mode() {
		return this.mode;
	}

	public void mode(Mode mode) {
		this.mode = mode;
	}

	Set<Socket> connections() {
		return this.connections;
	}

	/** Closes the listening socket and every connection: the server is gone. */
	public void kill() throws IOException {
		ServerSocket socket = this.server;
		if (socket != null) {
			socket.close();
		}
		for (Socket connection : this.connections) {
			connection.close();
		}
	}

	/** Listens again, on the same port. */
	public void restart() throws IOException {
		listen();
	}

	@Override
	public void close() throws Exception {
		kill();
		for (Thread thread : this.threads) {
			thread.join(5000);
		}
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			try {
				Socket connection = socket.accept();
				this.accepted.incrementAndGet();
				this.connections.add(connection);
				start("serve-" + connection.getPort(), () -> serveQuietly(connection));
			}
			catch (IOException ex) {
				// Closed: done.
			}
		}
	}

	private void serveQuietly(Socket connection) {
		try (connection) {
			serve(connection);
		}
		catch (IOException ex) {
			// The connection closed.
		}
		finally {
			this.connections.remove(connection);
		}
	}

	/** Blocks while the server is deaf, until the connection closes. */
	void waitWhileDeaf(Socket connection) throws IOException {
		while (this.mode == Mode.DEAF && !connection.isClosed()) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
		}
	}

	private void start(String name, Runnable task) {
		Thread thread = new Thread(task, "test-server-" + name);
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
	}

}
