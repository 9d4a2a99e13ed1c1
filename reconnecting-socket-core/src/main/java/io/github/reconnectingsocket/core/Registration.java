package io.github.reconnectingsocket.core;

/** Removes a listener it was returned for. */
@FunctionalInterface
public interface Registration extends AutoCloseable {

	/** Removes the listener; calling it again does nothing. */
	void remove();

	@Override
	default void close() {
		remove();
	}

}
