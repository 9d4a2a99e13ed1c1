package io.github.reconnectingsocket.core;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * One attempt: its handle, and what the machine knows of its socket. The fields but
 * {@link #lastAliveMillis} are confined to the machine's context; the handle's methods
 * only queue a signal there.
 *
 * @param <S> the socket type
 */
final class Attempt<S> implements SocketHandle {

	final long id;

	private final Machine<S> machine;

	/** The socket, once {@code create()} returned it or the connect delivered it. */
	@Nullable S socket;

	/** {@code create()} or the connect is still running: signals wait for its socket. */
	boolean creating = true;

	boolean openPending;

	boolean closePending;

	/** The stage of an asynchronous connect, cancelled when the attempt is given up. */
	@Nullable CompletionStage<S> stage;

	/** {@code destroy()} was claimed: it is called at most once. */
	boolean destroyed;

	boolean destroyReturned;

	/** {@code onClose} was queued: it runs once per socket. */
	boolean closed;

	/**
	 * The machine no longer wants this attempt's socket (timed out, stopped, ended): a
	 * {@code create()} not begun yet is skipped. Written on the context, read on the
	 * lane.
	 */
	volatile boolean givenUp;

	/** The error this attempt (or its connection) reported last, for the retry policy. */
	@Nullable Throwable error;

	/** The peer's retry-after hint, or {@link Timeouts#NONE}. */
	long retryAfterMillis = Timeouts.NONE;

	/** Written by any thread through {@link #alive()}; read by the liveness timer. */
	volatile long lastAliveMillis;

	Attempt(long id, Machine<S> machine) {
		this.id = id;
		this.machine = machine;
	}

	@Override
	public void open() {
		this.machine.signal(() -> this.machine.opened(this));
	}

	@Override
	public void error(Throwable error) {
		Throwable reported = (error != null) ? error : new IllegalStateException("error() without a cause");
		this.machine.signal(() -> this.machine.errored(this, reported));
	}

	@Override
	public void close() {
		this.machine.signal(() -> this.machine.closed(this));
	}

	@Override
	public void alive() {
		this.lastAliveMillis = this.machine.nowMillis();
	}

	@Override
	public void retryAfter(Duration delay) {
		long millis = Timeouts.delayMillis("retryAfter", delay);
		this.machine.signal(() -> this.retryAfterMillis = millis);
	}

	@Override
	public long attemptId() {
		return this.id;
	}

	@Override
	public String toString() {
		return "SocketHandle[" + this.machine.name() + ", attempt " + this.id + "]";
	}

}
