/**
 * The reconnecting-socket state machine:
 * {@link io.github.reconnectingsocket.core.SocketFactory} (what the user writes),
 * {@link io.github.reconnectingsocket.core.ReconnectingSocket} (the managed instance and
 * its builder), the per-attempt {@link io.github.reconnectingsocket.core.SocketHandle},
 * states, events, snapshots, and {@link io.github.reconnectingsocket.core.VirtualClock}
 * for tests. Depends on the JDK only.
 */
package io.github.reconnectingsocket.core;
