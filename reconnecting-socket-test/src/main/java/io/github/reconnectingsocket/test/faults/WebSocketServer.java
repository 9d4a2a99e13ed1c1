package io.github.reconnectingsocket.test.faults;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
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

	private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private static final AtomicInteger THREADS = new AtomicInteger();

	private final int port;

	private final Set<Socket> live = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger handshakes = new AtomicInteger();

	private volatile Mode mode;

	private volatile long handshakeDelayMillis;

	private volatile ServerSocket listener;

	private PortHolder holder;

	private WebSocketServer(Mode mode) throws IOException {
		this.mode = mode;
		ServerSocket first = new ServerSocket();
		first.setReuseAddress(true);
		first.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		this.port = first.getLocalPort();
		listen(first);
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
		return URI.create("ws://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + this.port + "/echo");
	}

	/**
	 * @return the port, the same across restarts
	 */
	public int port() {
		return this.port;
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
		ServerSocket current = this.listener;
		if (current == null) {
			return;
		}
		this.listener = null;
		FaultServer.closeQuietly(current);
		for (Socket socket : this.live) {
			FaultServer.closeQuietly(socket);
			this.live.remove(socket);
		}
		this.holder = PortHolder.tryHold(this.port);
	}

	/** Listens again on the same port. */
	public synchronized void restart() {
		if (this.listener != null) {
			return;
		}
		if (this.holder != null) {
			this.holder.close();
			this.holder = null;
		}
		try {
			ServerSocket again = new ServerSocket();
			again.setReuseAddress(true);
			again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			listen(again);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not listen again on port " + this.port, ex);
		}
	}

	@Override
	public synchronized void close() {
		kill();
		if (this.holder != null) {
			this.holder.close();
			this.holder = null;
		}
	}

	private void listen(ServerSocket socket) {
		this.listener = socket;
		daemon("websocket-server-accept-", () -> {
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
				if (this.listener != socket) {
					FaultServer.closeQuietly(connection);
					this.live.remove(connection);
					return;
				}
				Mode accepting = this.mode;
				daemon("websocket-server-connection-", () -> serve(connection, accepting));
			}
		});
	}

	private void serve(Socket connection, Mode mode) {
		try (connection) {
			InputStream in = new BufferedInputStream(connection.getInputStream());
			OutputStream out = connection.getOutputStream();
			String key = readRequest(in);
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
				out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				return;
			}
			out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			this.handshakes.incrementAndGet();
			if (mode == Mode.SILENT) {
				drain(in);
				return;
			}
			echo(in, out);
		}
		catch (IOException ex) {
			// the client went away, or the server was killed
		}
		finally {
			this.live.remove(connection);
		}
	}

	/**
	 * @return the Sec-WebSocket-Key, or null when the request has none
	 */
	private static String readRequest(InputStream in) throws IOException {
		String key = null;
		String line;
		while (!(line = readLine(in)).isEmpty()) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
				key = line.substring(colon + 1).trim();
			}
		}
		return key;
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != '\n') {
			if (b == -1) {
				throw new EOFException("end of stream in the handshake");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	static String accept(String key) {
		try {
			byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
			return Base64.getEncoder().encodeToString(sha1);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void drain(InputStream in) throws IOException {
		byte[] buffer = new byte[8192];
		while (in.read(buffer) != -1) {
			// read and say nothing
		}
	}

	private static void echo(InputStream in, OutputStream out) throws IOException {
		while (true) {
			int first = in.read();
			if (first == -1) {
				return;
			}
			int second = readByte(in);
			boolean fin = (first & 0x80) != 0;
			int opcode = first & 0x0F;
			boolean masked = (second & 0x80) != 0;
			long length = second & 0x7F;
			if (length == 126) {
				length = ((long) readByte(in) << 8) | readByte(in);
			}
			else if (length == 127) {
				length = 0;
				for (int i = 0; i < 8; i++) {
					length = (length << 8) | readByte(in);
				}
			}
			if (length > 16 * 1024 * 1024) {
				throw new IOException("frame too large: " + length);
			}
			byte[] mask = new byte[4];
			if (masked) {
				readFully(in, mask);
			}
			byte[] payload = new byte[(int) length];
			readFully(in, payload);
			if (masked) {
				for (int i = 0; i < payload.length; i++) {
					payload[i] ^= mask[i % 4];
				}
			}
			switch (opcode) {
				case 0x0, 0x1, 0x2 -> writeFrame(out, fin, opcode, payload);
				case 0x9 -> writeFrame(out, true, 0xA, payload);
				case 0x8 -> {
					writeFrame(out, true, 0x8, payload);
					return;
				}
				default -> {
					// pong and reserved opcodes: nothing to answer
				}
			}
		}
	}

	private static void writeFrame(OutputStream out, boolean fin, int opcode, byte[] payload) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
		frame.write((fin ? 0x80 : 0) | opcode);
		if (payload.length < 126) {
			frame.write(payload.length);
		}
		else if (payload.length <= 0xFFFF) {
			frame.write(126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xFF);
		}
		else {
			frame.write(127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) (((long) payload.length >>> shift) & 0xFF));
			}
		}
		frame.write(payload);
		synchronized (out) {
			out.write(frame.toByteArray());
			out.flush();
		}
	}

	private static int readByte(InputStream in) throws IOException {
		int b = in.read();
		if (b == -1) {
			throw new EOFException("end of stream inside a frame");
		}
		return b;
	}

	private static void readFully(InputStream in, byte[] into) throws IOException {
		int done = 0;
		while (done < into.length) {
			int read = in.read(into, done, into.length - done);
			if (read == -1) {
				throw new EOFException("end of stream inside a frame");
			}
			done += read;
		}
	}

	private static void daemon(String prefix, Runnable body) {
		Thread thread = new Thread(body, prefix + THREADS.incrementAndGet());
		thread.setDaemon(true);
		thread.start();
	}

}
