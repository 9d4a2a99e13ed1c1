package io.github.reconnectingsocket.test.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.reconnectingsocket.core.SocketHandle;

/**
 * A {@link SocketHandle} that only writes down what a socket signals: {@code open},
 * {@code error:ExceptionSimpleName: message} and {@code close}; {@code alive()},
 * signalled on every inbound read, is only counted ({@link #alives()}), so that the
 * sequences stay exact. For testing a socket factory without a machine.
 */
public final class SignalLog implements SocketHandle {

	private static final AtomicLong IDS = new AtomicLong();

	private final long id = IDS.incrementAndGet();

	private final List<String> signals = new ArrayList<>();

	private final List<Throwable> errors = new ArrayList<>();

	@Override
	public synchronized void open() {
		this.signals.add("open");
	}

	@Override
	public synchronized void error(Throwable error) {
		this.signals.add("error:" + error.getClass().getSimpleName() + ": " + error.getMessage());
		this.errors.add(error);
	}

	@Override
	public synchronized void close() {
		this.signals.add("close");
	}

	private int alives;

	@Override
	public synchronized void alive() {
		this.alives++;
	}

	/**
	 * @return how often {@code alive()} was signalled
	 */
	public synchronized int alives() {
		return this.alives;
	}

	@Override
	public synchronized void retryAfter(java.time.Duration delay) {
		this.signals.add("retryAfter:" + delay.toMillis());
	}

	@Override
	public long attemptId() {
		return this.id;
	}

	/**
	 * @return the signals so far
	 */
	public synchronized List<String> signals() {
		return List.copyOf(this.signals);
	}

	/**
	 * @return the errors so far
	 */
	public synchronized List<Throwable> errors() {
		return List.copyOf(this.errors);
	}

}
