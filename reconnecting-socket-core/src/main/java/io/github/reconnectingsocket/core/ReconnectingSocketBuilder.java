package io.github.reconnectingsocket.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import io.github.reconnectingsocket.backoff.Backoff;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link ReconnectingSocket}. Every option has a default but the behaviour: a
 * {@link SocketFactory}, or lambdas: {@code create} (or {@code connect}) and
 * {@code destroy}. Each option is checked as it is set, and {@link #build()} checks that
 * they fit together, naming the option, the value and what is allowed.
 *
 * @param <S> the socket type
 */
public final class ReconnectingSocketBuilder<S> {

	/** Default {@link #openTimeout(Duration)}. */
	public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(30);

	/** Default {@link #stopTimeout(Duration)}. */
	public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

	/** Default {@link #slowCallThreshold(Duration)}. */
	public static final Duration DEFAULT_SLOW_CALL_THRESHOLD = Duration.ofSeconds(10);

	private static final AtomicLong UNNAMED = new AtomicLong();

	private final @Nullable SocketFactory<S> givenFactory;

	private SocketFactory.@Nullable Create<S> create;

	private AsyncSocketFactory.@Nullable Connect<S> connect;

	private SocketFactory.@Nullable Destroy<S> destroy;

	private SocketFactory.OnOpen<S> onOpen = (socket, firstOpen) -> {
	};

	private Consumer<S> onClose = (socket) -> {
	};

	private Consumer<@Nullable Throwable> onFail = (error) -> {
	};

	private boolean hooksGiven;

	private @Nullable String name;

	private Backoff backoff = Backoff.DEFAULTS;

	private long openTimeoutMillis = DEFAULT_OPEN_TIMEOUT.toMillis();

	private long stopTimeoutMillis = DEFAULT_STOP_TIMEOUT.toMillis();

	private long livenessTimeoutMillis = Timeouts.NONE;

	private long slowCallMillis = DEFAULT_SLOW_CALL_THRESHOLD.toMillis();

	private RetryPolicy retryPolicy = RetryPolicy.BACKOFF;

	private Clock clock = Clock.systemUTC();

	private @Nullable Scheduler scheduler;

	private @Nullable Executor executor;

	private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

	private @Nullable ConnectionPacer pacer;

	private final List<StateListener> stateListeners = new ArrayList<>();

	private final List<InfoListener> infoListeners = new ArrayList<>();

	ReconnectingSocketBuilder(@Nullable SocketFactory<S> factory) {
		this.givenFactory = factory;
	}

	/**
	 * @param name the instance's name, used in events, messages and meters
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> name(String name) {
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
	public ReconnectingSocketBuilder<S> create(SocketFactory.Create<S> create) {
		this.create = Objects.requireNonNull(create, "create must not be null");
		return this;
	}

	/**
	 * @param connect starts connecting, the socket to come as a stage; see
	 * {@link AsyncSocketFactory#connect}
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> connect(AsyncSocketFactory.Connect<S> connect) {
		this.connect = Objects.requireNonNull(connect, "connect must not be null");
		return this;
	}

	/**
	 * @param destroy tears a socket down; see {@link SocketFactory#destroy}
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> destroy(SocketFactory.Destroy<S> destroy) {
		this.destroy = Objects.requireNonNull(destroy, "destroy must not be null");
		return this;
	}

	/**
	 * @param onOpen see {@link SocketFactory#onOpen}
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> onOpen(SocketFactory.OnOpen<S> onOpen) {
		this.onOpen = Objects.requireNonNull(onOpen, "onOpen must not be null");
		this.hooksGiven = true;
		return this;
	}

	/**
	 * @param onClose see {@link SocketFactory#onClose}
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> onClose(Consumer<S> onClose) {
		this.onClose = Objects.requireNonNull(onClose, "onClose must not be null");
		this.hooksGiven = true;
		return this;
	}

	/**
	 * @param onFail see {@link SocketFactory#onFail}
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> onFail(Consumer<@Nullable Throwable> onFail) {
		this.onFail = Objects.requireNonNull(onFail, "onFail must not be null");
		this.hooksGiven = true;
		return this;
	}

	/**
	 * @param backoff the backoff policy (default {@link Backoff#DEFAULTS}, the npm
	 * original's)
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> backoff(Backoff backoff) {
		this.backoff = Objects.requireNonNull(backoff, "backoff must not be null");
		return this;
	}

	/**
	 * @param openTimeout how long an attempt may take to open, whatever {@code create()}
	 * or the connect does, before it is given up and counted as failed (default 30 s);
	 * {@code null}, or a duration too long to matter, for no limit
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> openTimeout(@Nullable Duration openTimeout) {
		this.openTimeoutMillis = Timeouts.positiveOrNone("openTimeout", openTimeout);
		return this;
	}

	/**
	 * @param stopTimeout how long {@code stop()} waits for the socket to close (default
	 * 10 s); 0 waits for nothing; a duration too long to matter waits for good
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> stopTimeout(Duration stopTimeout) {
		this.stopTimeoutMillis = Timeouts.delayMillis("stopTimeout", stopTimeout);
		return this;
	}

	/**
	 * @param livenessTimeout how long an open socket may go without
	 * {@link SocketHandle#alive()} before it is dropped and reopened; {@code null}
	 * (default) never drops one for silence
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> livenessTimeout(@Nullable Duration livenessTimeout) {
		this.livenessTimeoutMillis = Timeouts.positiveOrNone("livenessTimeout", livenessTimeout);
		return this;
	}

	/**
	 * @param slowCallThreshold how long a user call may hold its thread before one WARN
	 * names the instance and the call, and later callbacks go on without it (default 10
	 * s); {@code null} to watch nothing
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> slowCallThreshold(@Nullable Duration slowCallThreshold) {
		this.slowCallMillis = Timeouts.positiveOrNone("slowCallThreshold", slowCallThreshold);
		return this;
	}

	/**
	 * @param retryPolicy what follows a failed attempt, per error (default
	 * {@link RetryPolicy#BACKOFF})
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> retryPolicy(RetryPolicy retryPolicy) {
		this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
		return this;
	}

	/**
	 * @param clock the time of events, snapshots and liveness (default UTC system clock)
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> clock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		return this;
	}

	/**
	 * @param scheduler runs delays and timeouts (default: one daemon timer thread shared
	 * by all instances); its tasks must not block
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> scheduler(Scheduler scheduler) {
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
		return this;
	}

	/**
	 * Uses a virtual clock for both time and delays: the usual set-up of a test.
	 * @param virtualClock the virtual clock
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> virtualClock(VirtualClock virtualClock) {
		return clock(virtualClock.clock()).scheduler(virtualClock);
	}

	/**
	 * @param executor runs user code: the factory, hooks, listeners and the stages'
	 * completions. The default is a virtual thread per task on Java 21 and later, else a
	 * daemon pool that grows rather than queue behind a blocked call. An executor that
	 * can run out of threads lets blocked user code hold up other instances;
	 * {@code Runnable::run} runs everything on the caller, for tests
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> executor(Executor executor) {
		this.executor = Objects.requireNonNull(executor, "executor must not be null");
		return this;
	}

	/**
	 * @param random uniform numbers in [0, 1) for jitter (default
	 * {@link ThreadLocalRandom})
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> random(DoubleSupplier random) {
		this.random = Objects.requireNonNull(random, "random must not be null");
		return this;
	}

	/**
	 * @param listener receives every transition from the first one on
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> stateListener(StateListener listener) {
		this.stateListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
		return this;
	}

	/**
	 * @param listener receives every info message from the first one on
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> infoListener(InfoListener listener) {
		this.infoListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
		return this;
	}

	/**
	 * Paces this instance's connection attempts with every other instance given the same
	 * pacer: an attempt begins only with a permit (at most so many in flight, so many per
	 * second). Off by default, as in the npm original.
	 * @param pacer the pacer, for example {@link ConnectionPacer#named} for a JVM-wide
	 * group; null for none
	 * @return this builder
	 */
	public ReconnectingSocketBuilder<S> pacer(@Nullable ConnectionPacer pacer) {
		this.pacer = pacer;
		return this;
	}

	/**
	 * @return the instance, STOPPED
	 * @throws IllegalStateException when the behaviour is missing or given twice
	 */
	public ReconnectingSocket<S> build() {
		String name = (this.name != null) ? this.name : "reconnecting-socket-" + UNNAMED.incrementAndGet();
		Scheduler scheduler = (this.scheduler != null) ? this.scheduler : SharedThreads.scheduler();
		Executor executor = (this.executor != null) ? this.executor : SharedThreads.userExecutor();
		return new ReconnectingSocket<>(new Options<>(name, factory(), this.backoff, this.openTimeoutMillis,
				this.stopTimeoutMillis, this.livenessTimeoutMillis, this.slowCallMillis, this.retryPolicy, this.clock,
				scheduler, executor, this.random, List.copyOf(this.stateListeners), List.copyOf(this.infoListeners),
				this.pacer));
	}

	private SocketFactory<S> factory() {
		if (this.givenFactory != null) {
			if (this.create != null || this.connect != null || this.destroy != null || this.hooksGiven) {
				throw new IllegalStateException(
						"Give either a SocketFactory or create/connect/destroy/hook lambdas, " + "not both");
			}
			return this.givenFactory;
		}
		if (this.create != null && this.connect != null) {
			throw new IllegalStateException("Give create(...) (the socket first, then handle.open()) or connect(...) "
					+ "(the socket as a stage once connected), not both");
		}
		if ((this.create == null && this.connect == null) || this.destroy == null) {
			throw new IllegalStateException("create (or connect) and destroy are required: call builder.create(...) "
					+ "or builder.connect(...), and builder.destroy(...); or pass a SocketFactory to "
					+ "ReconnectingSocket.builder(factory)");
		}
		return (this.connect != null)
				? new LambdaSocketFactory.Async<>(this.connect, this.destroy, this.onOpen, this.onClose, this.onFail)
				: new LambdaSocketFactory<>(this.create, this.destroy, this.onOpen, this.onClose, this.onFail);
	}

}
