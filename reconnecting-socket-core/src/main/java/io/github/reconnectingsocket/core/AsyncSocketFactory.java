package io.github.reconnectingsocket.core;

import java.util.concurrent.CompletionStage;

/**
 * A {@link SocketFactory} for clients whose connection arrives as a future: the JDK's
 * {@code HttpClient.newWebSocketBuilder().buildAsync(...)}, Jetty's
 * {@code WebSocketClient.connect}, Netty's and Reactor Netty's {@code connect()}.
 *
 * <p>
 * {@link #connect} replaces {@code create()} and {@code handle.open()}: the stage
 * completing with the socket means opened, completing exceptionally means this attempt
 * failed with that error. The handle still reports what happens next:
 * {@link SocketHandle#close()} when the connection is lost, {@link SocketHandle#error},
 * {@link SocketHandle#alive()}. When an attempt is given up (open timeout,
 * {@code stop()}) its stage is cancelled, and a socket it delivers later is destroyed.
 *
 * <p>
 * Such clients often call no listener once aborted ({@code WebSocket.abort()} does not),
 * so here a socket counts as closed once {@link #destroy} returns: {@code stop()} waits
 * for no {@code close()}. A {@code close()} that comes anyway is ignored.
 *
 * @param <S> the socket type
 */
public interface AsyncSocketFactory<S> extends SocketFactory<S> {

	/**
	 * Starts connecting.
	 * @param handle this attempt's handle: wire the client's close, error and inbound
	 * events to it
	 * @param firstOpen whether no connection has opened yet since {@code start()}
	 * @return the connection to come, never {@code null}
	 * @throws Exception to fail this attempt at once
	 */
	CompletionStage<S> connect(SocketHandle handle, boolean firstOpen) throws Exception;

	/**
	 * Not used: the machine calls {@link #connect} for an asynchronous factory.
	 * @throws UnsupportedOperationException always
	 */
	@Override
	default S create(SocketHandle handle, boolean firstOpen) {
		throw new UnsupportedOperationException("An AsyncSocketFactory opens its sockets through connect()");
	}

	/**
	 * Lambda form of {@link AsyncSocketFactory#connect}.
	 *
	 * @param <S> the socket type
	 */
	@FunctionalInterface
	interface Connect<S> {

		/**
		 * @param handle the attempt's handle
		 * @param firstOpen whether no connection has opened yet since {@code start()}
		 * @return the connection to come
		 * @throws Exception to fail the attempt
		 */
		CompletionStage<S> connect(SocketHandle handle, boolean firstOpen) throws Exception;

	}

}
