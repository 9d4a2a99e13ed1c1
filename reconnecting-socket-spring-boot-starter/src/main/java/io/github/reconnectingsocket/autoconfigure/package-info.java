/**
 * Auto-configuration of managed reconnecting sockets: one per
 * {@link io.github.reconnectingsocket.core.SocketFactory} bean, configured under
 * {@code reconnecting-socket}.
 */
@NullMarked
package io.github.reconnectingsocket.autoconfigure;

import org.jspecify.annotations.NullMarked;
