package io.github.reconnectingsocket.clients;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

/**
 * TLS with an {@link SSLEngine} over the network bytes of another transport (a
 * {@link NioTransport}). The read side (handshake, then the read loop) is sequential and
 * owns {@link #netIn} and {@link #appIn}; every wrap and its channel write go through
 * {@link #wrapAndWrite}, which keeps records in the order they were made even when the
 * read side must answer the peer (a TLS 1.3 key update) while the application writes.
 */
final class TlsTransport implements Transport {

	private static final ByteBuffer[] NOTHING = { ByteBuffer.allocate(0) };

	/**
	 * More than a record's header, padding and tag; a record that needs more is wrapped
	 * again, full size.
	 */
	private static final int RECORD_OVERHEAD = 512;

	private final Transport network;

	private final SSLEngine engine;

	/** Bytes read from the channel, not yet unwrapped; write mode. */
	private ByteBuffer netIn;

	/** Unwrapped bytes not yet handed to the reader; write mode. */
	private ByteBuffer appIn;

	private final ArrayDeque<Records> unwritten = new ArrayDeque<>();

	private boolean writing;

	TlsTransport(Transport network, SSLEngine engine) {
		this.network = network;
		this.engine = engine;
		this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
		this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
	}

	/**
	 * @return completed once the handshake is done, failed with its error
	 */
	CompletableFuture<Void> handshake() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		try {
			this.engine.beginHandshake();
			handshakeStep(done);
		}
		catch (SSLException ex) {
			done.completeExceptionally(ex);
		}
		return done;
	}

	private void handshakeStep(CompletableFuture<Void> done) {
		try {
			while (!done.isDone()) {
				switch (this.engine.getHandshakeStatus()) {
					case NEED_TASK -> runTasks();
					case NEED_WRAP -> {
						wrapAndWrite(NOTHING, handler(() -> handshakeStep(done), done::completeExceptionally));
						return;
					}
					case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
						if (unwrap() == null) {
							readNet(handler(() -> handshakeStep(done), done::completeExceptionally),
									() -> done.completeExceptionally(new EOFException(
											"The peer closed the connection " + "during the TLS handshake")));
							return;
						}
					}
					default -> done.complete(null);
				}
			}
		}
		catch (SSLException | RuntimeException ex) {
			done.completeExceptionally(ex);
		}
	}

	@Override
	public void read(ByteBuffer into, CompletionHandler<Integer, Void> handler) {
		try {
			while (this.appIn.position() == 0) {
				SSLEngineResult result = unwrap();
				if (result == null) {
					readNet(handler(() -> read(into, handler), (ex) -> handler.failed(ex, null)),
							() -> handler.completed(-1, null));
					return;
				}
				if (result.getStatus() == Status.CLOSED) {
					handler.completed(-1, null);
					return;
				}
				answerPeer();
			}
			handler.completed(drain(into), null);
		}
		catch (SSLException | RuntimeException ex) {
			handler.failed(ex, null);
		}
	}

	/**
	 * A post-handshake message may need an answer: sent ahead of later application
	 * writes.
	 */
	private void answerPeer() throws SSLException {
		runTasks();
		if (this.engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
			wrapAndWrite(NOTHING, handler(() -> {
			}, (ex) -> close()));
		}
	}

	private int drain(ByteBuffer into) {
		this.appIn.flip();
		int count = Math.min(this.appIn.remaining(), into.remaining());
		into.put(into.position(), this.appIn, this.appIn.position(), count);
		into.position(into.position() + count);
		this.appIn.position(this.appIn.position() + count);
		this.appIn.compact();
		return count;
	}

	/**
	 * @return the result, or {@code null} when more bytes must be read first
	 */
	private SSLEngineResult unwrap() throws SSLException {
		while (true) {
			this.netIn.flip();
			SSLEngineResult result = this.engine.unwrap(this.netIn, this.appIn);
			this.netIn.compact();
			switch (result.getStatus()) {
				case BUFFER_UNDERFLOW -> {
					this.netIn = ensureRoom(this.netIn, this.engine.getSession().getPacketBufferSize());
					return null;
				}
				case BUFFER_OVERFLOW ->
					this.appIn = ensureRoom(this.appIn, this.engine.getSession().getApplicationBufferSize());
				default -> {
					return result;
				}
			}
		}
	}

	private void readNet(CompletionHandler<Void, Void> then, Runnable endOfStream) {
		this.network.read(this.netIn, new CompletionHandler<Integer, Void>() {

			@Override
			public void completed(Integer count, Void attachment) {
				if (count < 0) {
					endOfStream.run();
				}
				else {
					then.completed(null, null);
				}
			}

			@Override
			public void failed(Throwable ex, Void attachment) {
				then.failed(ex, null);
			}

		});
	}

	@Override
	public void write(ByteBuffer[] buffers, CompletionHandler<Void, Void> handler) {
		wrapAndWrite(buffers, handler);
	}

	private void wrapAndWrite(ByteBuffer[] buffers, CompletionHandler<Void, Void> handler) {
		Records records;
		synchronized (this.unwritten) {
			try {
				records = new Records(wrap(buffers), handler);
			}
			catch (SSLException | RuntimeException ex) {
				records = new Records(null, handler);
				records.failure = ex;
			}
			this.unwritten.add(records);
			if (this.writing) {
				return;
			}
			this.writing = true;
		}
		writeNext();
	}

	private void writeNext() {
		Records next;
		synchronized (this.unwritten) {
			next = this.unwritten.peek();
			if (next == null) {
				this.writing = false;
				return;
			}
		}
		if (next.failure != null || next.buffers == null) {
			written(next, next.failure);
			return;
		}
		Records current = next;
		this.network.write(current.buffers, handler(() -> written(current, null), (ex) -> written(current, ex)));
	}

	private void written(Records records, @Nullable Throwable failure) {
		synchronized (this.unwritten) {
			this.unwritten.poll();
		}
		if (failure != null) {
			records.handler.failed(failure, null);
		}
		else {
			records.handler.completed(null, null);
		}
		writeNext();
	}

	private ByteBuffer[] wrap(ByteBuffer[] buffers) throws SSLException {
		List<ByteBuffer> records = new ArrayList<>();
		do {
			records.add(wrapOnce(buffers));
		}
		while (remaining(buffers) > 0);
		return records.toArray(ByteBuffer[]::new);
	}

	/**
	 * One record, in a buffer sized for the bytes at hand (a full packet only when
	 * needed).
	 */
	private ByteBuffer wrapOnce(ByteBuffer[] buffers) throws SSLException {
		int packetSize = this.engine.getSession().getPacketBufferSize();
		ByteBuffer out = ByteBuffer.allocate((int) Math.min(packetSize, remaining(buffers) + RECORD_OVERHEAD));
		SSLEngineResult result = this.engine.wrap(buffers, out);
		if (result.getStatus() == Status.BUFFER_OVERFLOW) {
			out = ByteBuffer.allocate(packetSize);
			result = this.engine.wrap(buffers, out);
		}
		if (result.getStatus() != Status.OK || (result.bytesConsumed() == 0 && result.bytesProduced() == 0)) {
			throw new SSLException(
					"TLS wrap made no progress: " + result.getStatus() + ", handshake " + result.getHandshakeStatus());
		}
		runTasks();
		return out.flip();
	}

	private static long remaining(ByteBuffer[] buffers) {
		long remaining = 0;
		for (ByteBuffer buffer : buffers) {
			remaining += buffer.remaining();
		}
		return remaining;
	}

	private void runTasks() {
		for (Runnable task = this.engine.getDelegatedTask(); task != null; task = this.engine.getDelegatedTask()) {
			task.run();
		}
	}

	private static ByteBuffer ensureRoom(ByteBuffer buffer, int room) {
		if (buffer.remaining() >= room) {
			return buffer;
		}
		ByteBuffer larger = ByteBuffer.allocate(buffer.position() + room);
		return larger.put(buffer.flip());
	}

	@Override
	public void close() {
		this.engine.closeOutbound();
		this.network.close();
	}

	private static CompletionHandler<Void, Void> handler(Runnable completed, Consumer<Throwable> failed) {
		return new CompletionHandler<>() {

			@Override
			public void completed(Void result, Void attachment) {
				completed.run();
			}

			@Override
			public void failed(Throwable ex, Void attachment) {
				failed.accept(ex);
			}

		};
	}

	/** The records of one wrap, and who waits for them to be written. */
	private static final class Records {

		final ByteBuffer @Nullable [] buffers;

		final CompletionHandler<Void, Void> handler;

		@Nullable Throwable failure;

		Records(ByteBuffer @Nullable [] buffers, CompletionHandler<Void, Void> handler) {
			this.buffers = buffers;
			this.handler = handler;
		}

	}

}
