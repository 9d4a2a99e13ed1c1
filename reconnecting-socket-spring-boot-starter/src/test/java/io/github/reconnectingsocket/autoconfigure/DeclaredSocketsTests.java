package io.github.reconnectingsocket.autoconfigure;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import io.github.reconnectingsocket.clients.EchoServer;
import io.github.reconnectingsocket.clients.TcpClient;
import io.github.reconnectingsocket.clients.TcpConnection;
import io.github.reconnectingsocket.clients.TestCertificate;
import io.github.reconnectingsocket.clients.WebSocketClient;
import io.github.reconnectingsocket.clients.WebSocketServer;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.spring.ReconnectingSocketMessageEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Sockets declared in application.yml with no Java, against real loopback servers: the
 * issue's YAML, messages as events, typed client beans, and TLS from an SSL bundle that
 * rotates without a restart.
 */
class DeclaredSocketsTests {

	@TempDir
	static Path directory;

	static TestCertificate first;

	static TestCertificate second;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ReconnectingSocketAutoConfiguration.class,
				ReconnectingSocketClientsAutoConfiguration.class))
		.withUserConfiguration(Messages.class);

	@BeforeAll
	static void certificates() throws Exception {
		first = TestCertificate.generate(directory, "first", "dns:localhost,ip:127.0.0.1");
		second = TestCertificate.generate(directory, "second", "dns:localhost,ip:127.0.0.1");
	}

	@Test
	void theIssuesYamlDeclaresTwoWorkingSocketsWithTheirClients() throws Exception {
		try (EchoServer ledger = EchoServer.start();
				WebSocketServer prices = WebSocketServer.start(first.serverContext())) {
			yaml()
				.withPropertyValues("test.ledger.port=" + ledger.port(), "test.prices.port=" + prices.port(),
						"test.truststore=" + trustStore(first))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					ReconnectingSocket<?> ledgerSocket = context.getBean("ledgerReconnectingSocket",
							ReconnectingSocket.class);
					ReconnectingSocket<?> pricesSocket = context.getBean("pricesReconnectingSocket",
							ReconnectingSocket.class);
					await().until(() -> ledgerSocket.state() == SocketState.OPENED
							&& pricesSocket.state() == SocketState.OPENED);
					assertThat(pricesSocket.livenessTimeout()).contains(Duration.ofSeconds(45));
					assertThat(ledgerSocket.livenessTimeout()).isEmpty();
					Clients clients = context.getBean(Clients.class);
					clients.ledger.send("hello").toCompletableFuture().get(5, TimeUnit.SECONDS);
					clients.prices.sendText("quote").toCompletableFuture().get(5, TimeUnit.SECONDS);
					List<ReconnectingSocketMessageEvent> events = context.getBean(Messages.class).events;
					await().untilAsserted(() -> assertThat(events)
						.extracting(ReconnectingSocketMessageEvent::getSocketName,
								ReconnectingSocketMessageEvent::getPayload)
						.containsExactlyInAnyOrder(tuple("ledger", "hello"), tuple("prices", "quote")));
				});
		}
	}

	@Test
	void aReloadedBundleReconnectsTheSocketsWithTheNewCertificate() throws Exception {
		WebSocketServer prices = WebSocketServer.start(first.serverContext());
		EchoServer ledger = EchoServer.start(first.serverContext());
		try {
			this.contextRunner
				.withPropertyValues("reconnecting-socket.sockets.prices.websocket.uri=" + prices.uri(),
						"reconnecting-socket.sockets.prices.websocket.ssl-bundle=rotating",
						"reconnecting-socket.sockets.prices.websocket.subprotocols[0]=prices.v2",
						"reconnecting-socket.sockets.prices.websocket.headers.X-Client=declared",
						"reconnecting-socket.sockets.prices.backoff.initial-delay=50ms",
						"reconnecting-socket.sockets.prices.backoff.max-delay=200ms",
						"reconnecting-socket.sockets.ledger.tcp.host=127.0.0.1",
						"reconnecting-socket.sockets.ledger.tcp.port=" + ledger.port(),
						"reconnecting-socket.sockets.ledger.tcp.ssl-bundle=rotating",
						"reconnecting-socket.sockets.ledger.backoff.initial-delay=50ms",
						"reconnecting-socket.sockets.ledger.backoff.max-delay=200ms",
						"spring.ssl.bundle.jks.rotating.truststore.location=file:" + trustStore(first),
						"spring.ssl.bundle.jks.rotating.truststore.password=changeit",
						"spring.ssl.bundle.jks.rotating.truststore.type=PKCS12")
				.run((context) -> {
					ReconnectingSocket<?> pricesSocket = context.getBean("pricesReconnectingSocket",
							ReconnectingSocket.class);
					ReconnectingSocket<?> ledgerSocket = context.getBean("ledgerReconnectingSocket",
							ReconnectingSocket.class);
					await().until(() -> pricesSocket.state() == SocketState.OPENED
							&& ledgerSocket.state() == SocketState.OPENED);
					// The servers' certificate is replaced: the old trust refuses it.
					int pricesPort = prices.port();
					int ledgerPort = ledger.port();
					prices.close();
					ledger.close();
					try (WebSocketServer newPrices = (WebSocketServer) WebSocketServer.create(second.serverContext())
						.listenOn(pricesPort);
							EchoServer newLedger = (EchoServer) EchoServer.create(second.serverContext())
								.listenOn(ledgerPort)) {
						await().untilAsserted(() -> {
							assertThat(pricesSocket.snapshot().lastError())
								.hasCauseInstanceOf(SSLHandshakeException.class);
							assertThat(ledgerSocket.snapshot().lastError()).isInstanceOf(SSLHandshakeException.class);
						});
						assertThat(pricesSocket.state()).isNotEqualTo(SocketState.OPENED);
						context.getBean(SslBundleRegistry.class).updateBundle("rotating", trusting(second));
						await().until(() -> pricesSocket.state() == SocketState.OPENED
								&& ledgerSocket.state() == SocketState.OPENED);
						assertThat(pricesSocket.snapshot().counters().opens()).isEqualTo(2);
						assertThat(ledgerSocket.snapshot().counters().opens()).isEqualTo(2);
					}
				});
		}
		finally {
			prices.close();
			ledger.close();
		}
	}

	private ApplicationContextRunner yaml() {
		return this.contextRunner.withInitializer((context) -> {
			try {
				for (PropertySource<?> source : new YamlPropertySourceLoader().load("declared-sockets.yml",
						new ClassPathResource("declared-sockets.yml"))) {
					context.getEnvironment().getPropertySources().addLast(source);
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}).withUserConfiguration(Clients.class);
	}

	private static Path trustStore(TestCertificate certificate) throws Exception {
		Path file = Files.createTempFile(directory, "trust", ".p12");
		try (OutputStream out = Files.newOutputStream(file)) {
			trustStoreOf(certificate).store(out, "changeit".toCharArray());
		}
		return file;
	}

	private static KeyStore trustStoreOf(TestCertificate certificate) throws Exception {
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("server", certificate.certificate());
		return trusted;
	}

	private static SslBundle trusting(TestCertificate certificate) throws Exception {
		return SslBundle.of(SslStoreBundle.of(null, null, trustStoreOf(certificate)));
	}

	@Configuration(proxyBeanMethods = false)
	static class Messages implements ApplicationListener<ReconnectingSocketMessageEvent> {

		final List<ReconnectingSocketMessageEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(ReconnectingSocketMessageEvent event) {
			this.events.add(event);
		}

	}

	/** The typed client beans, injected as an application would. */
	@Configuration(proxyBeanMethods = false)
	static class Clients {

		TcpClient<String> ledger;

		WebSocketClient prices;

		@Bean
		Object clientsInjected(TcpClient<String> ledgerClient, @Qualifier("prices") WebSocketClient prices,
				ReconnectingSocket<TcpConnection<String>> ledgerSocket) {
			this.ledger = ledgerClient;
			this.prices = prices;
			assertThat(ledgerSocket.name()).isEqualTo("ledger");
			return "injected";
		}

	}

}
