package io.github.reconnectingsocket.core;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jspecify.annotations.Nullable;

/**
 * One attempt: its handle, and what the machine knows of its socket. The fields but
 * {@link #lastAliveMillis} are confined to the machine's context; the handle's methods
 * only queue a signal there.
 *
 * @param <S> the socket type
 */
@SuppressWarnings("unchecked")
final class Attempt<S> implements SocketHandle, ConnectionPacer.Waiter {

	private static final int NO_PERMIT = 0;

	private static final int WAITING = 1;

	private static final int HELD = 2;

	private static final int DONE = 3;

	private static final AtomicIntegerFieldUpdater<Attempt<?>> PERMIT = AtomicIntegerFieldUpdater
		.newUpdater((Class<Attempt<?>>) (Class<?>) Attempt.class, "permit");

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

	/**
	 * Its {@link ConnectionPacer} permit: none, waiting, held, done. Written by the
	 * machine and by the thread that grants it, so every change is a compare-and-set.
	 */
	private volatile int permit;

	/** Written by any thread through {@link #alive()}; read by the liveness timer. */
	volatile long lastAliveMillis;

	Attempt(long id, Machine<S> machine) {
		this.id = id;
		this.machine = machine;
	}

	// Constant steps: a signal allocates nothing when the machine is idle (the usual
	// case).
	private static final MachineContext.Step<Attempt<?>> OPENED = Attempt::opened;

	private static final MachineContext.Step<Attempt<?>> CLOSED = Attempt::closed;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void opened(Attempt<?> attempt) {
		((Machine) attempt.machine).signals.opened(attempt);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void closed(Attempt<?> attempt) {
		((Machine) attempt.machine).signals.closed(attempt);
	}

	@Override
	public void open() {
		this.machine.signal(OPENED, this);
	}

	@Override
	public void error(Throwable error) {
		Throwable reported = (error != null) ? error : new IllegalStateException("error() without a cause");
		this.machine.signal(() -> this.machine.signals.errored(this, reported));
	}

	@Override
	public void close() {
		this.machine.signal(CLOSED, this);
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

	/**
	 * @param pacer the pacer
	 * @return true when the attempt may begin now; false when it waits for
	 * {@link #granted()}
	 */
	boolean acquirePermit(ConnectionPacer pacer) {
		this.permit = WAITING;
		if (pacer.acquire(this)) {
			this.permit = HELD;
			return true;
		}
		return false;
	}

	/**
	 * @return whether the attempt waits for a permit
	 */
	boolean waitingForPermit() {
		return this.permit == WAITING;
	}

	@Override
	public boolean granted() {
		if (!PERMIT.compareAndSet(this, WAITING, HELD)) {
			return false; // given up while it waited
		}
		this.machine.signal(() -> this.machine.signals.permitGranted(this));
		return true;
	}

	/**
	 * Gives back the permit, or gives up waiting for it; once, whatever the caller.
	 * @return whether a permit was given back, to be handed on
	 */
	boolean releasePermit(ConnectionPacer pacer) {
		if (PERMIT.compareAndSet(this, HELD, DONE)) {
			pacer.release();
			return true;
		}
		PERMIT.compareAndSet(this, WAITING, DONE);
		return false;
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
