package io.github.reconnectingsocket.clients;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.reconnectingsocket.core.SocketHandle;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket connection of a {@link WebSocketSocketFactory}: the socket type {@code S}
 * of its {@code ReconnectingSocket}. The JDK's {@link WebSocket} takes one data message
 * at a time: messages given to {@link #sendText} and {@link #sendBinary} wait in a queue
 * of at most {@code writeQueueLimit} and are sent in order, each once the previous one is
 * sent.
 */
public final class WebSocketConnection {

	/**
	 * How long {@code destroy()} waits for the Close frame to be sent before aborting.
	 */
	static final long CLOSE_WAIT_MILLIS = 1000;

	private static final ByteBuffer PING = ByteBuffer.allocate(0);

	private final WebSocketClientOptions options;

	private final SocketHandle handle;

	private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();

	/** The message being sent, guarded by {@link #queue}. */
	private @Nullable Outgoing inFlight;

	private boolean closed;

	private @Nullable Throwable closedBy;

	private volatile @Nullable WebSocket webSocket;

	private volatile @Nullable ScheduledFuture<?> pinger;

	private final AtomicBoolean pinging = new AtomicBoolean();

	WebSocketConnection(WebSocketClientOptions options, SocketHandle handle) {
		this.options = options;
		this.handle = handle;
	}

	/**
	 * @param text a whole text message
	 * @return completed once sent; failed at once with {@link WriteQueueFullException} or
	 * {@link ConnectionClosedException}, later with {@link ConnectionClosedException}
	 * when the connection closes before it is sent
	 */
	public CompletionStage<Void> sendText(CharSequence text) {
		return enqueue(new Outgoing(Objects.requireNonNull(text, "text must not be null").toString(), null));
	}

	/**
	 * @param data a whole binary message, copied
	 * @return as {@link #sendText}
	 */
	public CompletionStage<Void> sendBinary(byte[] data) {
		return enqueue(
				new Outgoing(null, ByteBuffer.wrap(Objects.requireNonNull(data, "data must not be null").clone())));
	}

	/**
	 * @return the peer's URI
	 */
	public String peer() {
		return this.options.peer();
	}

	/**
	 * @return the subprotocol the server chose, empty when none
	 */
	public String subprotocol() {
		WebSocket current = this.webSocket;
		return (current != null) ? current.getSubprotocol() : "";
	}

	/**
	 * @return messages accepted and not yet sent
	 */
	public int unsentMessages() {
		synchronized (this.queue) {
			return this.queue.size() + ((this.inFlight != null) ? 1 : 0);
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
		return "WebSocketConnection[" + peer() + (isOpen() ? "" : ", closed") + "]";
	}

	// ---------------------------------------------------------------- driven by the
	// factory and the listener

	void attach(WebSocket webSocket) {
		this.webSocket = webSocket;
	}

	void start() {
		long interval = this.options.pingMillis();
		if (interval > 0) {
			this.pinger = ClientTimer.every(interval, this::ping);
		}
	}

	/**
	 * The connection ended (the peer closed it, or an error): report it and free
	 * everything.
	 */
	void ended(Throwable cause, boolean abort) {
		if (markClosed(cause)) {
			this.handle.error(cause);
			WebSocket current = this.webSocket;
			if (abort && current != null) {
				current.abort();
			}
			this.handle.close();
		}
	}

	/**
	 * Destroyed by the machine: a Close frame, up to {@link #CLOSE_WAIT_MILLIS}, then
	 * abort.
	 */
	void destroy() throws InterruptedException {
		markClosed(null);
		WebSocket current = this.webSocket;
		if (current == null) {
			return;
		}
		try {
			current.sendClose(WebSocket.NORMAL_CLOSURE, "").get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			// Closing anyway.
		}
		finally {
			current.abort();
		}
	}

	private boolean markClosed(@Nullable Throwable cause) {
		List<Outgoing> dropped;
		synchronized (this.queue) {
			if (this.closed) {
				return false;
			}
			this.closed = true;
			this.closedBy = cause;
			dropped = new ArrayList<>(this.queue);
			this.queue.clear();
		}
		ScheduledFuture<?> ping = this.pinger;
		if (ping != null) {
			ping.cancel(false);
		}
		dropped.forEach((message) -> message.sent.completeExceptionally(new ConnectionClosedException(peer(), cause)));
		return true;
	}

	private void ping() {
		WebSocket current = this.webSocket;
		if (current != null && isOpen() && this.pinging.compareAndSet(false, true)) {
			current.sendPing(PING.duplicate()).whenComplete((ws, ex) -> this.pinging.set(false));
		}
	}

	// ---------------------------------------------------------------- sending, one
	// message at a time

	private CompletionStage<Void> enqueue(Outgoing message) {
		synchronized (this.queue) {
			if (this.closed) {
				return CompletableFuture.failedFuture(new ConnectionClosedException(peer(), this.closedBy));
			}
			if (this.queue.size() + ((this.inFlight != null) ? 1 : 0) >= this.options.writeQueueLimit()) {
				return CompletableFuture
					.failedFuture(new WriteQueueFullException(peer(), this.options.writeQueueLimit()));
			}
			this.queue.add(message);
			if (this.inFlight != null) {
				return message.sent;
			}
		}
		sendQueued();
		return message.sent;
	}

	/**
	 * Sends until the queue is empty or a send is still in flight; a loop, not a
	 * recursion.
	 */
	private void sendQueued() {
		while (true) {
			Outgoing next;
			synchronized (this.queue) {
				if (this.inFlight != null || this.queue.isEmpty()) {
					return;
				}
				next = this.queue.poll();
				this.inFlight = next;
			}
			CompletableFuture<WebSocket> sending = send(next);
			if (!sending.isDone()) {
				sending.whenComplete((ws, ex) -> {
					finished(next, ex);
					sendQueued();
				});
				return;
			}
			finished(next, sending.handle((ws, ex) -> ex).join());
		}
	}

	private CompletableFuture<WebSocket> send(Outgoing message) {
		WebSocket current = Objects.requireNonNull(this.webSocket, "not attached");
		try {
			return (message.text != null) ? current.sendText(message.text, true)
					: current.sendBinary(Objects.requireNonNull(message.binary), true);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private void finished(Outgoing message, @Nullable Throwable failure) {
		synchronized (this.queue) {
			this.inFlight = null;
		}
		if (failure == null) {
			message.sent.complete(null);
		}
		else {
			message.sent.completeExceptionally(new ConnectionClosedException(peer(), unwrap(failure)));
		}
	}

	static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	private record Outgoing(@Nullable String text, @Nullable ByteBuffer binary, CompletableFuture<Void> sent) {

		Outgoing(@Nullable String text, @Nullable ByteBuffer binary) {
			this(text, binary, new CompletableFuture<>());
		}

	}

}
