package io.github.reconnectingsocket.spring;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;

/**
 * Customizes the builder of every managed {@link ReconnectingSocket} before it is built,
 * after the configuration properties are applied: set an executor, a scheduler or a
 * {@link io.github.reconnectingsocket.core.VirtualClock}, a random source, listeners.
 * Customizer beans are applied in their {@link org.springframework.core.annotation.Order
 * order}.
 */
@FunctionalInterface
public interface ReconnectingSocketBuilderCustomizer {

	/**
	 * Customizes the builder of one socket. The name must not be changed.
	 * @param name the socket's name: the bean name of its
	 * {@link io.github.reconnectingsocket.core.SocketFactory}
	 * @param builder the builder
	 */
	void customize(String name, ReconnectingSocketBuilder<?> builder);

}
