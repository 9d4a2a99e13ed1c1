/**
 * Observability of managed reconnecting sockets: the {@code reconnectingsockets} actuator
 * endpoint, the {@code reconnectingSockets} health contributor and the
 * {@code reconnecting.socket.*} meters.
 */
@NullMarked
package io.github.reconnectingsocket.actuate;

import org.jspecify.annotations.NullMarked;
