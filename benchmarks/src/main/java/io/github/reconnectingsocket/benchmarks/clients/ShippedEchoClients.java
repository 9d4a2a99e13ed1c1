package io.github.reconnectingsocket.benchmarks.clients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.clients.Framing;
import io.github.reconnectingsocket.clients.TcpClient;

/**
 * The shipped {@link TcpClient} with the lines framing, one per connection, sending with
 * {@code client.send}.
 */
final class ShippedEchoClients implements EchoClients {

	private final List<TcpClient<String>> clients = new ArrayList<>();

	private final List<SendTimes> times = new ArrayList<>();

	private volatile EchoLoad load;

	@Override
	public void open(int port, int connections) throws Exception {
		List<CompletableFuture<?>> opened = new ArrayList<>();
		for (int i = 0; i < connections; i++) {
			SendTimes sendTimes = new SendTimes(1024);
			TcpClient<String>[] self = new TcpClient[1];
			TcpClient<String> client = TcpClient.builder("127.0.0.1", port, Framing.lines(1024)).onMessage((line) -> {
				if (this.load.echoed(sendTimes, line)) {
					sent(self[0].send(EchoLoad.LINE));
				}
			})
				.socket((socket) -> socket.name("bench-" + sendTimes.hashCode()).openTimeout(Duration.ofMinutes(1)))
				.build();
			self[0] = client;
			this.clients.add(client);
			this.times.add(sendTimes);
			client.start();
			opened.add(client.socket().whenOpen().toCompletableFuture());
		}
		CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
	}

	@Override
	public void start(EchoLoad load) {
		this.load = load;
		for (int i = 0; i < this.clients.size(); i++) {
			for (int j = 0; j < load.window; j++) {
				this.times.get(i).sent(System.nanoTime());
				sent(this.clients.get(i).send(EchoLoad.LINE));
			}
		}
	}

	/**
	 * A send refused at once would leave its send time behind and shrink the window:
	 * counted and reported.
	 */
	private void sent(CompletionStage<Void> stage) {
		if (stage.toCompletableFuture().isCompletedExceptionally()) {
			this.load.failedSends.increment();
		}
	}

	@Override
	public long[] takeLongestWaitsNanos() {
		return this.times.stream().mapToLong(SendTimes::takeLongestWaitNanos).toArray();
	}

	@Override
	public long[] takeEchoesPerConnection() {
		return this.times.stream().mapToLong(SendTimes::takeEchoes).toArray();
	}

	@Override
	public String threads() {
		return "the clients' shared event loops (" + Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("reconnecting-socket-io-"))
			.count() + " x reconnecting-socket-io-N, one selector thread each)";
	}

	@Override
	public void close() throws Exception {
		List<CompletableFuture<?>> stops = new ArrayList<>();
		for (TcpClient<String> client : this.clients) {
			stops.add(client.stop().toCompletableFuture());
		}
		CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
	}

}
