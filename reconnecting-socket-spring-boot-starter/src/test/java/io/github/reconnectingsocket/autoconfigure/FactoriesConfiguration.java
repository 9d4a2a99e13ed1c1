package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.test.ScriptedSocketFactory;
import io.github.reconnectingsocket.autoconfigure.FactoriesConfiguration.OtherSocket;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Socket factory beans for the tests. */
final class FactoriesConfiguration {

	private FactoriesConfiguration() {
	}

	/** One factory, {@code echo}, its socket type known from its class. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Echo {

		@Bean
		ScriptedSocketFactory echo() {
			return new ScriptedSocketFactory();
		}

	}

	/**
	 * A second socket type, so that injection by generic type can tell two sockets apart.
	 *
	 * @param handle the attempt's handle
	 */
	record OtherSocket(SocketHandle handle) {

	}

	/**
	 * A second factory, {@code other}, its socket type known only from the method's
	 * generic return type.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Other {

		@Bean
		SocketFactory<OtherSocket> other() {
			return new SocketFactory<>() {

				@Override
				public OtherSocket create(SocketHandle handle, boolean firstOpen) {
					return new OtherSocket(handle);
				}

				@Override
				public void destroy(OtherSocket socket) {
					socket.handle().close();
				}

			};
		}

	}

}
