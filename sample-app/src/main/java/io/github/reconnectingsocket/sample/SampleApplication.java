package io.github.reconnectingsocket.sample;

import io.github.reconnectingsocket.autoconfigure.ReconnectingSocketProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The sample: an embedded TCP echo server and a WebSocket echo endpoint, the two sockets
 * to them declared in {@code application.yml} ({@code echo} over TCP, {@code ws-echo}
 * over WebSocket) and run by the starter with the shipped clients, and a status page at
 * {@code /}. It has no socket code of its own.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
@EnableScheduling
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
	 * Starts the sample: web port 8080, echo server on 7070, unless configured otherwise.
	 * @param args Spring Boot command-line arguments, for example
	 * {@code --server.port=9090}
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
