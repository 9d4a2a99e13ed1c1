package io.github.reconnectingsocket.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.github.reconnectingsocket.core.SocketHandle;

/**
 * One TCP connection to the echo server: the socket type that the {@code echo}
 * {@link EchoClient} hands to the reconnecting socket. It reports to its attempt's
 * {@link SocketHandle}: {@code open()} once connected, {@code error()} on a failure, and
 * {@code close()} exactly once, whatever ends it.
 */
public final class EchoConnection {

	private static final long WRITE_TIMEOUT_SECONDS = 5;

	private final AsynchronousSocketChannel channel;

	private final SocketHandle handle;

	private final Consumer<String> lines;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final ByteBuffer readBuffer = ByteBuffer.allocate(4096);

	// Only touched by read completions, which never overlap.
	private final StringBuilder partialLine = new StringBuilder();

	private volatile ScheduledFuture<?> heartbeat;

	private EchoConnection(AsynchronousSocketChannel channel, SocketHandle handle, Consumer<String> lines) {
		this.channel = channel;
		this.handle = handle;
		this.lines = lines;
	}

	/**
	 * Starts a non-blocking connect and returns at once.
	 * @param group the channel group whose threads run the completions
	 * @param address where to connect
	 * @param handle the attempt's handle
	 * @param lines receives every complete line read
	 * @return the connection, not yet open
	 * @throws IOException when no channel can be opened at all
	 */
	static EchoConnection connect(AsynchronousChannelGroup group, InetSocketAddress address, SocketHandle handle,
			Consumer<String> lines) throws IOException {
		EchoConnection connection = new EchoConnection(AsynchronousSocketChannel.open(group), handle, lines);
		try {
			connection.startConnect(address);
		}
		catch (RuntimeException ex) {
			// No socket goes back to the machine, so nobody else would close the channel.
			connection.channel.close();
			throw ex;
		}
		return connection;
	}

	private void startConnect(InetSocketAddress address) {
		this.channel.connect(address, null, new CompletionHandler<Void, Void>() {

			@Override
			public void completed(Void result, Void attachment) {
				EchoConnection.this.handle.open();
				readNext();
			}

			@Override
			public void failed(Throwable ex, Void attachment) {
				fail(ex);
			}

		});
	}

	/**
	 * Writes one line, waiting until it is handed to the operating system. Called from a
	 * single thread at a time (the heartbeat task), as an asynchronous channel allows one
	 * pending write.
	 * @param line the line, without its line break
	 */
	void send(String line) {
		if (this.closed.get()) {
			return;
		}
		ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
		try {
			while (buffer.hasRemaining()) {
				Future<Integer> written = this.channel.write(buffer);
				written.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			fail(ex.getCause());
		}
		catch (TimeoutException ex) {
			fail(new IOException("Write did not complete within " + WRITE_TIMEOUT_SECONDS + " s", ex));
		}
	}

	/**
	 * Closes the connection; the handle hears {@code close()} once, however often this
	 * runs.
	 */
	void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		cancelHeartbeat();
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			this.handle.error(ex);
		}
		this.handle.close();
	}

	void heartbeat(ScheduledFuture<?> heartbeat) {
		this.heartbeat = heartbeat;
		if (this.closed.get()) {
			// Closed while the task was being scheduled: do not leave it running.
			cancelHeartbeat();
		}
	}

	void cancelHeartbeat() {
		ScheduledFuture<?> heartbeat = this.heartbeat;
		if (heartbeat != null) {
			heartbeat.cancel(false);
		}
	}

	/**
	 * @return whether the connection has been closed
	 */
	public boolean isClosed() {
		return this.closed.get();
	}

	private void readNext() {
		this.channel.read(this.readBuffer, null, new CompletionHandler<Integer, Void>() {

			@Override
			public void completed(Integer count, Void attachment) {
				if (count < 0) {
					close(); // the server closed the connection
					return;
				}
				collectLines();
				readNext();
			}

			@Override
			public void failed(Throwable ex, Void attachment) {
				fail(ex);
			}

		});
	}

	private void collectLines() {
		this.readBuffer.flip();
		String chunk = StandardCharsets.UTF_8.decode(this.readBuffer).toString();
		this.readBuffer.clear();
		for (int i = 0; i < chunk.length(); i++) {
			char c = chunk.charAt(i);
			if (c == '\n') {
				this.lines.accept(this.partialLine.toString());
				this.partialLine.setLength(0);
			}
			else {
				this.partialLine.append(c);
			}
		}
	}

	private void fail(Throwable ex) {
		// Our own close() makes pending operations fail: that is no error worth
		// reporting.
		if (!this.closed.get()) {
			this.handle.error(ex);
		}
		close();
	}

	@Override
	public String toString() {
		return "EchoConnection[attempt " + this.handle.attemptId() + (isClosed() ? ", closed]" : "]");
	}

}
