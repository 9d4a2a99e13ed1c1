package io.github.reconnectingsocket.benchmarks.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The baseline: a plain NIO client as one would write it by hand, all connections on one
 * selector thread; lines encoded and decoded as Strings, and the answers to one read
 * written at once, as the shipped client does.
 */
final class NioEchoClients implements EchoClients {

	private final List<Connection> connections = new ArrayList<>();

	private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private Selector selector;

	private Thread thread;

	private volatile boolean closed;

	private volatile EchoLoad load;

	@Override
	public void open(int port, int count) throws IOException {
		this.selector = Selector.open();
		for (int i = 0; i < count; i++) {
			SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			channel.configureBlocking(false);
			Connection connection = new Connection(channel);
			connection.key = channel.register(this.selector, SelectionKey.OP_READ, connection);
			this.connections.add(connection);
		}
		this.thread = new Thread(this::loop, "bench-nio-client");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void start(EchoLoad load) {
		this.load = load;
		this.tasks.add(() -> {
			for (Connection connection : this.connections) {
				for (int j = 0; j < load.window; j++) {
					connection.times.sent(System.nanoTime());
					try {
						connection.send(EchoLoad.LINE);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}
			}
		});
		this.selector.wakeup();
	}

	@Override
	public long[] takeLongestWaitsNanos() {
		return this.connections.stream().mapToLong((connection) -> connection.times.takeLongestWaitNanos()).toArray();
	}

	@Override
	public long[] takeEchoesPerConnection() {
		return this.connections.stream().mapToLong((connection) -> connection.times.takeEchoes()).toArray();
	}

	@Override
	public String threads() {
		return "one selector thread (bench-nio-client)";
	}

	private void loop() {
		try {
			while (!this.closed) {
				this.selector.select();
				for (Runnable task = this.tasks.poll(); task != null; task = this.tasks.poll()) {
					task.run();
				}
				Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					if (key.isValid()) {
						((Connection) key.attachment()).ready(key);
					}
				}
			}
		}
		catch (IOException ex) {
			if (!this.closed) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	@Override
	public void close() throws Exception {
		this.closed = true;
		this.selector.wakeup();
		this.thread.join(10_000);
		for (Connection connection : this.connections) {
			connection.channel.close();
		}
		this.selector.close();
	}

	private final class Connection {

		final SocketChannel channel;

		final SendTimes times = new SendTimes(1024);

		final ByteBuffer in = ByteBuffer.allocate(16 * 1024);

		ByteBuffer out = ByteBuffer.allocate(16 * 1024);

		SelectionKey key;

		Connection(SocketChannel channel) {
			this.channel = channel;
			this.out.flip();
		}

		void ready(SelectionKey key) throws IOException {
			if (key.isWritable()) {
				flush();
			}
			if (key.isReadable()) {
				if (this.channel.read(this.in) < 0) {
					throw new IOException("the echo server closed a connection");
				}
				this.in.flip();
				for (int end = indexOf(this.in, '\n'); end >= 0; end = indexOf(this.in, '\n')) {
					int length = end - this.in.position();
					String line = new String(this.in.array(), this.in.position(), length, StandardCharsets.UTF_8);
					this.in.position(end + 1);
					if (NioEchoClients.this.load.echoed(this.times, line)) {
						append(EchoLoad.LINE);
					}
				}
				this.in.compact();
				flush();
			}
		}

		void send(String line) throws IOException {
			append(line);
			flush();
		}

		/**
		 * Queues a line; the answers to one read leave in one write, as the shipped
		 * client does.
		 */
		void append(String line) throws IOException {
			byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
			if (this.out.remaining() + bytes.length > this.out.capacity()) {
				throw new IOException("output buffer full");
			}
			this.out.compact().put(bytes).flip();
		}

		private void flush() throws IOException {
			this.channel.write(this.out);
			this.key.interestOps(
					this.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
		}

		private int indexOf(ByteBuffer buffer, char c) {
			for (int i = buffer.position(); i < buffer.limit(); i++) {
				if (buffer.get(i) == c) {
					return i;
				}
			}
			return -1;
		}

	}

}
