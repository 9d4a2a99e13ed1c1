package io.github.reconnectingsocket.clients;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reconnectingsocket.core.SocketHandle;
import org.jspecify.annotations.Nullable;

/**
 * One TCP connection of a {@link TcpSocketFactory}: the socket type {@code S} of its
 * {@code ReconnectingSocket}. Reads messages into the message handler, and writes the
 * messages given to {@link #send} in order, at most {@code writeQueueLimit} of them
 * waiting at a time.
 *
 * <p>
 * Threads: the message handler runs on the connection's selector thread
 * ({@code reconnecting-socket-io-N}), shared with other connections like an event loop: a
 * handler that blocks delays them all, so hand long work to an executor of your own. A
 * {@code send} stage completes on the thread that wrote the message: the sender's when
 * the socket took it at once, else the selector thread.
 *
 * @param <M> the message type
 */
public final class TcpConnection<M> {

	private static final System.Logger LOGGER = System.getLogger(TcpConnection.class.getName());

	/** Messages written by one gathering write at most. */
	private static final int BATCH = 64;

	private static final int READ_BUFFER_SIZE = 16 * 1024;

	private final Transport transport;

	private final TcpClientOptions<M> options;

	private final SocketHandle handle;

	private final FrameDecoder<M> decoder;

	private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_SIZE);

	private final CompletionHandler<Integer, Void> onRead = new ReadHandler();

	private final ArrayDeque<Write> queue = new ArrayDeque<>();

	/**
	 * Accepted and not yet written: queued, or in the write in flight. Guarded by
	 * {@link #queue}.
	 */
	private int unwritten;

	private boolean writing;

	/**
	 * The read loop is handing messages to the handler: sends wait for the end of the
	 * read, then leave in one gathering write (a handler answering each message makes one
	 * write per read, not one per message).
	 */
	private boolean delivering;

	private boolean closed;

	private @Nullable Throwable closedBy;

	private volatile @Nullable ScheduledFuture<?> heartbeat;

	TcpConnection(Transport transport, TcpClientOptions<M> options, SocketHandle handle) {
		this.transport = transport;
		this.options = options;
		this.handle = handle;
		this.decoder = options.framing().newDecoder();
	}

	/**
	 * Queues a message to be written.
	 * @param message the message
	 * @return completed once the message is written to the socket; failed at once with
	 * {@link WriteQueueFullException} when {@code writeQueueLimit} messages are waiting,
	 * with {@link IllegalArgumentException} when the framing cannot carry it, with
	 * {@link ConnectionClosedException} when this connection is closed (also later, for a
	 * message accepted but not written before the connection closed)
	 */
	public CompletionStage<Void> send(M message) {
		Objects.requireNonNull(message, "message must not be null");
		ByteBuffer bytes;
		try {
			bytes = this.options.framing().encode(message);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		CompletableFuture<Void> written = new CompletableFuture<>();
		synchronized (this.queue) {
			if (this.closed) {
				return CompletableFuture.failedFuture(new ConnectionClosedException(peer(), this.closedBy));
			}
			if (this.unwritten >= this.options.writeQueueLimit()) {
				return CompletableFuture
					.failedFuture(new WriteQueueFullException(peer(), this.options.writeQueueLimit()));
			}
			this.queue.add(new Write(bytes, written));
			this.unwritten++;
			if (this.writing || this.delivering) {
				return written;
			}
			this.writing = true;
		}
		writeBatch();
		return written;
	}

	/**
	 * @return the peer, {@code host:port}
	 */
	public String peer() {
		return this.options.peer();
	}

	/**
	 * @return messages accepted and not yet written
	 */
	public int unwrittenMessages() {
		synchronized (this.queue) {
			return this.unwritten;
		}
	}

	/**
	 * @return whether the connection is still open
	 */
	public boolean isOpen() {
		synchronized (this.queue) {
			return !this.closed;
		}
	}

	@Override
	public String toString() {
		return "TcpConnection[" + peer() + (isOpen() ? "" : ", closed") + "]";
	}

	// ---------------------------------------------------------------- driven by the
	// factory

	void start() {
		if (this.options.heartbeatMillis() > 0) {
			M message = Objects.requireNonNull(this.options.heartbeatMessage());
			this.heartbeat = ClientTimer.every(this.options.heartbeatMillis(), () -> send(message));
		}
		read();
	}

	/**
	 * Closes the channel and fails what was not written. Reports the cause, if any, then
	 * {@code close()}, to the handle: ignored once the machine has destroyed this
	 * connection.
	 * @param cause why, or {@code null} when destroyed on purpose
	 */
	void close(@Nullable Throwable cause) {
		List<Write> dropped;
		synchronized (this.queue) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.closedBy = cause;
			dropped = new ArrayList<>(this.queue);
			this.queue.clear();
		}
		ScheduledFuture<?> beat = this.heartbeat;
		if (beat != null) {
			beat.cancel(false);
		}
		this.transport.close();
		dropped.forEach((write) -> write.written.completeExceptionally(new ConnectionClosedException(peer(), cause)));
		if (cause != null) {
			this.handle.error(cause);
		}
		this.handle.close();
	}

	// ---------------------------------------------------------------- writes

	/**
	 * Writes batches until the queue is empty. A write that completes during the call
	 * (the socket took it all) lets this loop take the next batch, rather than the
	 * completion calling back in: no recursion, however long the queue.
	 */
	private void writeBatch() {
		while (true) {
			List<Write> batch = nextBatch();
			if (batch == null) {
				return;
			}
			BatchWrite write = new BatchWrite(batch);
			this.transport.write(write.buffers(), write);
			if (write.returned()) {
				return;
			}
		}
	}

	private @Nullable List<Write> nextBatch() {
		List<Write> batch = new ArrayList<>();
		synchronized (this.queue) {
			while (batch.size() < BATCH && !this.queue.isEmpty()) {
				batch.add(this.queue.poll());
			}
			if (batch.isEmpty()) {
				this.writing = false;
				return null;
			}
		}
		return batch;
	}

	private void written(List<Write> batch) {
		synchronized (this.queue) {
			this.unwritten -= batch.size();
		}
		for (Write write : batch) {
			write.written.complete(null);
		}
	}

	private void notWritten(List<Write> batch, Throwable ex) {
		Throwable cause = (ex instanceof ClosedChannelException) ? this.closedBy : ex;
		for (Write write : batch) {
			write.written.completeExceptionally(new ConnectionClosedException(peer(), cause));
		}
		close(ex);
	}

	// ---------------------------------------------------------------- reads

	private void read() {
		this.readBuffer.clear();
		this.transport.read(this.readBuffer, this.onRead);
	}

	private void received(int count) {
		if (count < 0) {
			close(new EOFException(peer() + " closed the connection"));
			return;
		}
		this.handle.alive();
		this.readBuffer.flip();
		try {
			decodeAndDeliver();
		}
		catch (FramingException ex) {
			close(ex);
			return;
		}
		read();
	}

	private void decodeAndDeliver() throws FramingException {
		synchronized (this.queue) {
			this.delivering = true;
		}
		try {
			this.decoder.decode(this.readBuffer, this::deliver);
		}
		finally {
			boolean flush;
			synchronized (this.queue) {
				this.delivering = false;
				flush = !this.writing && !this.queue.isEmpty();
				this.writing |= flush;
			}
			if (flush) {
				writeBatch();
			}
		}
	}

	private void deliver(M message) {
		try {
			this.options.messageHandler().accept(message);
		}
		catch (RuntimeException ex) {
			LOGGER.log(System.Logger.Level.WARNING,
					"The message handler of the connection to " + peer() + " threw; reading goes on", ex);
		}
	}

	private final class ReadHandler implements CompletionHandler<Integer, Void> {

		@Override
		public void completed(Integer count, Void attachment) {
			received(count);
		}

		@Override
		public void failed(Throwable ex, Void attachment) {
			close(ex);
		}

	}

	private record Write(ByteBuffer bytes, CompletableFuture<Void> written) {
	}

	/**
	 * One batch in the transport; knows whether it completed during the transport's call
	 * (then the caller's loop goes on) or after it (then the completion goes on).
	 */
	private final class BatchWrite implements CompletionHandler<Void, Void> {

		private static final int IN_CALL = 0;

		private static final int COMPLETED_IN_CALL = 1;

		private static final int RETURNED = 2;

		private final List<Write> batch;

		private final AtomicInteger phase = new AtomicInteger(IN_CALL);

		BatchWrite(List<Write> batch) {
			this.batch = batch;
		}

		ByteBuffer[] buffers() {
			ByteBuffer[] buffers = new ByteBuffer[this.batch.size()];
			for (int i = 0; i < buffers.length; i++) {
				buffers[i] = this.batch.get(i).bytes;
			}
			return buffers;
		}

		/**
		 * @return whether the call returned before the write completed (the completion
		 * takes over), or completed unsuccessfully
		 */
		boolean returned() {
			return this.phase.compareAndSet(IN_CALL, RETURNED);
		}

		@Override
		public void completed(Void result, Void attachment) {
			written(this.batch);
			if (!this.phase.compareAndSet(IN_CALL, COMPLETED_IN_CALL)) {
				writeBatch();
			}
		}

		@Override
		public void failed(Throwable ex, Void attachment) {
			notWritten(this.batch, ex);
		}

	}

}
