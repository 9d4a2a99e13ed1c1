package io.github.reconnectingsocket.example;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StopOutcome;
import io.github.reconnectingsocket.test.faults.WebSocketServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's two examples, kept compiling and working against a real loopback server.
 */
class ReadmeExampleTest {

	// @formatter:off (the README shows this code as it stands here)
	// README: lambda style (the npm original's options object)
	static ReconnectingSocket<AsynchronousSocketChannel> lambdaStyle(InetSocketAddress server, List<String> received) {
		return ReconnectingSocket.<AsynchronousSocketChannel>builder()
			.name("echo")
			.backoff(Backoff.builder().initialDelay(Duration.ofMillis(200)).maxDelay(Duration.ofSeconds(5)).failAfter(4).build())
			.create((handle, firstOpen) -> {
				AsynchronousSocketChannel channel = AsynchronousSocketChannel.open();
				channel.connect(server, null, new CompletionHandler<Void, Void>() {
					@Override
					public void completed(Void result, Void attachment) {
						handle.open(); // connected: onOpen runs next
						readUntilClosed(channel, handle, received);
					}

					@Override
					public void failed(Throwable error, Void attachment) {
						handle.error(error); // kept as the last error, handed to onFail
						handle.close(); // this attempt is over: the machine backs off and retries
					}
				});
				return channel;
			})
			.destroy(AsynchronousSocketChannel::close) // fails the pending read or connect: close() follows
			.onOpen((channel, firstOpen) -> channel.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.UTF_8))))
			.onFail((lastError) -> System.err.println("gave up: " + lastError))
			.build();
	}

	static void readUntilClosed(AsynchronousSocketChannel channel, SocketHandle handle, List<String> received) {
		ByteBuffer buffer = ByteBuffer.allocate(1024);
		channel.read(buffer, null, new CompletionHandler<Integer, Void>() {
			@Override
			public void completed(Integer count, Void attachment) {
				if (count < 0) {
					handle.close(); // the server closed the connection
					return;
				}
				received.add(new String(buffer.array(), 0, count, StandardCharsets.UTF_8).trim());
				buffer.clear();
				channel.read(buffer, null, this);
			}

			@Override
			public void failed(Throwable error, Void attachment) {
				handle.error(error);
				handle.close();
			}
		});
	}

	// README: an asynchronous client, the JDK's WebSocket (the body is the README's, verbatim)
	static ReconnectingSocket<WebSocket> webSocketStyle(HttpClient http, URI uri, List<String> received) {
		ReconnectingSocket<WebSocket> socket = ReconnectingSocket.builder(WebSocket.class)
			.name("quotes")
			.livenessTimeout(Duration.ofSeconds(30))                  // silent that long: dropped and reopened
			.connect((handle, firstOpen) -> http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
				public CompletionStage<?> onText(WebSocket ws, CharSequence text, boolean last) {
					handle.alive();                                    // any inbound frame shows the peer is alive
					received.add(text.toString());
					ws.request(1);
					return null;
				}
				public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
					handle.alive();
					ws.request(1);
					return null;
				}
				public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
					handle.close();                                    // the server closed: back off, reconnect
					return null;
				}
				public void onError(WebSocket ws, Throwable error) { handle.error(error); handle.close(); }
			}))                                                        // completes once the handshake is done
			.destroy(WebSocket::abort)                                 // calls no listener: returning means closed
			.onOpen((ws, firstOpen) -> ws.sendText("hello", true))
			.build();
		return socket;
	}
	// @formatter:on

	// README: class style (the npm original's subclass)
	static final class EchoClient implements SocketFactory<AsynchronousSocketChannel> {

		private final InetSocketAddress server;

		final List<String> received = new CopyOnWriteArrayList<>();

		EchoClient(InetSocketAddress server) {
			this.server = server;
		}

		@Override
		public AsynchronousSocketChannel create(SocketHandle handle, boolean firstOpen) throws Exception {
			AsynchronousSocketChannel channel = AsynchronousSocketChannel.open();
			channel.connect(this.server, null, new CompletionHandler<Void, Void>() {
				@Override
				public void completed(Void result, Void attachment) {
					handle.open();
					readUntilClosed(channel, handle, EchoClient.this.received);
				}

				@Override
				public void failed(Throwable error, Void attachment) {
					handle.error(error);
					handle.close();
				}
			});
			return channel;
		}

		@Override
		public void destroy(AsynchronousSocketChannel channel) throws Exception {
			channel.close();
		}

		@Override
		public void onOpen(AsynchronousSocketChannel channel, boolean firstOpen) {
			channel.write(ByteBuffer
				.wrap(("hello " + (firstOpen ? "first" : "again") + "\n").getBytes(StandardCharsets.UTF_8)));
		}

	}

	@Test
	void lambdaStyleOpensEchoesAndStops() throws Exception {
		try (ServerSocket server = echoServer()) {
			List<String> received = new CopyOnWriteArrayList<>();
			ReconnectingSocket<AsynchronousSocketChannel> socket = lambdaStyle(
					new InetSocketAddress("127.0.0.1", server.getLocalPort()), received);
			socket.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("hello"));
			assertThat(socket.state()).isEqualTo(SocketState.OPENED);
			socket.stop().toCompletableFuture().get();
			assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
			assertThat(socket.snapshot().counters().opens()).isEqualTo(1);
		}
	}

	@Test
	void classStyleOpensWithFirstOpen() throws Exception {
		try (ServerSocket server = echoServer()) {
			EchoClient client = new EchoClient(new InetSocketAddress("127.0.0.1", server.getLocalPort()));
			ReconnectingSocket<AsynchronousSocketChannel> socket = ReconnectingSocket.builder(client)
				.name("echo")
				.build();
			socket.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> client.received.contains("hello first"));
			socket.stop().toCompletableFuture().get();
			assertThat(socket.state()).isEqualTo(SocketState.STOPPED);
		}
	}

	@Test
	void webSocketStyleOpensEchoesReconnectsWhenTheServerIsGoneAndStopsAtOnce() throws Exception {
		try (WebSocketServer server = WebSocketServer.start(WebSocketServer.Mode.ECHO)) {
			List<String> received = new CopyOnWriteArrayList<>();
			ReconnectingSocket<WebSocket> socket = webSocketStyle(HttpClient.newHttpClient(), server.uri(), received);
			try {
				socket.start();
				WebSocket first = socket.whenOpen().toCompletableFuture().get(10, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("hello"));
				first.sendText("echo me", true);
				await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("echo me"));

				server.kill();
				await().atMost(Duration.ofSeconds(10)).until(() -> socket.state() != SocketState.OPENED);
				server.restart();
				WebSocket second = socket.whenOpen().toCompletableFuture().get(20, TimeUnit.SECONDS);
				assertThat(second).isNotSameAs(first);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> received.stream().filter("hello"::equals).count() == 2);
				assertThat(socket.snapshot().counters().disconnections()).isEqualTo(1);

				long before = System.nanoTime();
				StopOutcome outcome = socket.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
				assertThat(outcome).isEqualTo(StopOutcome.CLOSED);
				assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(500));
			}
			finally {
				socket.stop().toCompletableFuture().get(15, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void theReadmeShowsTheWebSocketExampleVerbatimInAtMost25Lines() throws Exception {
		String test = java.nio.file.Files.readString(java.nio.file.Path.of("src", "test", "java", "io", "github",
				"reconnectingsocket", "example", "ReadmeExampleTest.java"));
		String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
		String begin = "ReconnectingSocket<WebSocket> socket = ReconnectingSocket.builder(WebSocket.class)";
		String example = test.substring(test.indexOf(begin), test.indexOf(".build();", test.indexOf(begin)));
		String section = readme.substring(readme.indexOf("### An asynchronous client: the JDK's WebSocket"));
		String block = section.substring(section.indexOf("```java") + 7,
				section.indexOf("```", section.indexOf("```java") + 7));
		assertThat(stripped(block)).contains(stripped(example));
		assertThat(block.strip().lines()).hasSizeLessThanOrEqualTo(25);
	}

	private static String stripped(String code) {
		return code.lines().map(String::strip).collect(java.util.stream.Collectors.joining("\n"));
	}

	/** A line echo server on an ephemeral loopback port, one thread per connection. */
	private static ServerSocket echoServer() throws Exception {
		ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			while (!server.isClosed()) {
				try {
					Socket client = server.accept();
					Thread echo = new Thread(() -> {
						try (client;
								BufferedReader in = new BufferedReader(
										new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
								PrintWriter out = new PrintWriter(client.getOutputStream(), true,
										StandardCharsets.UTF_8)) {
							String line;
							while ((line = in.readLine()) != null) {
								out.println(line);
							}
						}
						catch (Exception ex) {
							// the client went away
						}
					});
					echo.setDaemon(true);
					echo.start();
				}
				catch (Exception ex) {
					return;
				}
			}
		});
		acceptor.setDaemon(true);
		acceptor.start();
		return server;
	}

}
