package io.github.reconnectingsocket.clients;

/**
 * Fails a {@code send} at once when the connection already holds its limit of messages
 * accepted but not yet written (the peer reads slower than the application sends).
 * Nothing was queued.
 */
public final class WriteQueueFullException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final int limit;

	/**
	 * @param peer the connection's peer, for example {@code 127.0.0.1:7000}
	 * @param limit the write queue limit
	 */
	public WriteQueueFullException(String peer, int limit) {
		super("Write queue to " + peer + " is full: " + limit + " messages are waiting to be written (writeQueueLimit "
				+ limit + "); the message was not sent");
		this.limit = limit;
	}

	/**
	 * @return the write queue limit that was reached
	 */
	public int limit() {
		return this.limit;
	}

}
