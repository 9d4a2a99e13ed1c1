package io.github.reconnectingsocket.core;

/**
 * One info message: a human-readable line such as "next attempt in 1200 ms", and what
 * kind of event it reports.
 *
 * @param socketName the instance's name
 * @param kind what happened
 * @param message the human-readable line
 */
public record Info(String socketName, Kind kind, String message) {

	/** What an info message reports. */
	public enum Kind {

		/**
		 * A command that does nothing in the current state, such as {@code start()} when
		 * started.
		 */
		IGNORED_COMMAND,

		/**
		 * A signal from a stale attempt's handle, or one that means nothing in the
		 * current state.
		 */
		IGNORED_SIGNAL,

		/** A start during CLOSING, to run once STOPPED. */
		START_DEFERRED,

		/** The socket reported an error through its handle. */
		SOCKET_ERROR,

		/**
		 * An attempt failed: {@code create()} threw, the connect failed, or the open
		 * timeout elapsed.
		 */
		ATTEMPT_FAILED,

		/**
		 * The machine gave up (FAILED), or a {@code reviveAfter} timer started it again.
		 */
		GAVE_UP,

		/** The delay before the next attempt was chosen. */
		NEXT_ATTEMPT,

		/**
		 * The backoff went back to its first delay after a connection stayed open long
		 * enough.
		 */
		BACKOFF_RESET,

		/** An open socket was silent for longer than the liveness timeout. */
		LIVENESS_EXPIRED,

		/**
		 * The machine destroyed a socket on its own initiative (reconnect, timeout, stale
		 * attempt).
		 */
		DESTROYED,

		/** {@code destroy()}, a hook, a listener or the retry policy threw. */
		CALLBACK_FAILED,

		/** A user call has been running for longer than the slow-call threshold. */
		SLOW_CALL,

		/** The stop timeout elapsed before the socket closed. */
		STOP_TIMED_OUT,

		/** The machine started again after {@code reviveAfter} in FAILED. */
		REVIVED,

		/**
		 * An attempt waits for a permit of its {@link ConnectionPacer} before it begins.
		 */
		PACED,

		/**
		 * Another instance of its {@link ConnectionPacer} opened: the next attempt was
		 * moved within the pacer's recovery window.
		 */
		RECOVERY

	}

	@Override
	public String toString() {
		return this.socketName + ": " + this.message;
	}

}
