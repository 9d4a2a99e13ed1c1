package io.github.reconnectingsocket.clients;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * Fails a message that was accepted but could not be written because its connection
 * closed first (destroyed, lost, or closed by the peer). The message may have been partly
 * written.
 */
public final class ConnectionClosedException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param peer the connection's peer
	 * @param cause why the connection closed, when known
	 */
	public ConnectionClosedException(String peer, @Nullable Throwable cause) {
		super("Connection to " + peer + " closed before the message was written"
				+ ((cause != null) ? ": " + cause : ""), cause);
	}

}
