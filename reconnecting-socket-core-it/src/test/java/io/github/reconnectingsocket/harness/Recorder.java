package io.github.reconnectingsocket.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Wraps a {@link SocketFactory} and records, in one thread-safe trace and in the order
 * the machine made them, every transition and every call of the factory but
 * {@code destroy} (which runs beside the others; {@link #countsOf} counts it):
 * {@code create} and the hooks. Transitions read {@code from>to}; calls read
 * {@code create:first}, {@code create}, {@code onOpen:first}, {@code onOpen},
 * {@code onClose} and {@code onFail:ExceptionSimpleName}, separated by single spaces, so
 * a test states an exact sequence as a regular expression, for example
 * {@code "stopped>opening create:first( ...)*"}.
 *
 * @param <S> the socket type
 */
public final class Recorder<S> implements SocketFactory<S> {

	/**
	 * How long a test waits for a sequence or a state: generous, for a loaded shared
	 * machine.
	 */
	public static final Duration PATIENCE = Duration.ofSeconds(20);

	private static final Pattern NEXT_ATTEMPT = Pattern.compile("next attempt in (\\d+) ms");

	private final SocketFactory<S> delegate;

	private final List<String> trace = new ArrayList<>();

	private final List<StateChange> changes = new ArrayList<>();

	private final List<Long> changeNanos = new ArrayList<>();

	private final List<Long> scheduledDelays = new ArrayList<>();

	private final List<String> infos = new ArrayList<>();

	private final List<Throwable> failures = new ArrayList<>();

	private final Map<S, Counts> counts = new IdentityHashMap<>();

	private final List<S> created = new ArrayList<>();

	private volatile ReconnectingSocket<S> machine;

	/**
	 * @param delegate the factory that does the work
	 */
	public Recorder(SocketFactory<S> delegate) {
		this.delegate = delegate;
	}

	/**
	 * Builds the machine around this recorder, its listeners attached before the first
	 * transition.
	 * @param customizer sets the options under test
	 * @return the machine, STOPPED
	 */
	public ReconnectingSocket<S> build(UnaryOperator<ReconnectingSocketBuilder<S>> customizer) {
		ReconnectingSocketBuilder<S> builder = ReconnectingSocket.builder(this)
			.stateListener(this::onStateChange)
			.infoListener(this::onInfo);
		this.machine = customizer.apply(builder).build();
		return this.machine;
	}

	/**
	 * @return the machine built by {@link #build}
	 */
	public ReconnectingSocket<S> machine() {
		return this.machine;
	}

	// ---------------------------------------------------------------- the factory

	@Override
	public S create(SocketHandle handle, boolean firstOpen) throws Exception {
		record(firstOpen ? "create:first" : "create");
		S socket = this.delegate.create(handle, firstOpen);
		synchronized (this) {
			if (socket != null) {
				this.created.add(socket);
				this.counts.put(socket, new Counts());
			}
		}
		return socket;
	}

	@Override
	public void destroy(S socket) throws Exception {
		// Not in the trace: destroy() runs on a task of its own, beside the other calls
		// (see
		// SocketFactory.destroy), so its place among them is not the machine's to order.
		counts(socket).destroy.incrementAndGet();
		this.delegate.destroy(socket);
	}

	@Override
	public void onOpen(S socket, boolean firstOpen) {
		record(firstOpen ? "onOpen:first" : "onOpen");
		counts(socket).open.incrementAndGet();
		this.delegate.onOpen(socket, firstOpen);
	}

	@Override
	public void onClose(S socket) {
		record("onClose");
		counts(socket).close.incrementAndGet();
		this.delegate.onClose(socket);
	}

	@Override
	public void onFail(Throwable lastError) {
		record("onFail:" + ((lastError != null) ? lastError.getClass().getSimpleName() : "null"));
		synchronized (this) {
			this.failures.add(lastError);
		}
		this.delegate.onFail(lastError);
	}

	private void onStateChange(StateChange change) {
		synchronized (this) {
			this.trace.add(change.from().seedName() + ">" + change.to().seedName());
			this.changes.add(change);
			// The machine's own time of the transition: a listener hears of it a little
			// later, on another thread.
			this.changeNanos.add(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(change.time().toEpochMilli()));
		}
	}

	private synchronized void onInfo(io.github.reconnectingsocket.core.Info info) {
		String message = info.message();
		this.infos.add(message);
		// The exact delay; nextAttemptAt minus the event's time is off by the
		// microseconds between them.
		Matcher scheduled = NEXT_ATTEMPT.matcher(message);
		if (scheduled.matches()) {
			this.scheduledDelays.add(Long.parseLong(scheduled.group(1)));
		}
	}

	private synchronized void record(String call) {
		this.trace.add(call);
	}

	private synchronized Counts counts(S socket) {
		Counts found = this.counts.get(socket);
		if (found == null) {
			throw new AssertionError("A hook was called with a socket create() never returned: " + socket);
		}
		return found;
	}

	// ---------------------------------------------------------------- what was recorded

	/**
	 * @return the trace so far, tokens separated by single spaces
	 */
	public synchronized String trace() {
		return String.join(" ", this.trace);
	}

	/** Forgets the trace so far (not the sockets nor their counts). */
	public synchronized void clearTrace() {
		this.trace.clear();
	}

	/**
	 * @return every transition so far
	 */
	public synchronized List<StateChange> changes() {
		return List.copyOf(this.changes);
	}

	/**
	 * @return the delays the machine scheduled on entering CLOSED, in ms, in order (from
	 * its info messages)
	 */
	public synchronized List<Long> scheduledDelays() {
		return List.copyOf(this.scheduledDelays);
	}

	/**
	 * @param from the state left
	 * @param to the state entered
	 * @return the time of every such transition by the machine's clock, in nanoseconds of
	 * the epoch at millisecond precision, in order
	 */
	public synchronized List<Long> nanosOf(SocketState from, SocketState to) {
		List<Long> found = new ArrayList<>();
		for (int i = 0; i < this.changes.size(); i++) {
			if (this.changes.get(i).from() == from && this.changes.get(i).to() == to) {
				found.add(this.changeNanos.get(i));
			}
		}
		return found;
	}

	/**
	 * @return the info messages so far
	 */
	public synchronized List<String> infos() {
		return List.copyOf(this.infos);
	}

	/**
	 * @return the errors handed to {@code onFail}
	 */
	public synchronized List<Throwable> failures() {
		return List.copyOf(this.failures);
	}

	/**
	 * @return the sockets created, in order
	 */
	public synchronized List<S> created() {
		return List.copyOf(this.created);
	}

	/**
	 * @param socket a created socket
	 * @return how often destroy and the hooks ran for it
	 */
	public Counts countsOf(S socket) {
		return counts(socket);
	}

	/**
	 * Waits until the whole trace matches the expression, and fails showing the trace if
	 * it never does.
	 */
	public void awaitTrace(String regex) {
		await().atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(5))
			.untilAsserted(() -> assertThat(trace()).as("trace").matches(regex));
	}

	/** Waits until the machine is in the state. */
	public void awaitState(SocketState state) {
		await().atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(5))
			.untilAsserted(() -> assertThat(this.machine.state()).as("state; trace: %s", trace()).isEqualTo(state));
	}

	/**
	 * Checks the lifecycle contract on every socket created: {@code onClose} exactly
	 * once, {@code destroy} at most once.
	 */
	public void assertEverySocketClosedOnce() {
		for (S socket : created()) {
			Counts counts = counts(socket);
			assertThat(counts.close.get()).as("onClose calls of %s", socket).isEqualTo(1);
			assertThat(counts.destroy.get()).as("destroy calls of %s", socket).isLessThanOrEqualTo(1);
		}
	}

	/** Calls of destroy and the hooks for one socket. */
	public static final class Counts {

		final AtomicInteger destroy = new AtomicInteger();

		final AtomicInteger open = new AtomicInteger();

		final AtomicInteger close = new AtomicInteger();

		/**
		 * @return destroy calls
		 */
		public int destroys() {
			return this.destroy.get();
		}

		/**
		 * @return onOpen calls
		 */
		public int opens() {
			return this.open.get();
		}

		/**
		 * @return onClose calls
		 */
		public int closes() {
			return this.close.get();
		}

	}

}
