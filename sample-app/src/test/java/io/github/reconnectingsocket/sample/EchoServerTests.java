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
	void aStalledServerAcceptsAndKeepsConnectionsButAnswersNothingUntilResumed() throws IOException {
		this.server.start();
		try (Client before = new Client(this.server.port())) {
			assertThat(before.exchange("one")).isEqualTo("one");
			this.server.stall();
			assertThat(this.server.isStalled()).isTrue();
			try (Client during = new Client(this.server.port())) {
				await().atMost(Duration.ofSeconds(5)).until(() -> this.server.connections() == 2);
				assertThat(before.exchangeWithin("two", Duration.ofMillis(500))).isNull();
				assertThat(during.exchangeWithin("three", Duration.ofMillis(500))).isNull();
				this.server.resume();
				assertThat(before.exchange("four")).isEqualTo("four");
				assertThat(during.exchange("five")).isEqualTo("five");
			}
			// Still reading while stalled, so a client that leaves is seen to go.
			this.server.stall();
			await().atMost(Duration.ofSeconds(5)).until(() -> this.server.connections() == 1);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.connections() == 0);
	}

	@Test
	void stoppingAStalledServerLeavesItAnsweringOnceStarted() throws IOException {
		this.server.start();
		this.server.stall();
		this.server.stop();
		assertThat(this.server.isStalled()).isFalse();
		this.server.start();
		try (Client client = new Client(this.server.port())) {
			assertThat(client.exchange("hello")).isEqualTo("hello");
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
			.withMessage(
					"sample.echo-server.port must be between 1 and 65535 (the echo socket connects to it), but was 70000");
		assertThatIllegalArgumentException().isThrownBy(() -> new SampleProperties.EchoServer(0))
			.withMessageStartingWith("sample.echo-server.port must be between 1 and 65535");
	}

	@Test
	void aZeroSendIntervalNamesTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SampleProperties(new SampleProperties.EchoServer(7070), Duration.ZERO))
			.withMessage("sample.send-interval must be a positive duration, but was PT0S");
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

		/**
		 * @return the answer, or {@code null} when none came within the time
		 */
		String exchangeWithin(String line, Duration time) throws IOException {
			this.socket.setSoTimeout((int) time.toMillis());
			try {
				return exchange(line);
			}
			catch (SocketTimeoutException ex) {
				return null;
			}
			finally {
				this.socket.setSoTimeout(5000);
			}
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
