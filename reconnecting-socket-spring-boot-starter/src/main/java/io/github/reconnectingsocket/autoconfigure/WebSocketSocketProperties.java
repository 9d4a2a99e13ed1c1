package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A WebSocket declared under {@code reconnecting-socket.sockets.<name>.websocket}, run by
 * the shipped {@code WebSocketClient} on the JDK's java.net.http.WebSocket.
 *
 * @param uri The ws:// or wss:// URI to connect to. Required.
 * @param pingInterval How often to send a Ping while connected; the Pong, like any
 * message, proves the server alive. Leave empty for no ping.
 * @param connectTimeout Maximum time for the TCP connect. Leave empty to rely on the
 * socket's open timeout.
 * @param subprotocols Subprotocols to offer, in order of preference.
 * @param headers Headers of the opening handshake.
 * @param writeQueueLimit Messages accepted and not yet sent, per connection, beyond which
 * a send fails at once.
 * @param maxMessageSize Largest inbound message, in chars for text and bytes for binary.
 * @param livenessTimeout How long a connection may stay silent (no message, Ping or Pong)
 * before it is dropped and reopened. Defaults to three ping intervals with a ping, else
 * none; 0 for none.
 * @param sslBundle Name of the SSL bundle (spring.ssl.bundle.*) for wss:// URIs. Leave
 * empty for the JVM's default trust. The socket reconnects with the new material when the
 * bundle is reloaded.
 */
public record WebSocketSocketProperties(@Nullable String uri, @Nullable Duration pingInterval,
		@Nullable Duration connectTimeout, @Nullable List<String> subprotocols, @Nullable Map<String, String> headers,
		@DefaultValue("1024") int writeQueueLimit, @DefaultValue("1048576") int maxMessageSize,
		@Nullable Duration livenessTimeout, @Nullable String sslBundle) {

	/** Binds the record, with empty lists and maps for values not configured. */
	public WebSocketSocketProperties {
		subprotocols = (subprotocols != null) ? List.copyOf(subprotocols) : List.of();
		headers = (headers != null) ? Map.copyOf(headers) : Map.of();
	}

}
