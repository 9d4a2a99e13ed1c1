package io.github.reconnectingsocket.clients;

import io.github.reconnectingsocket.core.SocketState;

/**
 * Fails a {@code send} at once while the socket is not OPENED: nothing was queued nor
 * sent.
 */
public final class NotConnectedException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String socketName;

	private final SocketState state;

	/**
	 * @param socketName the socket's name
	 * @param state its state when the message was refused
	 */
	public NotConnectedException(String socketName, SocketState state) {
		super("Socket '" + socketName + "' is " + state.seedName() + ", not opened: the message was not sent");
		this.socketName = socketName;
		this.state = state;
	}

	/**
	 * @return the socket's name
	 */
	public String socketName() {
		return this.socketName;
	}

	/**
	 * @return the socket's state when the message was refused
	 */
	public SocketState state() {
		return this.state;
	}

}
