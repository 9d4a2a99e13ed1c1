package io.github.reconnectingsocket.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.reconnectingsocket.core.SocketHandle;
import io.github.reconnectingsocket.test.faults.Resources;

/**
 * One client connection of a {@link NioSocketFactory}: the socket type of the integration
 * tests.
 */
public final class NioConnection {

	private final NioSocketFactory factory;

	private final SocketChannel channel;

	private final SocketHandle handle;

	private final long id;

	private final boolean firstOpen;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private volatile boolean connected;

	private volatile long lastAliveMillis;

	NioConnection(NioSocketFactory factory, SocketChannel channel, SocketHandle handle, long id, boolean firstOpen) {
		this.factory = factory;
		this.channel = channel;
		this.handle = handle;
		this.id = id;
		this.firstOpen = firstOpen;
	}

	/**
	 * @return the number of this connection in its factory, from 1
	 */
	public long id() {
		return this.id;
	}

	/**
	 * @return the {@code firstOpen} flag {@code create()} was given
	 */
	public boolean firstOpen() {
		return this.firstOpen;
	}

	/**
	 * @return the attempt's handle
	 */
	public SocketHandle handle() {
		return this.handle;
	}

	/**
	 * @return whether the channel is closed
	 */
	public boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * @return whether the connect completed
	 */
	public boolean isConnected() {
		return this.connected;
	}

	/**
	 * Writes the text; small writes go out at once on loopback.
	 * @param text what to send, UTF-8
	 */
	public void send(String text) {
		ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
		try {
			int spins = 0;
			while (bytes.hasRemaining()) {
				if (this.channel.write(bytes) == 0 && ++spins > 1_000) {
					throw new IOException("send buffer full");
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @return everything received so far, UTF-8
	 */
	public String received() {
		synchronized (this.received) {
			return this.received.toString(StandardCharsets.UTF_8);
		}
	}

	/**
	 * @return when the last bytes came in and {@code alive()} was signalled, by the
	 * system clock, or 0
	 */
	public long lastAliveMillis() {
		return this.lastAliveMillis;
	}

	SocketChannel channel() {
		return this.channel;
	}

	void connected() {
		this.connected = true;
		if (!this.closed.get()) {
			this.handle.open();
		}
	}

	void received(ByteBuffer buffer) {
		synchronized (this.received) {
			this.received.write(buffer.array(), buffer.position(), buffer.remaining());
		}
		// Inbound bytes show the peer is alive (used only with a liveness timeout).
		this.handle.alive();
		this.lastAliveMillis = System.currentTimeMillis();
	}

	/** On the selector thread: sends FIN and waits for the server's end of stream. */
	void shutdownOutput() {
		if (this.closed.get()) {
			return;
		}
		if (!this.connected) {
			terminate(null);
			return;
		}
		try {
			this.channel.shutdownOutput();
		}
		catch (IOException ex) {
			terminate(ex);
		}
	}

	/**
	 * Closes the channel, once: then {@code error(cause)} if there is one, and
	 * {@code close()}.
	 * @param cause the failure, or {@code null} for an orderly close
	 */
	void terminate(Throwable cause) {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		// Closing also cancels the channel's selection key.
		Resources.closeQuietly(this.channel);
		this.factory.closed(this);
		if (cause != null) {
			this.handle.error(cause);
		}
		this.handle.close();
	}

	@Override
	public String toString() {
		return "NioConnection#" + this.id;
	}

}
