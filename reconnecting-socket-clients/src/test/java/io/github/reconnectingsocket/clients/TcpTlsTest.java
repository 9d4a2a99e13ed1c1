package io.github.reconnectingsocket.clients;

import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLHandshakeException;

import io.github.reconnectingsocket.core.SocketState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.reconnectingsocket.clients.Clients.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The TCP client over TLS (SSLEngine on the selector transport) to a real TLS echo
 * server.
 */
class TcpTlsTest {

	@TempDir
	static Path directory;

	static TestCertificate loopback;

	static TestCertificate otherHost;

	private final Clients clients = new Clients();

	private EchoServer server;

	@BeforeAll
	static void certificates() throws Exception {
		loopback = TestCertificate.generate(directory, "loopback", "dns:localhost,ip:127.0.0.1");
		otherHost = TestCertificate.generate(directory, "other", "dns:other.example");
	}

	@AfterEach
	void stop() throws Exception {
		this.clients.close();
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void linesAndLargeFramesGoThroughTls() throws Exception {
		this.server = EchoServer.start(loopback.serverContext());
		List<byte[]> received = new CopyOnWriteArrayList<>();
		TcpClient<byte[]> client = started(
				TcpClient.builder("127.0.0.1", this.server.port(), Framing.lengthPrefixed(1024 * 1024))
					.ssl(loopback.clientContext())
					.onMessage(received::add));
		awaitState(client.socket(), SocketState.OPENED);
		byte[] large = new byte[300_000];
		for (int i = 0; i < large.length; i++) {
			large[i] = (byte) i;
		}
		client.send(new byte[] { 42 });
		client.send(large);
		await().untilAsserted(() -> assertThat(received).hasSize(2));
		assertThat(received.get(0)).containsExactly(42);
		assertThat(received.get(1)).isEqualTo(large);
	}

	@Test
	void theServersCertificateMustNameTheHost() throws Exception {
		this.server = EchoServer.start(otherHost.serverContext());
		TcpClient<String> client = started(
				TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(100)).ssl(otherHost.clientContext()));
		await().untilAsserted(() -> assertThat(client.socket().snapshot().counters().failedAttempts()).isPositive());
		assertThat(client.socket().snapshot().lastError()).isInstanceOf(SSLHandshakeException.class)
			.hasMessageContaining("127.0.0.1");
		assertThat(client.socket().snapshot().counters().opens()).isZero();
	}

	@Test
	void hostnameVerificationCanBeTurnedOff() throws Exception {
		this.server = EchoServer.start(otherHost.serverContext());
		List<String> received = new CopyOnWriteArrayList<>();
		TcpClient<String> client = started(TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(100))
			.ssl(otherHost.clientContext())
			.hostnameVerification(false)
			.onMessage(received::add));
		awaitState(client.socket(), SocketState.OPENED);
		client.send("trusted anyway");
		await().untilAsserted(() -> assertThat(received).containsExactly("trusted anyway"));
	}

	@Test
	void anUntrustedServerIsRefused() throws Exception {
		this.server = EchoServer.start(otherHost.serverContext());
		TcpClient<String> client = started(TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(100))
			.ssl(loopback.clientContext())
			.hostnameVerification(false));
		await().untilAsserted(
				() -> assertThat(client.socket().snapshot().lastError()).isInstanceOf(SSLHandshakeException.class));
		assertThat(client.socket().snapshot().counters().opens()).isZero();
	}

	@Test
	void aServerThatNeverShakesHandsTimesOutNamingTheConnectTimeout() throws Exception {
		this.server = EchoServer.start();
		this.server.mode(LoopbackServer.Mode.DEAF);
		TcpClient<String> client = started(TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(100))
			.ssl(loopback.clientContext())
			.connectTimeout(Duration.ofMillis(200)));
		await().untilAsserted(() -> assertThat(client.socket().snapshot().lastError())
			.isInstanceOf(SocketTimeoutException.class)
			.hasMessage("Connect to 127.0.0.1:" + this.server.port() + " timed out after 200 ms (connectTimeout)"));
		// and the socket goes on trying after a timed-out attempt
		await().untilAsserted(() -> assertThat(this.server.accepted()).isGreaterThan(1));
		// Each timed-out attempt closed its channel: once the server reads again, it
		// finds them all closed.
		client.stop();
		this.server.mode(LoopbackServer.Mode.ANSWER);
		await().untilAsserted(() -> assertThat(this.server.openConnections()).isZero());
	}

	@Test
	void aKilledTlsServerIsReconnectedOnceRestarted() throws Exception {
		this.server = EchoServer.start(loopback.serverContext());
		List<String> received = new CopyOnWriteArrayList<>();
		TcpClient<String> client = started(TcpClient.builder("127.0.0.1", this.server.port(), Framing.lines(100))
			.ssl(loopback.clientContext())
			.onMessage(received::add));
		awaitState(client.socket(), SocketState.OPENED);
		this.server.kill();
		await().until(() -> client.socket().state() != SocketState.OPENED);
		this.server.restart();
		awaitState(client.socket(), SocketState.OPENED);
		client.send("again");
		await().untilAsserted(() -> assertThat(received).containsExactly("again"));
	}

	private <M> TcpClient<M> started(TcpClientBuilder<M> builder) {
		TcpClient<M> client = builder.socket((socket) -> socket.backoff(Clients.FAST)).build();
		this.clients.started(client.socket());
		return client;
	}

}
