package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.github.reconnectingsocket.clients.TcpClient;
import io.github.reconnectingsocket.spring.ReconnectingSocketBuilderCustomizer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the sockets declared in configuration with the shipped clients
 * ({@code reconnecting-socket.sockets.<name>.tcp} or {@code .websocket}): each becomes a
 * factory bean {@code <name>}, managed as any other, and a typed client bean
 * {@code <name>Client} ({@code TcpClient<String>}, {@code TcpClient<byte[]>} or
 * {@code WebSocketClient}). Messages are published as
 * {@link io.github.reconnectingsocket.spring.ReconnectingSocketMessageEvent}s; TLS comes
 * from SSL bundles, and a reloaded bundle reconnects its sockets.
 */
@AutoConfiguration(before = ReconnectingSocketAutoConfiguration.class, after = SslAutoConfiguration.class)
@ConditionalOnClass(TcpClient.class)
@ConditionalOnBooleanProperty(name = "reconnecting-socket.enabled", matchIfMissing = true)
public final class ReconnectingSocketClientsAutoConfiguration {

	@Bean
	static DeclaredSocketRegistrar reconnectingSocketDeclaredSocketRegistrar() {
		return new DeclaredSocketRegistrar();
	}

	/**
	 * Gives each declared socket its liveness timeout: the configured one, else three
	 * heartbeat or ping intervals.
	 * @param environment where the sockets are declared
	 * @return the customizer
	 */
	@Bean
	ReconnectingSocketBuilderCustomizer reconnectingSocketDeclaredLivenessCustomizer(Environment environment) {
		Map<String, Duration> liveness = new HashMap<>();
		for (DeclaredSocket socket : DeclaredSocketRegistrar.declaredSockets(environment)) {
			Duration timeout = socket.livenessTimeout();
			if (timeout != null) {
				liveness.put(socket.name(), timeout);
			}
		}
		return (name, builder) -> {
			Duration timeout = liveness.get(name);
			if (timeout != null) {
				builder.livenessTimeout(timeout.isZero() ? null : timeout);
			}
		};
	}

}
