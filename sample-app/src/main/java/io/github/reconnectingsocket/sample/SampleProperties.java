package io.github.reconnectingsocket.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's own settings, under {@code sample}. The sockets themselves are declared
 * under {@code reconnecting-socket.sockets}.
 *
 * @param echoServer the embedded TCP echo server
 * @param sendInterval how often the sample sends a line through each socket's client
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue EchoServer echoServer, @DefaultValue("1s") Duration sendInterval) {

	/** Checks the values, naming the property that is wrong. */
	public SampleProperties {
		if (sendInterval.isNegative() || sendInterval.isZero()) {
			throw new IllegalArgumentException(
					"sample.send-interval must be a positive duration, but was " + sendInterval);
		}
	}

	/**
	 * The embedded TCP echo server.
	 *
	 * @param port the TCP port on 127.0.0.1; the {@code echo} socket is declared with it
	 * ({@code reconnecting-socket.sockets.echo.tcp.port}), so it is a real port, not 0
	 */
	public record EchoServer(@DefaultValue("7070") int port) {

		/** Checks the port, naming the property when it is out of range. */
		public EchoServer {
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException(
						"sample.echo-server.port must be between 1 and 65535 (the echo socket connects to it), but was "
								+ port);
			}
		}

	}

}
