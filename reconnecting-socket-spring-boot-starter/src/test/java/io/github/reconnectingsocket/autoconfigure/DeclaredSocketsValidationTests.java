package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.clients.TcpClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bad declared socket stops start-up, and the failure analysis names the property, the
 * value and what is allowed.
 */
class DeclaredSocketsValidationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ReconnectingSocketAutoConfiguration.class,
				ReconnectingSocketClientsAutoConfiguration.class,
				ReconnectingSocketClientsRequirementAutoConfiguration.class));

	@Test
	void aUriThatIsNotAWebSocketOne() {
		assertInvalid("reconnecting-socket.sockets.prices.websocket.uri", "http://prices.example/stream",
				"an absolute ws:// or wss:// URI with a host and no fragment",
				"reconnecting-socket.sockets.prices.websocket.uri=http://prices.example/stream");
	}

	@Test
	void aUriThatDoesNotParse() {
		assertInvalid("reconnecting-socket.sockets.prices.websocket.uri", "wss://prices example/",
				// The parser's own reason follows in parentheses; its wording is the
				// JDK's.
				"a valid ws:// or wss:// URI (",
				"reconnecting-socket.sockets.prices.websocket.uri=wss://prices example/");
	}

	@Test
	void aPortOutOfRange() {
		assertInvalid("reconnecting-socket.sockets.ledger.tcp.port", "70000", "1 to 65535",
				"reconnecting-socket.sockets.ledger.tcp.host=127.0.0.1",
				"reconnecting-socket.sockets.ledger.tcp.port=70000");
	}

	@Test
	void aMissingHost() {
		assertInvalid("reconnecting-socket.sockets.ledger.tcp.host", "null", "a host name or an IP address (required)",
				"reconnecting-socket.sockets.ledger.tcp.port=9000");
	}

	@Test
	void aZeroMaxLineLength() {
		assertInvalid("reconnecting-socket.sockets.ledger.tcp.max-line-length", "0", "a positive number of bytes",
				"reconnecting-socket.sockets.ledger.tcp.host=127.0.0.1",
				"reconnecting-socket.sockets.ledger.tcp.port=9000",
				"reconnecting-socket.sockets.ledger.tcp.max-line-length=0");
	}

	@Test
	void aHeartbeatWithoutItsMessage() {
		assertInvalid("reconnecting-socket.sockets.ledger.tcp.heartbeat-message", "null",
				"the message to send every heartbeat-interval (required with heartbeat-interval)",
				"reconnecting-socket.sockets.ledger.tcp.host=127.0.0.1",
				"reconnecting-socket.sockets.ledger.tcp.port=9000",
				"reconnecting-socket.sockets.ledger.tcp.heartbeat-interval=10s");
	}

	@Test
	void anUnknownSslBundle() {
		assertInvalid("reconnecting-socket.sockets.prices.websocket.ssl-bundle", "nope",
				"the name of a bundle under spring.ssl.bundle.* (there is none)",
				"reconnecting-socket.sockets.prices.websocket.uri=wss://127.0.0.1:1/stream",
				"reconnecting-socket.sockets.prices.websocket.ssl-bundle=nope");
	}

	@Test
	void bothTcpAndWebSocketOnOneSocket() {
		assertInvalid("reconnecting-socket.sockets.both.tcp.host", "127.0.0.1",
				"a socket declared as tcp or as websocket, not both (this one also has websocket.uri ws://127.0.0.1:1/)",
				"reconnecting-socket.sockets.both.tcp.host=127.0.0.1", "reconnecting-socket.sockets.both.tcp.port=9000",
				"reconnecting-socket.sockets.both.websocket.uri=ws://127.0.0.1:1/");
	}

	@Test
	void aNegativeLivenessTimeout() {
		assertInvalid("reconnecting-socket.sockets.prices.websocket.liveness-timeout", "-1s",
				"0 for none, or a positive duration",
				"reconnecting-socket.sockets.prices.websocket.uri=ws://127.0.0.1:1/",
				"reconnecting-socket.sockets.prices.websocket.liveness-timeout=-1s");
	}

	@Test
	void aMisspeltKeyOfADeclaredSocketNamesTheKeyToUse() {
		this.contextRunner
			.withPropertyValues("reconnecting-socket.sockets.ledger.tcp.host=127.0.0.1",
					"reconnecting-socket.sockets.ledger.tcp.port=9000",
					"reconnecting-socket.sockets.ledger.tcp.max-line-lenght=100")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureAnalysisSupport.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.contains("Did you mean: reconnecting-socket.sockets.ledger.tcp.max-line-length");
			});
	}

	@Test
	void aDeclaredSocketWithoutTheClientsModule() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(TcpClient.class))
			.withPropertyValues("reconnecting-socket.sockets.ledger.tcp.host=127.0.0.1",
					"reconnecting-socket.sockets.ledger.tcp.port=9000")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureAnalysisSupport.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("Property: reconnecting-socket.sockets.ledger.tcp.host")
					.contains("io.github.reconnectingsocket:reconnecting-socket-clients on the class path");
			});
	}

	private void assertInvalid(String property, String value, String allowed, String... properties) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = FailureAnalysisSupport.analyze(context.getStartupFailure());
			assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
			assertThat(analysis.getDescription())
				.contains("Invalid value for configuration property '" + property + "'")
				.contains("Property: " + property + "\n")
				.contains("Value: \"" + value + "\"")
				.contains("Allowed: " + allowed);
		});
	}

}
