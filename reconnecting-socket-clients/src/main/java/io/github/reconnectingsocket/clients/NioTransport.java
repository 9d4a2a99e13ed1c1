package io.github.reconnectingsocket.clients;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

/**
 * The bytes of one connection on a non-blocking {@link SocketChannel} of a
 * {@link SelectorLoop}: application bytes as they are (plain TCP), or the network bytes
 * under a {@link TlsTransport}.
 *
 * <p>
 * Reads wait for {@code OP_READ} and then read once, straight into the caller's buffer:
 * one {@code read} per ready connection, and the interest stays set while the reader asks
 * for the next read from its completion, so a busy connection costs no {@code epoll_ctl}.
 * A write is tried at once on the caller's thread; only what the socket does not take
 * waits for {@code OP_WRITE}, which is set only while such a backlog exists. Connect,
 * read completions and the rest of a backlog run on the loop's thread; interest changes
 * too, so they need no wake-up.
 */
final class NioTransport implements Transport {

	private final SocketChannel channel;

	private final SelectorLoop loop;

	private final String peer;

	/** Set on the loop's thread once registered. */
	private @Nullable SelectionKey key;

	// The loop's thread alone reads and writes the connect and read state.

	private @Nullable CompletionHandler<Void, Void> connecting;

	private @Nullable ByteBuffer readInto;

	private @Nullable CompletionHandler<Integer, Void> reading;

	// Guarded by this: the writer's thread and the loop's thread both touch them.

	private @Nullable PendingWrite backlog;

	private boolean closed;

	NioTransport(SocketChannel channel, SelectorLoop loop, String peer) {
		this.channel = channel;
		this.loop = loop;
		this.peer = peer;
	}

	String peer() {
		return this.peer;
	}

	/**
	 * Starts connecting; the handler completes on the loop's thread, or at once when the
	 * connect fails at once.
	 * @param address the resolved address
	 * @param handler completed once connected, failed with the reason
	 */
	void connect(InetSocketAddress address, CompletionHandler<Void, Void> handler) {
		boolean connected;
		try {
			connected = this.channel.connect(address);
		}
		catch (IOException ex) {
			handler.failed(ex, null);
			return;
		}
		this.loop.execute(() -> register(connected, handler));
	}

	private void register(boolean connected, CompletionHandler<Void, Void> handler) {
		try {
			this.key = this.channel.register(this.loop.selector(), connected ? 0 : SelectionKey.OP_CONNECT, this);
		}
		catch (ClosedChannelException ex) {
			// Closed before its registration (the attempt was given up): nothing to undo.
			handler.failed(new AsynchronousCloseException(), null);
			return;
		}
		if (connected) {
			handler.completed(null, null);
		}
		else {
			this.connecting = handler;
		}
	}

	/** On the loop's thread: the channel is ready for what its interest says. */
	void ready(SelectionKey readyKey) {
		try {
			int ready = readyKey.readyOps();
			if ((ready & SelectionKey.OP_CONNECT) != 0) {
				finishConnect();
			}
			if ((ready & SelectionKey.OP_WRITE) != 0 && readyKey.isValid()) {
				drainBacklog();
			}
			if ((ready & SelectionKey.OP_READ) != 0 && readyKey.isValid()) {
				readNow();
			}
		}
		catch (CancelledKeyException ex) {
			// Closed by another thread meanwhile: closed() fails what still waits.
		}
	}

	private void finishConnect() {
		CompletionHandler<Void, Void> handler = this.connecting;
		if (handler == null) {
			return;
		}
		try {
			if (!this.channel.finishConnect()) {
				return;
			}
		}
		catch (IOException ex) {
			this.connecting = null;
			handler.failed(ex, null);
			return;
		}
		this.connecting = null;
		interestOff(SelectionKey.OP_CONNECT);
		handler.completed(null, null);
	}

	// ---------------------------------------------------------------- reads

	@Override
	public void read(ByteBuffer into, CompletionHandler<Integer, Void> handler) {
		if (this.loop.inLoop()) {
			armRead(into, handler);
		}
		else {
			this.loop.execute(() -> armRead(into, handler));
		}
	}

	private void armRead(ByteBuffer into, CompletionHandler<Integer, Void> handler) {
		SelectionKey registered = this.key;
		if (registered == null || !registered.isValid()) {
			handler.failed(new AsynchronousCloseException(), null);
			return;
		}
		this.readInto = into;
		this.reading = handler;
		interestOn(SelectionKey.OP_READ);
	}

