package io.github.reconnectingsocket.test.faults;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal RFC 6455 WebSocket server on loopback, for clients such as the JDK's
 * {@code java.net.http.WebSocket}: the HTTP Upgrade handshake with
 * {@code Sec-WebSocket-Accept}, masked client frames unmasked, text and binary frames
 * echoed, ping answered with pong, and the close handshake. Its mode, switchable at any
 * time, says what it does with the next connections it accepts: {@link Mode#ECHO};
 * {@link Mode#NO_HANDSHAKE}, which accepts TCP and never answers the handshake (a connect
 * that never completes at the WebSocket level); {@link Mode#SILENT}, which completes the
 * handshake and then reads everything and answers nothing (a stalled peer).
 * {@link #kill()} closes everything as a crashed process; {@link #restart()} listens
 * again on the same port. Daemon threads named {@code websocket-server-*}.
 */
public final class WebSocketServer implements AutoCloseable {

	/** What the server does with a connection it accepts. */
	public enum Mode {

		/**
		 * Handshake, then echo text and binary messages, pong every ping, answer a close.
		 */
		ECHO,

		/** Accept TCP, read the request, never answer it. */
		NO_HANDSHAKE,

		/**
		 * Handshake, then read every frame and answer nothing, not even a ping or a
		 * close.
		 */
		SILENT

	}

	private static final AtomicInteger THREADS = new AtomicInteger();

	private final LoopbackListener listener;

	private final Set<Socket> live = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger handshakes = new AtomicInteger();

	private volatile Mode mode;

	private volatile long handshakeDelayMillis;

	private WebSocketServer(Mode mode) throws IOException {
		this.mode = mode;
		this.listener = new LoopbackListener(() -> "websocket-server-accept-" + THREADS.incrementAndGet(),
				this::acceptLoop);
		this.listener.start();
	}

	/**
	 * @param mode what to do with accepted connections
	 * @return a listening server on an ephemeral loopback port
	 */
	public static WebSocketServer start(Mode mode) {
		try {
			return new WebSocketServer(mode);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @return {@code ws://127.0.0.1:port/echo}
	 */
	public URI uri() {
		return URI
			.create("ws://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + this.listener.port() + "/echo");
	}

	/**
	 * @return the port, the same across restarts
	 */
	public int port() {
		return this.listener.port();
	}

	/**
	 * @param mode what to do with connections accepted from now on
	 */
	public void mode(Mode mode) {
		this.mode = mode;
	}

	/**
	 * Answers each handshake only after this long (the fault injected: a slow server).
	 * @param delay 0 for at once
	 */
	public void handshakeDelay(java.time.Duration delay) {
		this.handshakeDelayMillis = delay.toMillis();
	}

	/**
	 * @return TCP connections accepted so far
	 */
	public int accepted() {
		return this.accepted.get();
	}

	/**
	 * @return handshakes answered so far
	 */
	public int handshakes() {
		return this.handshakes.get();
	}

	/**
	 * @return connections accepted and not closed yet
	 */
	public int live() {
		return this.live.size();
	}

	/**
	 * Closes the listener and every connection without a close frame; the port refuses
	 * until {@link #restart()}.
	 */
	public synchronized void kill() {
		if (!this.listener.stop()) {
			return;
		}
		for (Socket socket : this.live) {
			Resources.closeQuietly(socket);
			this.live.remove(socket);
		}
		this.listener.holdPort();
	}

	/** Listens again on the same port. */
	public synchronized void restart() {
		this.listener.restart();
	}

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
				return; // killed
			}
			this.accepted.incrementAndGet();
			this.live.add(connection);
			if (!this.listener.listeningOn(socket)) {
				Resources.closeQuietly(connection);
				this.live.remove(connection);
				return;
			}
			Mode accepting = this.mode;
			daemon("websocket-server-connection-", () -> serve(connection, accepting));
		}
	}

	private void serve(Socket connection, Mode mode) {
		try (connection) {
			InputStream in = new BufferedInputStream(connection.getInputStream());
			OutputStream out = connection.getOutputStream();
			String key = WebSocketHandshake.readRequest(in);
			if (mode == Mode.NO_HANDSHAKE) {
				drain(in);
				return;
			}
			if (this.handshakeDelayMillis > 0) {
				try {
					Thread.sleep(this.handshakeDelayMillis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			if (key == null) {
				WebSocketHandshake.refuse(out);
				return;
			}
			WebSocketHandshake.accept(out, key);
			this.handshakes.incrementAndGet();
			if (mode == Mode.SILENT) {
				drain(in);
				return;
			}
			WebSocketFrames.echo(in, out);
		}
		catch (IOException ex) {
			// the client went away, or the server was killed
		}
		finally {
			this.live.remove(connection);
		}
	}

	private static void drain(InputStream in) throws IOException {
		byte[] buffer = new byte[8192];
		while (in.read(buffer) != -1) {
			// read and say nothing
		}
	}

	private static void daemon(String prefix, Runnable body) {
		Thread thread = new Thread(body, prefix + THREADS.incrementAndGet());
		thread.setDaemon(true);
		thread.start();
	}

}
