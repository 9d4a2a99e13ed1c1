package io.github.reconnectingsocket.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.github.reconnectingsocket.autoconfigure.ReconnectingSocketProperties;
import io.github.reconnectingsocket.core.SocketFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The sample: an embedded TCP echo server, one {@link SocketFactory} bean that the
 * starter turns into the managed reconnecting socket {@code echo}, and a status page at
 * {@code /}.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

	/**
	 * The echo server listens before the managed sockets connect, and stops after they
	 * are stopped: a lower phase starts earlier and stops later.
	 * @param properties the sample's settings
	 * @param socketPhase the managed sockets' phase
	 * @return the echo server
	 */
	@Bean
	EchoServer echoServer(SampleProperties properties,
			@Value("${reconnecting-socket.phase:" + ReconnectingSocketProperties.DEFAULT_PHASE + "}") int socketPhase) {
		return new EchoServer(properties.echoServer().port(), socketPhase - 1);
	}

	/**
	 * The one socket factory: the starter makes it the managed socket named {@code echo},
	 * after this bean's name, configured by {@code reconnecting-socket.sockets.echo.*}.
	 * @param echoServer where to connect
	 * @param properties the sample's settings
	 * @return the factory
	 * @throws IOException when the client's I/O thread cannot be set up
	 */
	@Bean
	EchoClient echo(EchoServer echoServer, SampleProperties properties) throws IOException {
		return new EchoClient(() -> new InetSocketAddress(InetAddress.getLoopbackAddress(), echoServer.port()),
				properties.heartbeatInterval());
	}

	/**
	 * Starts the sample: web port 8080, echo server on 7070, unless configured otherwise.
	 * @param args Spring Boot command-line arguments, for example
	 * {@code --server.port=9090}
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
