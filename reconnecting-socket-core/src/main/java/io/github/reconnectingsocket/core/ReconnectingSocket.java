package io.github.reconnectingsocket.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import io.github.reconnectingsocket.backoff.Backoff;

/**
 * A managed, reconnecting socket: the state machine of the npm
 * {@code reconnecting-socket}, made safe for many threads.
 *
 * <p>
 * All commands ({@link #start()}, {@link #stop()}, {@link #reconnect()}) and all signals
 * from sockets are handled one at a time, in arrival order, on the instance's serialized
 * context: the public methods only queue work and return. Every transition happens in
 * {@link #transition}.
 *
 * @param <S> the socket type
 */
public final class ReconnectingSocket<S> {

	private static final System.Logger LOGGER = System.getLogger(ReconnectingSocket.class.getName());

	private static final AtomicLong UNNAMED = new AtomicLong();

	/** No time: stands for a {@code null} instant. */
	private static final long NO_TIME = Long.MIN_VALUE;

	private final String name;

	private final SocketFactory<S> factory;

	private final Backoff backoff;

	private final Duration openTimeout;

	private final Duration stopTimeout;

	private final Clock clock;

	private final Scheduler scheduler;

	private final DoubleSupplier random;

	private final SerialExecutor context;

	private final List<StateListener> stateListeners = new CopyOnWriteArrayList<>();

	private final List<InfoListener> infoListeners = new CopyOnWriteArrayList<>();

	// Read by any thread; written only on the context, under this lock, which guards no
	// user code.
	private final Object view = new Object();

	private volatile SocketState state = SocketState.STOPPED;

	// Times are kept in epoch milliseconds, so that a transition allocates nothing.
	private long sinceMillis;

	private int attempt;

	private int consecutiveFailures;

	private Throwable lastError;

	private long lastErrorAtMillis = NO_TIME;

	private long nextAttemptAtMillis = NO_TIME;

	private long disconnectedSinceMillis = NO_TIME;

	private long attempts;

	private long opens;

	private long failedAttempts;

	private long disconnections;

	private long failures;

	private volatile S openSocket;

	// Confined to the context.
	private Attempt current;

	private long attemptIds;

	private boolean firstOpen;

	private int retry;

	private long previousDelayMillis;

	private boolean startAfterStop;

	private final List<CompletableFuture<Void>> stopWaiters = new ArrayList<>(1);

	// At most one timer is relevant in any state (backoff delay in CLOSED, open timeout
	// while
	// connecting, reset-after while OPENED, stop timeout in CLOSING), so one slot serves
	// them all.
	private Scheduler.Cancellable timer;

	private long timerGeneration;

	private ReconnectingSocket(Builder<S> builder) {
		this.name = builder.name;
		this.factory = builder.factory();
		this.backoff = builder.backoff;
		this.openTimeout = builder.openTimeout;
		this.stopTimeout = builder.stopTimeout;
		this.clock = builder.clock;
		this.scheduler = builder.scheduler;
		this.random = builder.random;
		this.context = new SerialExecutor(builder.executor, (thread, ex) -> LOGGER.log(System.Logger.Level.ERROR,
				"Unexpected failure in reconnecting socket '" + this.name + "'", ex));
		this.sinceMillis = this.clock.millis();
		this.stateListeners.addAll(builder.stateListeners);
		this.infoListeners.addAll(builder.infoListeners);
	}

	/**
	 * A builder for an instance whose behaviour is given as lambdas: {@code create} and
	 * {@code destroy} are required, the hooks optional.
	 * @param <S> the socket type
	 * @return the builder
	 */
	public static <S> Builder<S> builder() {
		return new Builder<>(null);
	}

	/**
	 * A builder for an instance driven by a {@link SocketFactory} class.
	 * @param <S> the socket type
	 * @param factory the factory
	 * @return the builder
	 */
	public static <S> Builder<S> builder(SocketFactory<S> factory) {
		return new Builder<>(Objects.requireNonNull(factory, "factory must not be null"));
	}

	// ---------------------------------------------------------------- public commands

	/**
	 * Starts connecting; from STOPPED or FAILED. During CLOSING the start runs once
	 * STOPPED.
	 */
	public void start() {
		this.context.execute(this::handleStart);
	}

