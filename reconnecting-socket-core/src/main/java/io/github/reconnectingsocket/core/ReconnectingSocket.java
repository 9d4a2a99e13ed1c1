package io.github.reconnectingsocket.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.github.reconnectingsocket.backoff.Backoff;
import org.jspecify.annotations.Nullable;

/**
 * A managed, reconnecting socket: the state machine of the npm
 * {@code reconnecting-socket}, made safe for many threads and for user code that blocks.
 *
 * <p>
 * Commands ({@link #start()}, {@link #stop()}, {@link #reconnect()}) and the sockets'
 * signals are handled one at a time, in arrival order, by the instance's {@code Machine},
 * which never runs user code; the factory, hooks and listeners run afterwards on the
 * instance's executor. Every command returns at once with a stage that says when it has
 * been handled.
 *
 * @param <S> the socket type
 */
public final class ReconnectingSocket<S> {

	private final Options<S> options;

	private final Machine<S> machine;

	ReconnectingSocket(Options<S> options) {
		this.options = options;
		this.machine = new Machine<>(options);
	}

	/**
	 * A builder for an instance whose behaviour is given as lambdas, with the socket type
	 * named so that the lambdas need no type witness:
	 * {@code ReconnectingSocket.builder(WebSocket.class)}.
	 * @param socketType the socket type
	 * @param <S> the socket type
	 * @return the builder
	 */
	public static <S> ReconnectingSocketBuilder<S> builder(Class<S> socketType) {
		Objects.requireNonNull(socketType, "socketType must not be null");
		return new ReconnectingSocketBuilder<>(null);
	}

	/**
	 * A builder for an instance whose behaviour is given as lambdas; needs a type witness
	 * ({@code ReconnectingSocket.<WebSocket>builder()}) unless assigned to a typed
	 * variable: see {@link #builder(Class)}.
	 * @param <S> the socket type
	 * @return the builder
	 */
	public static <S> ReconnectingSocketBuilder<S> builder() {
		return new ReconnectingSocketBuilder<>(null);
	}

	/**
	 * A builder for an instance driven by a {@link SocketFactory} or
	 * {@link AsyncSocketFactory} class.
	 * @param factory the factory
	 * @param <S> the socket type
	 * @return the builder
	 */
	public static <S> ReconnectingSocketBuilder<S> builder(SocketFactory<S> factory) {
		return new ReconnectingSocketBuilder<>(Objects.requireNonNull(factory, "factory must not be null"));
	}

	// ---------------------------------------------------------------- commands

	/**
	 * Starts connecting, from STOPPED or FAILED; during CLOSING, once STOPPED. Ignored
	 * otherwise.
	 * @return completed once the command has been handled (the listeners have heard of
	 * its transition), with the snapshot just after it
	 */
	public CompletionStage<SocketSnapshot> start() {
		CompletableFuture<SocketSnapshot> handled = new CompletableFuture<>();
		this.machine.command(() -> this.machine.start(handled));
		return handled;
	}

	/**
	 * Stops: gives up any attempt in progress and destroys the socket. Safe to call from
	 * a listener or hook, and to wait on there: the callbacks it needs do not queue
	 * behind the caller.
	 * @return completed once STOPPED, with {@link StopOutcome#CLOSED} when the socket
	 * closed and {@link StopOutcome#TIMED_OUT} when the stop timeout gave up on it
	 */
	public CompletionStage<StopOutcome> stop() {
		CompletableFuture<StopOutcome> stopped = new CompletableFuture<>();
		this.machine.command(() -> this.machine.stop(stopped));
		return stopped;
	}

	/**
	 * Drops the open socket and opens a new one at once, with the backoff reset; in
	 * CLOSED, skips the rest of the delay. Ignored, with an info message, in any other
	 * state.
	 * @return completed once the command has been handled, with the snapshot just after
	 * it
	 */
	public CompletionStage<SocketSnapshot> reconnect() {
		CompletableFuture<SocketSnapshot> handled = new CompletableFuture<>();
		this.machine.command(() -> this.machine.reconnect(handled));
		return handled;
	}

	/**
	 * Waits for a connection, for callers who must not send while disconnected. Add a
	 * timeout of your own ({@code orTimeout}) to bound the wait.
	 * @return completed with the open socket at once when OPENED, else at the next
	 * OPENED; failed with a {@link SocketNotOpenException} when the instance is stopped
	 * or gives up first, or is FAILED
	 */
	public CompletionStage<S> whenOpen() {
		CompletableFuture<S> opened = new CompletableFuture<>();
		this.machine.command(() -> this.machine.whenOpen(opened));
		return opened;
	}

	// ---------------------------------------------------------------- queries

	/**
	 * @return the instance's name
	 */
	public String name() {
		return this.options.name();
	}

	/**
	 * @return the current state
	 */
	public SocketState state() {
		return this.machine.state();
	}

	/**
	 * @return the open socket, or empty when not OPENED (and from the moment
	 * {@code stop()} begins)
	 */
	public Optional<S> socket() {
		return Optional.ofNullable(this.machine.openSocket());
	}

	/**
	 * @return the state and the open socket, read together
	 */
	public StateAndSocket<S> stateAndSocket() {
		synchronized (this.machine.statistics()) {
			return new StateAndSocket<>(this.machine.state(), this.machine.openSocket());
		}
	}

	/**
	 * @return a consistent, immutable view of the instance now
	 */
	public SocketSnapshot snapshot() {
		return this.machine.statistics().snapshot();
	}

	/**
	 * @return the backoff policy
	 */
	public Backoff backoff() {
		return this.options.backoff();
	}

	/**
	 * @return the open timeout, or empty when attempts never time out
	 */
	public Optional<Duration> openTimeout() {
		return Optional.ofNullable(Timeouts.duration(this.options.openTimeoutMillis()));
	}

	/**
	 * @return how long {@link #stop()} waits for the socket to close, or empty when it
	 * waits for good
	 */
	public Optional<Duration> stopTimeout() {
		return Optional.ofNullable(Timeouts.duration(this.options.stopTimeoutMillis()));
	}

	/**
	 * @return the liveness timeout, or empty when silence never drops a socket
	 */
	public Optional<Duration> livenessTimeout() {
		return Optional.ofNullable(Timeouts.duration(this.options.livenessTimeoutMillis()));
	}

	/**
	 * @return the pacer whose permit each attempt waits for, or empty when attempts are
	 * not paced
	 */
	public Optional<ConnectionPacer> pacer() {
		return Optional.ofNullable(this.options.pacer());
	}

	/**
	 * @return the clock of the instance's events and snapshots: what "now" means for it
	 */
	public Clock clock() {
		return this.options.clock();
	}

	/**
	 * @param listener receives every later transition
	 * @return removes the listener
	 */
	public Registration addStateListener(StateListener listener) {
		Objects.requireNonNull(listener, "listener must not be null");
		this.machine.callbacks().stateListeners().add(listener);
		return () -> this.machine.callbacks().stateListeners().remove(listener);
	}

	/**
	 * @param listener receives every later info message
	 * @return removes the listener
	 */
	public Registration addInfoListener(InfoListener listener) {
		Objects.requireNonNull(listener, "listener must not be null");
		this.machine.callbacks().infoListeners().add(listener);
		return () -> this.machine.callbacks().infoListeners().remove(listener);
	}

	@Override
	public String toString() {
		return "ReconnectingSocket[" + name() + ", " + state().seedName() + "]";
	}

}
