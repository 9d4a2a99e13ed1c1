package io.github.reconnectingsocket.clients;

import java.io.IOException;

/**
 * The peer sent something the framing cannot accept: a line longer than the maximum, a
 * frame whose length prefix is negative or too large, a WebSocket message over the size
 * limit. Reported to the socket's handle as its error; the connection is then closed and
 * the socket reconnects.
 */
public final class FramingException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what was received and what is allowed
	 */
	public FramingException(String message) {
		super(message);
	}

}
