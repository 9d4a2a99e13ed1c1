package io.github.reconnectingsocket.clients;

import java.io.IOException;

/**
 * The WebSocket peer closed the connection with a Close frame: reported as the
 * connection's error, with the code and reason the peer gave (RFC 6455 section 7.4).
 */
public final class WebSocketClosedException extends IOException {

	private static final long serialVersionUID = 1L;

	private final int code;

	private final String reason;

	/**
	 * @param code the close code, for example 1001 (going away)
	 * @param reason the close reason, possibly empty
	 */
	public WebSocketClosedException(int code, String reason) {
		super("WebSocket closed by the peer with code " + code + (reason.isEmpty() ? "" : " (" + reason + ")"));
		this.code = code;
		this.reason = reason;
	}

	/**
	 * @return the close code
	 */
	public int code() {
		return this.code;
	}

	/**
	 * @return the close reason, possibly empty
	 */
	public String reason() {
		return this.reason;
	}

}