	/**
	 * Stops: cancels any pending attempt and destroys the socket.
	 * @return completed once STOPPED: when the socket closed, or after the stop timeout,
	 * counted from the stop, even if {@code destroy()} is still blocked then
	 */
	public CompletionStage<Void> stop() {
		CompletableFuture<Void> stopped = new CompletableFuture<>();
		this.context.execute(() -> handleStop(stopped));
		return stopped;
	}

	/**
	 * Drops the open socket and opens a new one at once, with the backoff reset. In
	 * CLOSED it skips the rest of the delay. Ignored, with an info message, in any other
	 * state.
	 */
	public void reconnect() {
		this.context.execute(this::handleReconnect);
	}

	// ---------------------------------------------------------------- queries

	/**
	 * @return the instance's name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * @return the current state
	 */
	public SocketState state() {
		return this.state;
	}

	/**
	 * @return the open socket, or empty when not OPENED
	 */
	public Optional<S> socket() {
		return Optional.ofNullable(this.openSocket);
	}

	/**
	 * @return the backoff policy
	 */
	public Backoff backoff() {
		return this.backoff;
	}

	/**
	 * @return the open timeout, or empty when attempts never time out
	 */
	public Optional<Duration> openTimeout() {
		return Optional.ofNullable(this.openTimeout);
	}

	/**
	 * @return how long {@link #stop()} waits for the socket to close
	 */
	public Duration stopTimeout() {
		return this.stopTimeout;
	}

	/**
	 * @return a consistent, immutable view of the instance now
	 */
	public SocketSnapshot snapshot() {
		synchronized (this.view) {
			return new SocketSnapshot(this.name, this.state, Instant.ofEpochMilli(this.sinceMillis), this.attempt,
					this.consecutiveFailures, this.lastError, instant(this.lastErrorAtMillis),
					instant(this.nextAttemptAtMillis), instant(this.disconnectedSinceMillis),
					new SocketSnapshot.Counters(this.attempts, this.opens, this.failedAttempts, this.disconnections,
							this.failures));
		}
	}

	/**
	 * @param listener receives every later transition
	 * @return removes the listener
	 */
	public Registration addStateListener(StateListener listener) {
		Objects.requireNonNull(listener, "listener must not be null");
		this.stateListeners.add(listener);
		return () -> this.stateListeners.remove(listener);
	}

	/**
	 * @param listener receives every later info message
	 * @return removes the listener
	 */
	public Registration addInfoListener(InfoListener listener) {
		Objects.requireNonNull(listener, "listener must not be null");
		this.infoListeners.add(listener);
		return () -> this.infoListeners.remove(listener);
	}

	@Override
	public String toString() {
		return "ReconnectingSocket[" + this.name + ", " + this.state.seedName() + "]";
	}

	// ---------------------------------------------------------------- commands, on the
	// context

	private void handleStart() {
		switch (this.state) {
			case STOPPED, FAILED -> {
				this.firstOpen = true;
				resetBackoff();
				synchronized (this.view) {
					this.attempt = 0;
					this.lastError = null;
					this.lastErrorAtMillis = NO_TIME;
				}
				beginAttempt(SocketState.OPENING);
			}
			case CLOSING -> {
				this.startAfterStop = true;
				info("start() while closing: will start once stopped");
			}
			default -> info("start() ignored: already started (" + this.state.seedName() + ")");
		}
	}

	private void handleStop(CompletableFuture<Void> stopped) {
		switch (this.state) {
			case STOPPED -> {
				this.startAfterStop = false;
				stopped.complete(null);
			}
			case CLOSING -> {
				this.startAfterStop = false;
				this.stopWaiters.add(stopped);
			}
			default -> {
				this.stopWaiters.add(stopped);
				cancelTimer();
				// The socket is being torn down: no longer the open socket, even before
				// it has closed.
				this.openSocket = null;
				transition(SocketState.CLOSING);
				Attempt attempt = this.current;
				if (attempt == null) {
					finishStop();
					return;
				}
				// Armed before destroy(), so that the stop timeout bounds a destroy()
				// that blocks, too.
				schedule(this.stopTimeout.toMillis(), true);
				destroyWhileClosing(attempt);
			}
		}
	}

