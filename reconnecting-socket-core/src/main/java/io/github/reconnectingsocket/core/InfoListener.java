package io.github.reconnectingsocket.core;

/**
 * Receives the npm original's {@code info} messages: human-readable debugging lines such
 * as "next attempt in 1200 ms" or "ignored stale close() from attempt 3".
 */
@FunctionalInterface
public interface InfoListener {

	/**
	 * @param socketName the instance's name
	 * @param message the message
	 */
	void onInfo(String socketName, String message);

}
