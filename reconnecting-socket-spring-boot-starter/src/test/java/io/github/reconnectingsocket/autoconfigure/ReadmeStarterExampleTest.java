package io.github.reconnectingsocket.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.reconnectingsocket.clients.EchoServer;
import io.github.reconnectingsocket.clients.TcpClient;
import io.github.reconnectingsocket.clients.TestCertificate;
import io.github.reconnectingsocket.clients.WebSocketClient;
import io.github.reconnectingsocket.clients.WebSocketServer;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's first starter example, read from README.md itself and loaded as it stands:
 * only the hosts and ports are pointed at loopback test servers, and the PEM file of its
 * SSL bundle at a certificate made for this test.
 */
class ReadmeStarterExampleTest {

	@TempDir
	Path directory;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ReconnectingSocketAutoConfiguration.class,
				ReconnectingSocketClientsAutoConfiguration.class));

	@Test
	void theReadmesYamlDeclaresATcpAndATlsWebSocketThatOpen() throws Exception {
		String yaml = readmeYaml();
		assertThat(yaml).contains("websocket:", "tcp:", "ssl-bundle: prices", "spring:");
		TestCertificate certificate = TestCertificate.generate(this.directory, "prices", "ip:127.0.0.1");
		try (EchoServer ledger = EchoServer.start();
				WebSocketServer prices = WebSocketServer.start(certificate.serverContext())) {
			this.contextRunner.withInitializer((context) -> {
				try {
					for (PropertySource<?> source : new YamlPropertySourceLoader().load("README.md",
							new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))) {
						context.getEnvironment().getPropertySources().addLast(source);
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			})
				// Ahead of the README's values: where the test servers are, and whom to
				// trust.
				.withPropertyValues("reconnecting-socket.sockets.prices.websocket.uri=" + prices.uri(),
						"reconnecting-socket.sockets.ledger.tcp.host=127.0.0.1",
						"reconnecting-socket.sockets.ledger.tcp.port=" + ledger.port(),
						"spring.ssl.bundle.pem.prices.truststore.certificate=file:" + pem(certificate))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					ReconnectingSocket<?> ledgerSocket = context.getBean("ledgerReconnectingSocket",
							ReconnectingSocket.class);
					ReconnectingSocket<?> pricesSocket = context.getBean("pricesReconnectingSocket",
							ReconnectingSocket.class);
					assertThat(context.getBean("ledgerClient")).isInstanceOf(TcpClient.class);
					assertThat(context.getBean("pricesClient")).isInstanceOf(WebSocketClient.class);
					// ping-interval 15s: three intervals without a sign of life.
					assertThat(pricesSocket.livenessTimeout()).contains(Duration.ofSeconds(45));
					await().atMost(Duration.ofSeconds(20)).until(() -> ledgerSocket.state() == SocketState.OPENED);
					@SuppressWarnings("unchecked")
					TcpClient<String> ledgerClient = context.getBean("ledgerClient", TcpClient.class);
					ledgerClient.send("BALANCE 42").toCompletableFuture().get(5, TimeUnit.SECONDS);
					// Over TLS, trusting the bundle's certificate only.
					await().atMost(Duration.ofSeconds(20)).until(() -> pricesSocket.state() == SocketState.OPENED);
				});
		}
	}

	/**
	 * @return the first YAML block after the README's "Spring Boot starter" heading
	 */
	static String readmeYaml() throws Exception {
		String readme = Files.readString(Path.of("..", "README.md"));
		String section = readme.substring(readme.indexOf("\n## Spring Boot starter\n"));
		Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(section);
		assertThat(block.find()).as("a yaml block in the README's starter section").isTrue();
		return block.group(1);
	}

	private Path pem(TestCertificate certificate) throws Exception {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(certificate.certificate().getEncoded());
		Path file = this.directory.resolve("prices-ca.pem");
		Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
		return file;
	}

}