	/**
	 * Calls {@code destroy()} for {@code stop()}. Should it still block when the stop
	 * timeout falls due, the context runs on without it and the stop completes; its
	 * outcome is handled whenever it returns, as a stale attempt's.
	 */
	private void destroyWhileClosing(Attempt attempt) {
		S socket = claimDestruction(attempt);
		if (socket == null) {
			return;
		}
		Throwable[] failure = new Throwable[1];
		boolean attached = this.context.runDetachable(() -> failure[0] = callDestroy(socket));
		if (attached) {
			afterDestroyWhileClosing(attempt, failure[0]);
		}
		else {
			// Left behind by the stop timeout: this thread no longer runs the context.
			this.context.execute(() -> afterDestroyWhileClosing(attempt, failure[0]));
		}
	}

	private void afterDestroyWhileClosing(Attempt attempt, Throwable failure) {
		if (failure == null) {
			return;
		}
		info("destroy() threw for attempt " + attempt.id + ": " + failure);
		if (this.current == attempt && this.state == SocketState.CLOSING) {
			// No close() can be counted on, so the socket is done.
			cancelTimer();
			socketDone(attempt);
			finishStop();
		}
	}

	private void handleReconnect() {
		switch (this.state) {
			case OPENED -> {
				Attempt attempt = this.current;
				info("reconnect(): dropping the open socket of attempt " + attempt.id);
				cancelTimer();
				destroy(attempt);
				socketDone(attempt);
				resetBackoff();
				beginAttempt(SocketState.REOPENING);
			}
			case CLOSED -> {
				info("reconnect(): skipping the rest of the delay");
				cancelTimer();
				resetBackoff();
				beginAttempt(SocketState.REOPENING);
			}
			default -> info("reconnect() ignored in state " + this.state.seedName());
		}
	}

	// ---------------------------------------------------------------- signals, on the
	// context

	private void handleOpen(Attempt attempt) {
		if (attempt != this.current) {
			info("ignored stale open() from attempt " + attempt.id);
			if (attempt.socket != null && !attempt.destroyed) {
				info("destroying the socket of stale attempt " + attempt.id + " so it does not leak");
				destroy(attempt);
			}
			return;
		}
		if (!this.state.isConnecting()) {
			info("ignored open() from attempt " + attempt.id + " in state " + this.state.seedName());
			return;
		}
		cancelTimer();
		boolean wasFirstOpen = this.firstOpen;
		this.firstOpen = false;
		this.openSocket = attempt.socket;
		synchronized (this.view) {
			this.opens++;
		}
		if (this.backoff.resetAfter() == null) {
			resetBackoff();
		}
		else {
			schedule(this.backoff.resetAfter().toMillis());
		}
		transition(SocketState.OPENED);
		runHook("onOpen", () -> this.factory.onOpen(attempt.socket, wasFirstOpen));
	}

	private void handleError(Attempt attempt, Throwable error) {
		if (attempt != this.current) {
			info("ignored stale error() from attempt " + attempt.id + ": " + error);
			return;
		}
		recordError(error);
		info("error from attempt " + attempt.id + ": " + error);
	}

	private void handleClose(Attempt attempt) {
		if (attempt != this.current) {
			info("ignored stale close() from attempt " + attempt.id);
			return;
		}
		cancelTimer();
		socketDone(attempt);
		switch (this.state) {
			case OPENED -> {
				synchronized (this.view) {
					this.disconnections++;
				}
				scheduleNextAttempt();
			}
			case OPENING, REOPENING -> attemptFailed();
			case CLOSING -> finishStop();
			default -> throw new IllegalStateException("A current attempt in state " + this.state);
		}
	}

	private void handleTimer(long generation) {
		if (generation != this.timerGeneration) {
			return; // cancelled after it fell due
		}
		this.timer = null;
		switch (this.state) {
			case CLOSED -> beginAttempt(SocketState.REOPENING);
			case OPENING, REOPENING -> {
				Attempt attempt = this.current;
				recordError(new OpenTimeoutException(this.attempt, this.openTimeout.toMillis()));
				info("attempt " + attempt.id + " did not open within " + this.openTimeout.toMillis() + " ms");
				destroy(attempt);
				socketDone(attempt);
				attemptFailed();
			}
			case OPENED -> {
				info("connection stayed open for " + this.backoff.resetAfter().toMillis() + " ms: backoff reset");
				resetBackoff();
			}
			case CLOSING -> {
				info("socket did not close within the stop timeout of " + this.stopTimeout.toMillis()
						+ " ms: stopped without it");
				if (this.current != null) {
					socketDone(this.current);
				}
				finishStop();
			}
			default -> throw new IllegalStateException("A timer in state " + this.state);
		}
	}

