package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A TCP socket declared under {@code reconnecting-socket.sockets.<name>.tcp}, run by the
 * shipped {@code TcpClient}.
 *
 * @param host Host name or IP address of the server. Required.
 * @param port Port of the server, from 1 to 65535. Required.
 * @param framing How the byte stream is cut into messages: lines (UTF-8 text, String
 * messages), length-prefixed (a 4-byte big-endian length, byte[] messages) or raw (byte[]
 * chunks).
 * @param maxLineLength Longest line accepted with the lines framing, in bytes.
 * @param maxFrameSize Largest frame accepted or sent with the length-prefixed framing, in
 * bytes.
 * @param connectTimeout Maximum time for the TCP connect and the TLS handshake. Leave
 * empty to rely on the socket's open timeout.
 * @param keepAlive Whether to enable SO_KEEPALIVE.
 * @param noDelay Whether to enable TCP_NODELAY.
 * @param writeQueueLimit Messages accepted and not yet written, per connection, beyond
 * which a send fails at once.
 * @param heartbeatInterval How often to send the heartbeat message while connected. Leave
 * empty for no heartbeat.
 * @param heartbeatMessage Message sent every heartbeat interval: a line with the lines
 * framing, else its UTF-8 bytes. Required with a heartbeat interval.
 * @param livenessTimeout How long a connection may stay silent before it is dropped and
 * reopened. Defaults to three heartbeat intervals with a heartbeat, else none; 0 for
 * none.
 * @param sslBundle Name of the SSL bundle (spring.ssl.bundle.*) to connect with TLS.
 * Leave empty for plain TCP. The socket reconnects with the new material when the bundle
 * is reloaded.
 * @param hostnameVerification Whether TLS checks that the server's certificate names the
 * host.
 */
public record TcpSocketProperties(@Nullable String host, @Nullable Integer port, @DefaultValue("lines") Framing framing,
		@DefaultValue("8192") int maxLineLength, @DefaultValue("1048576") int maxFrameSize,
		@Nullable Duration connectTimeout, @DefaultValue("true") boolean keepAlive,
		@DefaultValue("true") boolean noDelay, @DefaultValue("1024") int writeQueueLimit,
		@Nullable Duration heartbeatInterval, @Nullable String heartbeatMessage, @Nullable Duration livenessTimeout,
		@Nullable String sslBundle, @DefaultValue("true") boolean hostnameVerification) {

	/** How a TCP byte stream is cut into messages. */
	public enum Framing {

		/** UTF-8 lines ended by a line feed; String messages. */
		LINES,

		/** A 4-byte big-endian length, then that many bytes; byte[] messages. */
		LENGTH_PREFIXED,

		/** Every chunk read is a message; byte[] messages. */
		RAW

	}

}
