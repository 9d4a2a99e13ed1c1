package io.github.reconnectingsocket.autoconfigure;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.spring.ReconnectingSocketFailedEvent;
import io.github.reconnectingsocket.test.faults.PortHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The starter as an application uses it: auto-configured through the imports file, a real
 * TCP connection over loopback, real threads.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReconnectingSocketApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void socketIsOpenedOnRefreshAndItsConnectionClosedWithTheContext() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			server.setSoTimeout((int) TIMEOUT.toMillis());
			try (ConfigurableApplicationContext context = run("--echo.port=" + server.getLocalPort())) {
				ReconnectingSocket<?> socket = context.getBean("echoReconnectingSocket", ReconnectingSocket.class);
				await().atMost(TIMEOUT).until(() -> socket.state() == SocketState.OPENED);
				try (Socket accepted = server.accept()) {
					accepted.setSoTimeout((int) TIMEOUT.toMillis());
					context.close();
					assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
					InputStream input = accepted.getInputStream();
					assertThat(input.read()).as("end of stream seen by the server").isEqualTo(-1);
				}
			}
		}
	}

	@Test
	void failAfterThreeGivesUpAfterThreeAttemptsAgainstAClosedPortAndShutsDownCleanly() throws Exception {
		ReconnectingSocket<?> socket;
		// A port held so that nothing else binds it while nothing listens on it.
		try (PortHolder closed = PortHolder.hold();
				ConfigurableApplicationContext context = run("--echo.port=" + closed.port(),
						"--reconnecting-socket.backoff.fail-after=3",
						"--reconnecting-socket.backoff.initial-delay=50ms",
						"--reconnecting-socket.backoff.max-delay=200ms")) {
			socket = context.getBean("echoReconnectingSocket", ReconnectingSocket.class);
			await().atMost(TIMEOUT).until(() -> socket.state() == SocketState.FAILED);
			SocketSnapshot snapshot = socket.snapshot();
			assertThat(snapshot.counters().attempts()).isEqualTo(3);
			assertThat(snapshot.counters().failedAttempts()).isEqualTo(3);
			assertThat(snapshot.counters().opens()).isZero();
			assertThat(snapshot.lastError()).isInstanceOf(ConnectException.class);
			List<ReconnectingSocketFailedEvent> failures = context.getBean(EchoClientApplication.class).failures;
			assertThat(failures).singleElement()
				.satisfies((failed) -> assertThat(failed.getLastError()).isInstanceOf(ConnectException.class));
		}
		assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
	}

	@Test
	void badPropertyStopsStartUpWithItsFailureAnalysis(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> run("--echo.port=1", "--reconnecting-socket.sockets.echo.backoff.max-delay=10ms"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value for configuration property 'reconnecting-socket.sockets.echo.backoff.max-delay'")
			.contains("Value: \"10ms\"")
			.contains("Origin: \"reconnecting-socket.sockets.echo.backoff.max-delay\" from property source "
					+ "\"commandLineArgs\"")
			.contains("Allowed: greater than reconnecting-socket.backoff.initial-delay (1s)")
			.contains(
					"Conflicts with: reconnecting-socket.backoff.initial-delay = \"1s\" (origin: none: the default value)")
			.contains("Update your application's configuration: change "
					+ "'reconnecting-socket.sockets.echo.backoff.max-delay' or 'reconnecting-socket.backoff.initial-delay'");
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(EchoClientApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		return application.run(args);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EchoClientApplication {

		final List<ReconnectingSocketFailedEvent> failures = new CopyOnWriteArrayList<>();

		@Bean
		TcpClientSocketFactory echo(@Value("${echo.port}") int port) {
			return new TcpClientSocketFactory("127.0.0.1", port);
		}

		@EventListener
		void failed(ReconnectingSocketFailedEvent event) {
			this.failures.add(event);
		}

	}

}