	private void readNow() {
		ByteBuffer into = this.readInto;
		CompletionHandler<Integer, Void> handler = this.reading;
		if (into == null || handler == null) {
			interestOff(SelectionKey.OP_READ);
			return;
		}
		int count;
		try {
			count = this.channel.read(into);
		}
		catch (IOException ex) {
			clearRead();
			handler.failed(ex, null);
			return;
		}
		if (count == 0) {
			return;
		}
		clearRead();
		handler.completed(count, null);
		if (this.reading == null) {
			// The reader did not ask for more from its completion: stop selecting for it.
			interestOff(SelectionKey.OP_READ);
		}
	}

	private void clearRead() {
		this.readInto = null;
		this.reading = null;
	}

	// ---------------------------------------------------------------- writes

	/**
	 * Writes every remaining byte; the caller has at most one write in flight. The
	 * handler completes on the caller's thread when the socket takes everything at once,
	 * else on the loop's thread.
	 */
	@Override
	public void write(ByteBuffer[] buffers, CompletionHandler<Void, Void> handler) {
		boolean done;
		try {
			done = writeSome(buffers);
		}
		catch (IOException ex) {
			handler.failed(ex, null);
			return;
		}
		if (done) {
			handler.completed(null, null);
			return;
		}
		synchronized (this) {
			if (this.closed) {
				handler.failed(new AsynchronousCloseException(), null);
				return;
			}
			this.backlog = new PendingWrite(buffers, handler);
		}
		if (this.loop.inLoop()) {
			armWrite();
		}
		else {
			this.loop.execute(this::armWrite);
		}
	}

	private void armWrite() {
		synchronized (this) {
			if (this.backlog == null) {
				return;
			}
		}
		interestOn(SelectionKey.OP_WRITE);
	}

	private void drainBacklog() {
		PendingWrite write;
		synchronized (this) {
			write = this.backlog;
		}
		if (write == null) {
			interestOff(SelectionKey.OP_WRITE);
			return;
		}
		boolean done;
		try {
			done = writeSome(write.buffers);
		}
		catch (IOException ex) {
			if (takeBacklog(write)) {
				write.handler.failed(ex, null);
			}
			return;
		}
		if (done && takeBacklog(write)) {
			interestOff(SelectionKey.OP_WRITE);
			write.handler.completed(null, null);
		}
	}

	private synchronized boolean takeBacklog(PendingWrite write) {
		if (this.backlog != write) {
			return false;
		}
		this.backlog = null;
		return true;
	}

	/**
	 * Gathering writes until the socket takes no more.
	 * @return whether every byte is written
	 */
	private boolean writeSome(ByteBuffer[] buffers) throws IOException {
		int first = 0;
		while (true) {
			while (first < buffers.length && !buffers[first].hasRemaining()) {
				first++;
			}
			if (first == buffers.length) {
				return true;
			}
			if (this.channel.write(buffers, first, buffers.length - first) == 0) {
				return false;
			}
		}
	}

	// ---------------------------------------------------------------- close

	/**
	 * Closes the channel at once; on the loop's thread then, fails a pending connect,
	 * read or write, and the next select releases the descriptor.
	 */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// Closing: nothing left to report to.
		}
		this.loop.execute(this::closed);
	}

	private void closed() {
		CompletionHandler<Void, Void> connect = this.connecting;
		CompletionHandler<Integer, Void> read = this.reading;
		this.connecting = null;
		clearRead();
		PendingWrite write;
		synchronized (this) {
			write = this.backlog;
			this.backlog = null;
		}
		if (connect != null) {
			connect.failed(new AsynchronousCloseException(), null);
		}
		if (read != null) {
			read.failed(new AsynchronousCloseException(), null);
		}
		if (write != null) {
			write.handler.failed(new AsynchronousCloseException(), null);
		}
	}

	private void interestOn(int op) {
		SelectionKey registered = this.key;
		if (registered != null && registered.isValid() && (registered.interestOps() & op) == 0) {
			registered.interestOps(registered.interestOps() | op);
		}
	}

	private void interestOff(int op) {
		SelectionKey registered = this.key;
		if (registered != null && registered.isValid() && (registered.interestOps() & op) != 0) {
			registered.interestOps(registered.interestOps() & ~op);
		}
	}

	private record PendingWrite(ByteBuffer[] buffers, CompletionHandler<Void, Void> handler) {
	}

}
