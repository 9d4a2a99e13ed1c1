package io.github.reconnectingsocket.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's own settings, under {@code sample}.
 *
 * @param echoServer the embedded echo server
 * @param heartbeatInterval how often the client sends a heartbeat line once connected
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue EchoServer echoServer, @DefaultValue("1s") Duration heartbeatInterval) {

	/** Checks the values, naming the property that is wrong. */
	public SampleProperties {
		if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
			throw new IllegalArgumentException(
					"sample.heartbeat-interval must be a positive duration, but was " + heartbeatInterval);
		}
	}

	/**
	 * The embedded echo server.
	 *
	 * @param port the TCP port on 127.0.0.1; 0 picks a free port once, and the server
	 * keeps it when it is started again
	 */
	public record EchoServer(@DefaultValue("7070") int port) {

		/** Checks the port, naming the property when it is out of range. */
		public EchoServer {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException(
						"sample.echo-server.port must be between 0 and 65535 (0 = any free port), but was " + port);
			}
		}

	}

}
