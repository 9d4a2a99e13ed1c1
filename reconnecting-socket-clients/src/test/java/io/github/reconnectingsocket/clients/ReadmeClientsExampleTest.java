package io.github.reconnectingsocket.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.reconnectingsocket.core.SocketState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's and CLIENTS.md's two client examples: the code below is theirs, with the
 * loopback server's address in place of the example hosts, and it runs against real
 * servers. A test also checks that the documents still show this very code.
 */
class ReadmeClientsExampleTest {

	@Test
	void theTcpExampleRuns() throws Exception {
		try (EchoServer server = EchoServer.start()) {
			String host = "127.0.0.1";
			int port = server.port();
			// README: TCP
			TcpClient<String> ledger = TcpClient.builder(host, port, Framing.lines(8192))
				.onMessage(line -> System.out.println("ledger: " + line))
				.heartbeat(Duration.ofSeconds(10), "PING")
				.socket(socket -> socket.name("ledger").livenessTimeout(Duration.ofSeconds(30)))
				.build();
			ledger.start();
			ledger.send("BALANCE 42"); // NotConnectedException until OPENED
			// end
			await().until(() -> ledger.socket().state() == SocketState.OPENED);
			ledger.send("BALANCE 42").toCompletableFuture().get(5, TimeUnit.SECONDS);
			ledger.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void theWebSocketExampleRuns() throws Exception {
		try (WebSocketServer server = WebSocketServer.start(null)) {
			String uri = server.uri();
			// README: WebSocket
			WebSocketClient prices = WebSocketClient.builder(uri)
				.onText(message -> System.out.println("price: " + message))
				.pingInterval(Duration.ofSeconds(15))
				.subprotocols("prices.v2")
				.socket(socket -> socket.name("prices").livenessTimeout(Duration.ofSeconds(45)))
				.build();
			prices.start();
			prices.socket().whenOpen().thenCompose(connection -> prices.sendText("subscribe EURUSD"));
			// end
			await().until(() -> prices.socket().state() == SocketState.OPENED);
			prices.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void theDocumentsShowThisCode() throws IOException {
		String test = Files.readString(
				Path.of("src/test/java/io/github/reconnectingsocket/clients/" + "ReadmeClientsExampleTest.java"),
				StandardCharsets.UTF_8);
		for (String document : List.of("../README.md", "../docs/CLIENTS.md")) {
			String text = normalized(Files.readString(Path.of(document), StandardCharsets.UTF_8));
			String tcp = normalized(
					example(test, "TCP").replace("builder(host, port,", "builder(\"ledger.internal\", 9000,"));
			String webSocket = normalized(
					example(test, "WebSocket").replace("builder(uri)", "builder(\"wss://prices.example/stream\")"));
			assertThat(text.contains(tcp)).as("%s shows the TCP example:%n%s", document, tcp).isTrue();
			assertThat(text.contains(webSocket)).as("%s shows the WebSocket example:%n%s", document, webSocket)
				.isTrue();
		}
	}

	private static String example(String source, String name) {
		Matcher matcher = Pattern.compile("// README: " + name + "\n(.*?)\n\\s*// end", Pattern.DOTALL).matcher(source);
		assertThat(matcher.find()).as("example " + name).isTrue();
		return matcher.group(1);
	}

	/** Indentation and line breaks aside. */
	private static String normalized(String code) {
		return code.replaceAll("\\s+", " ").trim();
	}

}
