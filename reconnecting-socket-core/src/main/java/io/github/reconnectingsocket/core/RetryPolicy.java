package io.github.reconnectingsocket.core;

import org.jspecify.annotations.Nullable;

/**
 * Decides, per error, what follows a failed attempt: retry with the backoff (the
 * default), retry after a given delay, or give up at once (FAILED, as if
 * {@code failAfter} were reached). For errors that no retry can cure, such as refused
 * credentials or a malformed address.
 *
 * <p>
 * It runs on the state machine: it must be quick and must not block. Whatever it returns,
 * {@code failAfter} still gives up once reached; if it throws, the backoff is used and
 * the exception is reported as info.
 */
@FunctionalInterface
public interface RetryPolicy {

	/** Always the backoff: the npm original's behaviour. */
	RetryPolicy BACKOFF = (error, consecutiveFailures) -> Retry.withBackoff();

	/**
	 * @param error why the attempt failed (the last error reported), or {@code null} when
	 * the socket closed without reporting one
	 * @param consecutiveFailures failed attempts in a row, this one included
	 * @return what to do
	 */
	Retry onFailedAttempt(@Nullable Throwable error, int consecutiveFailures);

}
