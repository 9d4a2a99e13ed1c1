package io.github.reconnectingsocket.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class EchoServerTests {

	private final EchoServer server = new EchoServer(0, 0);

	@AfterEach
	void stopServer() {
		this.server.stop();
	}

	@Test
	void answersEachLineWithTheSameLine() throws IOException {
		this.server.start();
		try (Client client = new Client(this.server.port())) {
			assertThat(client.exchange("hello")).isEqualTo("hello");
			assertThat(client.exchange("héllo wörld 42")).isEqualTo("héllo wörld 42");
			assertThat(this.server.connections()).isEqualTo(1);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.connections() == 0);
	}

	@Test
	void stopClosesEveryConnectionAndStartListensAgainOnTheSamePort() throws IOException {
		this.server.start();
		int port = this.server.port();
		assertThat(port).isPositive();
		try (Client first = new Client(port); Client second = new Client(port)) {
			first.exchange("one");
			second.exchange("two");
			assertThat(this.server.connections()).isEqualTo(2);
			this.server.stop();
			assertThat(this.server.isRunning()).isFalse();
			assertThat(this.server.connections()).isZero();
			assertThat(first.readLineOrEnd()).isNull();
			assertThat(second.readLineOrEnd()).isNull();
		}
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> new Client(port).close());
		this.server.start();
		assertThat(this.server.port()).isEqualTo(port);
		try (Client client = new Client(port)) {
			assertThat(client.exchange("back")).isEqualTo("back");
		}
	}

	@Test
	void startAndStopAreIdempotent() {
		this.server.start();
		int port = this.server.port();
		this.server.start();
		assertThat(this.server.port()).isEqualTo(port);
		this.server.stop();
		this.server.stop();
		assertThat(this.server.isRunning()).isFalse();
	}

	@Test
	void aPortOutOfRangeNamesTheProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SampleProperties.EchoServer(70000))
			.withMessage("sample.echo-server.port must be between 0 and 65535 (0 = any free port), but was 70000");
	}

	@Test
	void aZeroHeartbeatIntervalNamesTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SampleProperties(new SampleProperties.EchoServer(0), Duration.ZERO))
			.withMessage("sample.heartbeat-interval must be a positive duration, but was PT0S");
	}

	private static final class Client implements AutoCloseable {

		private final Socket socket;

		private final BufferedReader reader;

		private final PrintWriter writer;

		Client(int port) throws IOException {
			this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
			this.socket.setSoTimeout(5000);
			this.reader = new BufferedReader(
					new InputStreamReader(this.socket.getInputStream(), StandardCharsets.UTF_8));
			this.writer = new PrintWriter(this.socket.getOutputStream(), true, StandardCharsets.UTF_8);
		}

		String exchange(String line) throws IOException {
			this.writer.println(line);
			return this.reader.readLine();
		}

		String readLineOrEnd() throws IOException {
			try {
				return this.reader.readLine();
			}
			catch (SocketTimeoutException ex) {
				throw new AssertionError("The server did not close the connection", ex);
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