	// ---------------------------------------------------------------- the machine's
	// steps

	private void beginAttempt(SocketState connecting) {
		Attempt attempt = new Attempt(++this.attemptIds);
		this.current = attempt;
		synchronized (this.view) {
			this.attempt++;
			this.attempts++;
			this.nextAttemptAtMillis = NO_TIME;
		}
		transition(connecting);
		if (this.openTimeout != null) {
			schedule(this.openTimeout.toMillis());
		}
		S socket;
		try {
			socket = this.factory.create(attempt, this.firstOpen);
			if (socket == null) {
				throw new IllegalStateException("SocketFactory.create() returned null");
			}
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
			recordError(ex);
			info("create() failed on attempt " + attempt.id + ": " + ex);
			cancelTimer();
			this.current = null;
			attemptFailed();
			return;
		}
		attempt.socket = socket;
	}

	private void attemptFailed() {
		Integer failAfter = this.backoff.failAfter();
		int failuresNow;
		synchronized (this.view) {
			this.failedAttempts++;
			failuresNow = ++this.consecutiveFailures;
		}
		if (failAfter != null && failuresNow >= failAfter) {
			synchronized (this.view) {
				this.failures++;
			}
			info("giving up after " + failuresNow + " consecutive failed attempts");
			transition(SocketState.FAILED);
			Throwable error = this.lastError;
			runHook("onFail", () -> this.factory.onFail(error));
		}
		else {
			scheduleNextAttempt();
		}
	}

	private void scheduleNextAttempt() {
		long delay = this.backoff.delayMillis(this.retry, this.previousDelayMillis, this.random);
		this.retry++;
		this.previousDelayMillis = delay;
		synchronized (this.view) {
			this.nextAttemptAtMillis = this.clock.millis() + delay;
		}
		transition(SocketState.CLOSED);
		if (!this.infoListeners.isEmpty()) {
			info("next attempt in " + delay + " ms");
		}
		schedule(delay);
	}

	private void finishStop() {
		this.current = null;
		this.openSocket = null;
		synchronized (this.view) {
			this.nextAttemptAtMillis = NO_TIME;
		}
		transition(SocketState.STOPPED);
		List<CompletableFuture<Void>> waiters = new ArrayList<>(this.stopWaiters);
		this.stopWaiters.clear();
		for (CompletableFuture<Void> waiter : waiters) {
			waiter.complete(null);
		}
		if (this.startAfterStop) {
			this.startAfterStop = false;
			handleStart();
		}
	}

	/** The one place where the state changes. */
	private void transition(SocketState to) {
		SocketState from = this.state;
		long now = this.clock.millis();
		int attemptNow;
		Throwable error;
		synchronized (this.view) {
			this.state = to;
			this.sinceMillis = now;
			if (to == SocketState.OPENED || to == SocketState.CLOSING || to == SocketState.STOPPED) {
				this.disconnectedSinceMillis = NO_TIME;
			}
			else if (this.disconnectedSinceMillis == NO_TIME) {
				// Started without a connection, or just lost it; retries and a restart
				// from FAILED go on
				// with the same outage.
				this.disconnectedSinceMillis = now;
			}
			attemptNow = this.attempt;
			error = this.lastError;
		}
		if (this.stateListeners.isEmpty()) {
			return;
		}
		StateChange change = new StateChange(this.name, from, to, attemptNow, error, Instant.ofEpochMilli(now));
		for (StateListener listener : this.stateListeners) {
			try {
				listener.onStateChange(change);
			}
			catch (Throwable ex) {
				rethrowIfFatal(ex);
				info("state listener " + listener + " threw: " + ex);
			}
		}
	}

	/**
	 * Runs {@code onClose} for a socket the machine is finished with: once per created
	 * socket.
	 */
	private void socketDone(Attempt attempt) {
		if (this.current == attempt) {
			this.current = null;
		}
		this.openSocket = null;
		if (attempt.socket != null && !attempt.closed) {
			attempt.closed = true;
			runHook("onClose", () -> this.factory.onClose(attempt.socket));
		}
	}

