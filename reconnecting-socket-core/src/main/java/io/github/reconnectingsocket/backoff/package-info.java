/**
 * Backoff between attempts: the complete, validated policy
 * ({@link io.github.reconnectingsocket.backoff.Backoff}), built from the npm original's
 * options, and the per-socket walk through its delays
 * ({@link io.github.reconnectingsocket.backoff.BackoffSequence}). The strategies and
 * jitters behind them are package-private: the policy names them, it does not expose
 * them.
 */
package io.github.reconnectingsocket.backoff;
