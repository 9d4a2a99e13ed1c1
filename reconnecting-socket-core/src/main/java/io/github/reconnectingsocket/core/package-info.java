/**
 * The reconnecting-socket state machine:
 * {@link io.github.reconnectingsocket.core.SocketFactory} and
 * {@link io.github.reconnectingsocket.core.AsyncSocketFactory} (what the user writes),
 * {@link io.github.reconnectingsocket.core.ReconnectingSocket} (the managed instance) and
 * its {@link io.github.reconnectingsocket.core.ReconnectingSocketBuilder}, the
 * per-attempt {@link io.github.reconnectingsocket.core.SocketHandle}, states, events,
 * snapshots, and {@link io.github.reconnectingsocket.core.VirtualClock} for tests.
 * Depends on the JDK only.
 */
@NullMarked
package io.github.reconnectingsocket.core;

import org.jspecify.annotations.NullMarked;