	/**
	 * Destroys the socket once; a {@code destroy()} that throws is reported, and the
	 * socket given up.
	 */
	private void destroy(Attempt attempt) {
		S socket = claimDestruction(attempt);
		Throwable failure = (socket != null) ? callDestroy(socket) : null;
		if (failure != null) {
			info("destroy() threw for attempt " + attempt.id + ": " + failure);
		}
	}

	/**
	 * @return the socket to destroy, now marked destroyed; null when there is none or it
	 * was already
	 */
	private S claimDestruction(Attempt attempt) {
		if (attempt.destroyed || attempt.socket == null) {
			return null;
		}
		attempt.destroyed = true;
		return attempt.socket;
	}

	/**
	 * @return what {@code destroy()} threw, or null
	 */
	private Throwable callDestroy(S socket) {
		try {
			this.factory.destroy(socket);
			return null;
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
			return ex;
		}
	}

	private void resetBackoff() {
		this.retry = 0;
		this.previousDelayMillis = 0;
		synchronized (this.view) {
			this.consecutiveFailures = 0;
		}
	}

	private void recordError(Throwable error) {
		long now = this.clock.millis();
		synchronized (this.view) {
			this.lastError = error;
			this.lastErrorAtMillis = now;
		}
	}

	private static Instant instant(long epochMillis) {
		return (epochMillis != NO_TIME) ? Instant.ofEpochMilli(epochMillis) : null;
	}

	private void schedule(long delayMillis) {
		schedule(delayMillis, false);
	}

	/**
	 * @param detaching whether the timer may leave behind a {@code destroy()} that blocks
	 * the context
	 */
	private void schedule(long delayMillis, boolean detaching) {
		cancelTimer();
		this.timer = this.scheduler.schedule(new Timer(this.timerGeneration, detaching), delayMillis);
	}

	private void cancelTimer() {
		this.timerGeneration++;
		if (this.timer != null) {
			this.timer.cancel();
			this.timer = null;
		}
	}

	private void runHook(String hook, Runnable call) {
		try {
			call.run();
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
			recordError(ex);
			info(hook + "() threw: " + ex);
		}
	}

	private void info(String message) {
		for (InfoListener listener : this.infoListeners) {
			try {
				listener.onInfo(this.name, message);
			}
			catch (Throwable ex) {
				rethrowIfFatal(ex);
				LOGGER.log(System.Logger.Level.WARNING, "Info listener of '" + this.name + "' threw", ex);
			}
		}
	}

	private static void rethrowIfFatal(Throwable ex) {
		if (ex instanceof VirtualMachineError error) {
			throw error;
		}
	}

	// ---------------------------------------------------------------- attempts

	/**
	 * One attempt: its handle, and what the machine knows of its socket. Fields confined
	 * to the context.
	 */
	private final class Attempt implements SocketHandle {

		final long id;

		S socket;

		boolean destroyed;

		boolean closed;

		Attempt(long id) {
			this.id = id;
		}

		@Override
		public void open() {
			ReconnectingSocket.this.context.execute(() -> handleOpen(this));
		}

		@Override
		public void error(Throwable error) {
			Throwable reported = (error != null) ? error : new IllegalStateException("error() without a cause");
			ReconnectingSocket.this.context.execute(() -> handleError(this, reported));
		}

		@Override
		public void close() {
			ReconnectingSocket.this.context.execute(() -> handleClose(this));
		}

		@Override
		public long attemptId() {
			return this.id;
		}

		@Override
		public String toString() {
			return "SocketHandle[" + ReconnectingSocket.this.name + ", attempt " + this.id + "]";
		}

	}

	/**
	 * A timer of one generation. The scheduler runs it once, and it only queues itself on
	 * the context; run there, it fires. One object per timer rather than two lambdas, as
	 * it is scheduled on every disconnection.
	 */
	private final class Timer implements Runnable {

		private final long generation;

		// Whether it may leave behind a destroy() that blocks the context (the stop
		// timeout).
		private final boolean detaching;

		// Written before the task is queued on the context, read after: ordered by the
		// context's queue.
		private boolean queued;

		Timer(long generation, boolean detaching) {
			this.generation = generation;
			this.detaching = detaching;
		}

