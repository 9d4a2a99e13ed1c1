package io.github.reconnectingsocket.core;

import java.time.Duration;

/**
 * The channel from one socket back to its machine: one handle per attempt. Thread-safe;
 * every method returns at once.
 *
 * <p>
 * A handle of an attempt the machine has moved past is stale: its signals are ignored,
 * counted ({@link SocketSnapshot.Counters#ignoredSignals()}) and reported as info. A
 * stale {@link #open()} gets its socket destroyed, so nothing leaks.
 */
public interface SocketHandle {

	/**
	 * The socket is connected and ready. Not needed with an {@link AsyncSocketFactory}.
	 */
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
	 * The peer showed it is alive (a message, a pong, any inbound bytes): with a liveness
	 * timeout, an open socket silent for that long is dropped and reopened. Cheap enough
	 * for every frame: one clock read and one volatile write, no hand-over to the
	 * machine.
	 */
	void alive();

	/**
	 * The peer asked to be left alone for a while (a server's retry-after hint): when
	 * this attempt or connection ends, the next attempt waits this long instead of the
	 * backoff's delay. The backoff sequence does not advance for it, and a
	 * {@link RetryPolicy} can still give up.
	 * @param delay 0 or more
	 * @throws InvalidOptionException when the delay is negative
	 */
	void retryAfter(Duration delay);

	/**
	 * @return the attempt this handle belongs to, counted from 1 since the instance was
	 * built
	 */
	long attemptId();

}
