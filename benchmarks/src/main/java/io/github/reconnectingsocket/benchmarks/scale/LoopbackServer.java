package io.github.reconnectingsocket.benchmarks.scale;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The server of the scale scenario, run in a child JVM so that its accepted sockets do
 * not count against the benchmark's file descriptors: it accepts on 127.0.0.1 and holds
 * every connection open until it is killed. It prints
 * {@code LISTENING <port> <System.nanoTime()>} once bound (on Linux both JVMs read the
 * same monotonic clock), and exits when its standard input closes, so that it never
 * outlives the benchmark.
 */
public final class LoopbackServer {

	private LoopbackServer() {
	}

	/**
	 * @param args the port (0 for an ephemeral one) and the accept backlog
	 * @throws IOException when the port cannot be bound
	 */
	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(args[0]);
		int backlog = Integer.parseInt(args[1]);
		Thread watchdog = new Thread(() -> {
			try (InputStream in = System.in) {
				while (in.read() >= 0) {
					// the parent never writes: wait for end of stream
				}
			}
			catch (IOException ex) {
				// the parent is gone either way
			}
			System.exit(0);
		}, "parent-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		ServerSocketChannel server = ServerSocketChannel.open();
		server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
		server.bind(new InetSocketAddress("127.0.0.1", port), backlog);
		System.out
			.println("LISTENING " + ((InetSocketAddress) server.getLocalAddress()).getPort() + " " + System.nanoTime());
		System.out.flush();
		List<SocketChannel> accepted = new ArrayList<>();
		while (true) {
			accepted.add(server.accept());
		}
	}

}