		@Override
		public void run() {
			if (this.queued && ReconnectingSocket.this.context.inContext()) {
				handleTimer(this.generation);
			}
			else {
				this.queued = true;
				if (this.detaching) {
					ReconnectingSocket.this.context.executeDetaching(this);
				}
				else {
					ReconnectingSocket.this.context.execute(this);
				}
			}
		}

	}

	// ---------------------------------------------------------------- builder

	/**
	 * Builds a {@link ReconnectingSocket}. Every option has a default but the behaviour:
	 * a {@link SocketFactory}, or {@code create} and {@code destroy} lambdas.
	 *
	 * @param <S> the socket type
	 */
	public static final class Builder<S> {

		private final SocketFactory<S> givenFactory;

		private SocketFactory.Create<S> create;

		private SocketFactory.Destroy<S> destroy;

		private SocketFactory.OnOpen<S> onOpen = (socket, firstOpen) -> {
		};

		private Consumer<S> onClose = (socket) -> {
		};

		private Consumer<Throwable> onFail = (error) -> {
		};

		private boolean hooksGiven;

		private String name = "reconnecting-socket-" + UNNAMED.incrementAndGet();

		private Backoff backoff = Backoff.DEFAULTS;

		private Duration openTimeout = Duration.ofSeconds(30);

		private Duration stopTimeout = Duration.ofSeconds(10);

		private Clock clock = Clock.systemUTC();

		private Scheduler scheduler;

		private Executor executor;

		private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

		private final List<StateListener> stateListeners = new ArrayList<>();

		private final List<InfoListener> infoListeners = new ArrayList<>();

		private Builder(SocketFactory<S> factory) {
			this.givenFactory = factory;
		}

		/**
		 * @param name the instance's name, used in events, messages and meters
		 * @return this builder
		 */
		public Builder<S> name(String name) {
			if (name == null || name.isBlank()) {
				throw new InvalidOptionException("name", name, "a non-blank string");
			}
			this.name = name;
			return this;
		}

		/**
		 * @param create starts opening a socket; see {@link SocketFactory#create}
		 * @return this builder
		 */
		public Builder<S> create(SocketFactory.Create<S> create) {
			this.create = Objects.requireNonNull(create, "create must not be null");
			return this;
		}

		/**
		 * @param destroy tears a socket down; see {@link SocketFactory#destroy}
		 * @return this builder
		 */
		public Builder<S> destroy(SocketFactory.Destroy<S> destroy) {
			this.destroy = Objects.requireNonNull(destroy, "destroy must not be null");
			return this;
		}

		/**
		 * @param onOpen see {@link SocketFactory#onOpen}
		 * @return this builder
		 */
		public Builder<S> onOpen(SocketFactory.OnOpen<S> onOpen) {
			this.onOpen = Objects.requireNonNull(onOpen, "onOpen must not be null");
			this.hooksGiven = true;
			return this;
		}

		/**
		 * @param onClose see {@link SocketFactory#onClose}
		 * @return this builder
		 */
		public Builder<S> onClose(Consumer<S> onClose) {
			this.onClose = Objects.requireNonNull(onClose, "onClose must not be null");
			this.hooksGiven = true;
			return this;
		}

		/**
		 * @param onFail see {@link SocketFactory#onFail}
		 * @return this builder
		 */
		public Builder<S> onFail(Consumer<Throwable> onFail) {
			this.onFail = Objects.requireNonNull(onFail, "onFail must not be null");
			this.hooksGiven = true;
			return this;
		}

		/**
		 * @param backoff the backoff policy (default {@link Backoff#DEFAULTS}, the
		 * seed's)
		 * @return this builder
		 */
		public Builder<S> backoff(Backoff backoff) {
			this.backoff = Objects.requireNonNull(backoff, "backoff must not be null");
			return this;
		}

		/**
		 * @param openTimeout how long an attempt may take to open before it is destroyed
		 * and counted as failed (default 30 s); {@code null} for no limit
		 * @return this builder
		 */
		public Builder<S> openTimeout(Duration openTimeout) {
			if (openTimeout != null && (openTimeout.isNegative() || openTimeout.isZero())) {
				throw new InvalidOptionException("openTimeout", openTimeout.toMillis() + " ms",
						"a positive duration, or null for no limit");
			}
			this.openTimeout = openTimeout;
			return this;
		}

