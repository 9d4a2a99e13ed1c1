package io.github.reconnectingsocket.core;

/**
 * Receives every transition, in order, on the instance's serialized context. An exception
 * it throws is reported as info and stops neither the machine nor the other listeners.
 */
@FunctionalInterface
public interface StateListener {

	/**
	 * @param change the transition
	 */
	void onStateChange(StateChange change);

}
