/**
 * Backoff between attempts: small immutable delay sequences
 * ({@link io.github.reconnectingsocket.backoff.BackoffStrategy}), jitter modes
 * ({@link io.github.reconnectingsocket.backoff.Jitter}) and the complete policy
 * ({@link io.github.reconnectingsocket.backoff.Backoff}), built from the npm original's
 * options.
 */
package io.github.reconnectingsocket.backoff;