		/**
		 * @param stopTimeout how long {@code stop()} waits for {@code destroy()} to
		 * return and the socket to close (default 10 s); 0 waits for neither
		 * @return this builder
		 */
		public Builder<S> stopTimeout(Duration stopTimeout) {
			if (stopTimeout == null || stopTimeout.isNegative()) {
				throw new InvalidOptionException("stopTimeout",
						(stopTimeout != null) ? stopTimeout.toMillis() + " ms" : null, "a duration of 0 or more");
			}
			this.stopTimeout = stopTimeout;
			return this;
		}

		/**
		 * @param clock the time of events and snapshots (default UTC system clock)
		 * @return this builder
		 */
		public Builder<S> clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/**
		 * @param scheduler runs delays and timeouts (default: one daemon timer thread
		 * shared by all instances)
		 * @return this builder
		 */
		public Builder<S> scheduler(Scheduler scheduler) {
			this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
			return this;
		}

		/**
		 * Uses a virtual clock for both time and delays: the usual set-up of a test.
		 * @param virtualClock the virtual clock
		 * @return this builder
		 */
		public Builder<S> virtualClock(VirtualClock virtualClock) {
			return clock(virtualClock.clock()).scheduler(virtualClock);
		}

		/**
		 * @param executor runs the instance's serialized work (default: a small pool of
		 * daemon threads shared by all instances); {@code Runnable::run} runs it on the
		 * calling thread, and a virtual-thread executor works too
		 * @return this builder
		 */
		public Builder<S> executor(Executor executor) {
			this.executor = Objects.requireNonNull(executor, "executor must not be null");
			return this;
		}

		/**
		 * @param random uniform numbers in [0, 1) for jitter (default
		 * {@link ThreadLocalRandom})
		 * @return this builder
		 */
		public Builder<S> random(DoubleSupplier random) {
			this.random = Objects.requireNonNull(random, "random must not be null");
			return this;
		}

		/**
		 * @param listener receives every transition from the first one on
		 * @return this builder
		 */
		public Builder<S> stateListener(StateListener listener) {
			this.stateListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
			return this;
		}

		/**
		 * @param listener receives every info message from the first one on
		 * @return this builder
		 */
		public Builder<S> infoListener(InfoListener listener) {
			this.infoListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
			return this;
		}

		/**
		 * @return the instance, STOPPED
		 * @throws IllegalStateException when the behaviour is missing or given twice
		 */
		public ReconnectingSocket<S> build() {
			if (this.scheduler == null) {
				this.scheduler = SharedThreads.scheduler();
			}
			if (this.executor == null) {
				this.executor = SharedThreads.executor();
			}
			return new ReconnectingSocket<>(this);
		}

		private SocketFactory<S> factory() {
			if (this.givenFactory != null) {
				if (this.create != null || this.destroy != null || this.hooksGiven) {
					throw new IllegalStateException(
							"Give either a SocketFactory or create/destroy/hook lambdas, not both");
				}
				return this.givenFactory;
			}
			if (this.create == null || this.destroy == null) {
				throw new IllegalStateException("create and destroy are required: call builder.create(...) and "
						+ "builder.destroy(...), or pass a SocketFactory to ReconnectingSocket.builder(factory)");
			}
			return new LambdaSocketFactory<>(this.create, this.destroy, this.onOpen, this.onClose, this.onFail);
		}

	}

	private record LambdaSocketFactory<S>(SocketFactory.Create<S> create, SocketFactory.Destroy<S> destroy,
			SocketFactory.OnOpen<S> open, Consumer<S> close, Consumer<Throwable> fail) implements SocketFactory<S> {

		@Override
		public S create(SocketHandle handle, boolean firstOpen) throws Exception {
			return this.create.create(handle, firstOpen);
		}

		@Override
		public void destroy(S socket) throws Exception {
			this.destroy.destroy(socket);
		}

		@Override
		public void onOpen(S socket, boolean firstOpen) {
			this.open.onOpen(socket, firstOpen);
		}

		@Override
		public void onClose(S socket) {
			this.close.accept(socket);
		}

		@Override
		public void onFail(Throwable lastError) {
			this.fail.accept(lastError);
		}

	}

}
