package io.github.reconnectingsocket.core;

import org.jspecify.annotations.Nullable;

/**
 * What the user writes: how to make a socket, how to kill one, and what to do with it
 * once open. The library decides when. Implement it as a class, or pass lambdas to
 * {@link ReconnectingSocket#builder(Class)}. For a client whose connection arrives as a
 * future (the JDK's {@code HttpClient} WebSocket, Jetty, Netty), implement
 * {@link AsyncSocketFactory}.
 *
 * <p>
 * Threads: every method runs on the instance's executor (by default virtual threads on
 * Java 21 and later, else a pool that grows rather than queue behind a blocked call),
 * never on the thread that runs the state machine, so a method that blocks holds up
 * neither the machine nor any other instance. The hooks ({@link #onOpen},
 * {@link #onClose}, {@link #onFail}) and the listeners run one at a time, in order;
 * {@link #create} and {@link #destroy} are started in that order but not waited for, so
 * they may run beside a hook. A signal raised through the handle from inside any of them
 * is handled as soon as it arrives.
 *
 * @param <S> the socket type: anything that connects and can be torn down
 */
public interface SocketFactory<S> {

	/**
	 * Starts opening a socket and wires its events to the handle:
	 * {@link SocketHandle#open()} once it is usable,
	 * {@link SocketHandle#error(Throwable)} for errors, {@link SocketHandle#close()} once
	 * it is closed for good. Should return quickly (start a non-blocking connect); one
	 * that blocks is bounded by the open timeout all the same, and its socket, should it
	 * come after the attempt was given up, is destroyed. Signals raised before it returns
	 * are applied once it has.
	 * @param handle this attempt's handle; signals through an earlier attempt's handle
	 * are ignored
	 * @param firstOpen whether no connection has opened yet since {@code start()}
	 * @return the socket, never {@code null}
	 * @throws Exception to fail this attempt; the exception becomes the last error
	 */
	S create(SocketHandle handle, boolean firstOpen) throws Exception;

	/**
	 * Tears the socket down. Called at most once per socket, on a thread of its own: it
	 * may block without holding up anything else. For this interface, {@code stop()} then
	 * waits, up to its stop timeout, for the socket's {@link SocketHandle#close()};
	 * {@code reconnect()} and the timeouts do not wait. (An {@link AsyncSocketFactory}
	 * socket counts as closed once this returns.)
	 * @param socket a socket {@link #create} returned
	 * @throws Exception reported as info; the socket is then treated as closed
	 */
	void destroy(S socket) throws Exception;

	/**
	 * The socket is open and ready: interact with it here.
	 * @param socket the open socket
	 * @param firstOpen whether this is the first connection since {@code start()}
	 */
	default void onOpen(S socket, boolean firstOpen) {
	}

	/**
	 * The socket is done: remove listeners, stop intervals. Runs exactly once for every
	 * socket the factory made, whether it ever opened or not, before the transition that
	 * follows is published.
	 * @param socket the closed socket
	 */
	default void onClose(S socket) {
	}

	/**
	 * The machine gave up (after {@code failAfter} consecutive failed attempts, or by the
	 * {@link RetryPolicy}) and is now FAILED.
	 * @param lastError the last error reported, or {@code null} when none was
	 */
	default void onFail(@Nullable Throwable lastError) {
	}

	/**
	 * Lambda form of {@link SocketFactory#create}.
	 *
	 * @param <S> the socket type
	 */
	@FunctionalInterface
	interface Create<S> {

		/**
		 * @param handle the attempt's handle
		 * @param firstOpen whether no connection has opened yet since {@code start()}
		 * @return the socket
		 * @throws Exception to fail the attempt
		 */
		S create(SocketHandle handle, boolean firstOpen) throws Exception;

	}

	/**
	 * Lambda form of {@link SocketFactory#destroy}.
	 *
	 * @param <S> the socket type
	 */
	@FunctionalInterface
	interface Destroy<S> {

		/**
		 * @param socket the socket to tear down
		 * @throws Exception reported as info
		 */
		void destroy(S socket) throws Exception;

	}

	/**
	 * Lambda form of {@link SocketFactory#onOpen}.
	 *
	 * @param <S> the socket type
	 */
	@FunctionalInterface
	interface OnOpen<S> {

		/**
		 * @param socket the open socket
		 * @param firstOpen whether this is the first connection since {@code start()}
		 */
		void onOpen(S socket, boolean firstOpen);

	}

}
