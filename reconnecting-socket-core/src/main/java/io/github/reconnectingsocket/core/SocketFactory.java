package io.github.reconnectingsocket.core;

/**
 * What the user writes: how to make a socket, how to kill one, and what to do with it
 * once open. The library decides when. Implement it as a class, or pass lambdas to
 * {@link ReconnectingSocket#builder()}.
 *
 * <p>
 * Every method runs on the instance's serialized context, one at a time (but see
 * {@link #destroy} for one that blocks past the stop timeout); a signal raised through
 * the handle from inside any of them is queued and handled after the method returns.
 *
 * @param <S> the socket type: anything that connects and can be torn down
 */
public interface SocketFactory<S> {

	/**
	 * Starts opening a socket and wires its events to the handle:
	 * {@link SocketHandle#open()} once it is usable,
	 * {@link SocketHandle#error(Throwable)} for errors, {@link SocketHandle#close()} once
	 * it is closed for good. Should return quickly: start a non-blocking connect. It may
	 * call the handle before it returns.
	 * @param handle this attempt's handle; signals through an earlier attempt's handle
	 * are ignored
	 * @param firstOpen whether no connection has opened yet since {@code start()}
	 * @return the socket, never {@code null}
	 * @throws Exception to fail this attempt; the exception becomes the last error
	 */
	S create(SocketHandle handle, boolean firstOpen) throws Exception;

	/**
	 * Tears the socket down. It must eventually lead to {@link SocketHandle#close()}.
	 * Called at most once per socket. Should return quickly: should it still block when
	 * the stop timeout of {@code stop()} falls due, the instance stops without waiting
	 * for it, and {@link #onClose} then runs on another thread while this call is still
	 * blocked (the only time two methods of this factory run at once); the blocked thread
	 * stays lost to the pool until the call returns.
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
	 * socket that {@link #create} returned, whether it ever opened or not.
	 * @param socket the closed socket
	 */
	default void onClose(S socket) {
	}

	/**
	 * The machine gave up after {@code failAfter} consecutive failed attempts and is now
	 * FAILED.
	 * @param lastError the last error reported, or {@code null} when none was
	 */
	default void onFail(Throwable lastError) {
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
