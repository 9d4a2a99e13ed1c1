package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.ResolvableType;

/**
 * A socket declared in configuration: how to make its factory bean (named after the
 * socket, so the starter manages it as any other) and its typed client bean
 * ({@code <name>Client}).
 */
interface DeclaredSocket {

	/**
	 * @return the socket's name
	 */
	String name();

	/**
	 * @return the generic type of the factory bean
	 */
	ResolvableType factoryType();

	/**
	 * @return the generic type of the client bean
	 */
	ResolvableType clientType();

	/**
	 * @return property names, origins and the SSL and event plumbing of this socket
	 */
	DeclaredSocketSupport support();

	/**
	 * Checks the options that need no other bean, so that a bad value stops start-up
	 * early.
	 * @throws InvalidReconnectingSocketPropertyException naming the property
	 */
	default void validate() {
		Duration liveness = livenessTimeout();
		if (liveness != null && liveness.isNegative()) {
			throw support().invalid("liveness-timeout", liveness, "0 for none, or a positive duration", null);
		}
	}

	/**
	 * @param beanFactory the SSL bundles and, on a bundle update, the socket
	 * @param publisher where messages go, as events
	 * @return the factory
	 */
	SocketFactory<?> createFactory(ListableBeanFactory beanFactory, ApplicationEventPublisher publisher);

	/**
	 * @param socket the managed socket built from the factory
	 * @return the client sending through it
	 */
	Object createClient(ReconnectingSocket<?> socket);

	/**
	 * @return the liveness timeout to give the socket, or {@code null} to leave it alone
	 */
	@Nullable Duration livenessTimeout();

	/**
	 * @param configured the configured liveness timeout, or {@code null}
	 * @param interval the heartbeat or ping interval, or {@code null}
	 * @return the configured one (0 meaning none), else three intervals, else
	 * {@code null}
	 */
	static @Nullable Duration livenessTimeout(@Nullable Duration configured, @Nullable Duration interval) {
		if (configured != null) {
			return configured;
		}
		return (interval != null) ? interval.multipliedBy(3) : null;
	}

}
