package io.github.reconnectingsocket.test.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server whose behaviour a test switches at any time: echo, flap (accept
 * then close at once), reset (accept then RST), stall (accept, never read or answer),
 * killed (the port refuses) and restarted on the same port. One daemon accept thread,
 * plus one daemon thread per echoed connection; no thread name starts with
 * {@code reconnecting-socket-}, so leak checks of the library's threads are not
 * disturbed.
 */
public final class FaultServer implements AutoCloseable {

	/** What the server does with a connection it accepts. */
	public enum Mode {

		/** Reads and writes every byte back until the client closes. */
		ECHO,

		/**
		 * Closes at once, gracefully (FIN): the client opens, then reads end-of-stream.
		 */
		FLAP,

		/** Closes at once with {@code SO_LINGER 0}: the client gets a reset. */
		RESET,

		/** Keeps the connection open and never reads nor answers. */
		STALL

	}

	private static final AtomicInteger THREADS = new AtomicInteger();

	private final LoopbackListener listener;

	private final Set<Socket> live = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private volatile Mode mode;

	private FaultServer(Mode mode) throws IOException {
		this.mode = mode;
		this.listener = new LoopbackListener(() -> "fault-server-accept-" + THREADS.incrementAndGet(),
				this::acceptLoop);
		this.listener.start();
	}

	/**
	 * @param mode what to do with accepted connections
	 * @return a listening server on an ephemeral loopback port
	 */
	public static FaultServer start(Mode mode) {
		try {
			return new FaultServer(mode);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @return the port, the same across restarts
	 */
	public int port() {
		return this.listener.port();
	}

	/**
	 * @return the address clients connect to
	 */
	public InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.listener.port());
	}

	/**
	 * @param mode what to do with connections accepted from now on
	 */
	public void mode(Mode mode) {
		this.mode = mode;
	}

	/**
	 * @return connections accepted since the server was created
	 */
	public int accepted() {
		return this.accepted.get();
	}

	/**
	 * @return connections accepted and not closed yet
	 */
	public int live() {
		return this.live.size();
	}

	/**
	 * @return whether the server is listening (not killed)
	 */
	public boolean listening() {
		return this.listener.listening();
	}

	/**
	 * Kills the server as a crashed process would: the listener and every connection
	 * close (FIN), and the port refuses connections until {@link #restart()}.
	 */
	public synchronized void kill() {
		if (this.listener.stop()) {
			closeConnections();
			this.listener.holdPort();
		}
	}

	/** Listens again on the same port. */
	public synchronized void restart() {
		this.listener.restart();
	}

	/** Closes every live connection gracefully (FIN); the server keeps listening. */
	public void closeConnections() {
		for (Socket socket : this.live) {
			Resources.closeQuietly(socket);
			this.live.remove(socket);
		}
	}

	/**
	 * Resets every live connection ({@code SO_LINGER 0}, then close: the client reads a
	 * reset).
	 */
	public void resetConnections() {
		for (Socket socket : this.live) {
			reset(socket);
			this.live.remove(socket);
		}
	}

	/** Kills the server for good and releases the port. */
	@Override
	public synchronized void close() {
		kill();
		this.listener.releasePort();
	}

	private void acceptLoop(ServerSocket socket) {
		while (true) {
			Socket connection;
			try {
				connection = socket.accept();
			}
			catch (IOException ex) {
				return; // closed by kill()
			}
			this.accepted.incrementAndGet();
			handle(connection);
		}
	}

	private void handle(Socket connection) {
		switch (this.mode) {
			case FLAP -> Resources.closeQuietly(connection);
			case RESET -> reset(connection);
			case STALL -> track(connection);
			case ECHO -> {
				track(connection);
				Thread echo = new Thread(() -> echo(connection), "fault-server-echo-" + THREADS.incrementAndGet());
				echo.setDaemon(true);
				echo.start();
			}
		}
	}

	private void track(Socket connection) {
		this.live.add(connection);
		// A kill() racing this accept must not leave the connection behind.
		if (!this.listener.listening()) {
			Resources.closeQuietly(connection);
			this.live.remove(connection);
		}
	}

	private void echo(Socket connection) {
		byte[] buffer = new byte[8192];
		try (connection) {
			InputStream in = connection.getInputStream();
			OutputStream out = connection.getOutputStream();
			int read;
			while ((read = in.read(buffer)) != -1) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// closed or reset by the test
		}
		finally {
			this.live.remove(connection);
		}
	}

	static void reset(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (SocketException ex) {
			// already closed: nothing to reset
		}
		Resources.closeQuietly(socket);
	}

}
