/**
 * Ready reconnecting clients on the core's
 * {@link io.github.reconnectingsocket.core.AsyncSocketFactory}:
 * {@link io.github.reconnectingsocket.clients.TcpClient} (non-blocking TCP channels on a
 * shared selector thread, with line, length-prefixed or raw
 * {@link io.github.reconnectingsocket.clients.Framing} and optional TLS) and
 * {@link io.github.reconnectingsocket.clients.WebSocketClient} (the JDK's
 * {@code java.net.http.WebSocket}). Depends on the core and the JDK only.
 */
@NullMarked
package io.github.reconnectingsocket.clients;

import org.jspecify.annotations.NullMarked;
