package io.github.reconnectingsocket.core;

/**
 * The channel from one socket back to its machine: one handle per attempt. Thread-safe;
 * every method only queues a signal and returns at once.
 *
 * <p>
 * A handle of an attempt the machine has moved past is stale: its signals are ignored and
 * reported as info. A stale {@link #open()} gets its socket destroyed, so nothing leaks.
 */
public interface SocketHandle {

	/** The socket is connected and ready. */
	void open();

	/**
	 * The socket met an error; it becomes the last error, handed to {@code onFail} if the
	 * machine gives up. An error alone does not end the attempt: {@link #close()} does.
	 * @param error the error
	 */
	void error(Throwable error);

	/** The socket is closed for good: reconnect, or finish stopping. */
	void close();

	/**
	 * @return the attempt this handle belongs to, counted from 1 since the instance was
	 * built
	 */
	long attemptId();

}
