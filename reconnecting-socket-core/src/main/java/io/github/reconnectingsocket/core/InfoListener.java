package io.github.reconnectingsocket.core;

/**
 * Receives the npm original's {@code info} messages, each with a {@link Info.Kind} so
 * that code can tell them apart without matching text. Runs with the other callbacks of
 * the instance, in order.
 */
@FunctionalInterface
public interface InfoListener {

	/**
	 * @param info the message
	 */
	void onInfo(Info info);

}
