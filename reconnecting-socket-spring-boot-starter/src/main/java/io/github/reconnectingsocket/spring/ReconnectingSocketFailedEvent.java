package io.github.reconnectingsocket.spring;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.StateChange;

/**
 * Published when a managed socket gives up and enters
 * {@link io.github.reconnectingsocket.core.SocketState#FAILED FAILED}: it stays there
 * until it is started again. {@link #getLastError()} is the error that ended the last
 * attempt, if any.
 */
public class ReconnectingSocketFailedEvent extends ReconnectingSocketStateChangedEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an event.
	 * @param socket the socket that failed
	 * @param change the transition into FAILED
	 */
	public ReconnectingSocketFailedEvent(ReconnectingSocket<?> socket, StateChange change) {
		super(socket, change);
	}

}
