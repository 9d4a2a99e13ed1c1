package io.github.reconnectingsocket.core;

import org.jspecify.annotations.Nullable;

/**
 * The state and the open socket, read together: the socket is non-null exactly when the
 * state is OPENED.
 *
 * @param state the state
 * @param socket the open socket, or {@code null} when not OPENED
 * @param <S> the socket type
 */
public record StateAndSocket<S>(SocketState state, @Nullable S socket) {
}
