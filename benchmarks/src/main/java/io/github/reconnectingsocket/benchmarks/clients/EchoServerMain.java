package io.github.reconnectingsocket.benchmarks.clients;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * The echo server of the clients scenario, run in a child JVM so that it does not share
 * the clients' heap and JIT: one selector thread that writes back every byte it reads.
 * Prints {@code LISTENING <port>} once it listens.
 */
public final class EchoServerMain {

	private EchoServerMain() {
	}

	public static void main(String[] args) throws IOException {
		try (Selector selector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
			server.configureBlocking(false);
			server.register(selector, SelectionKey.OP_ACCEPT);
			System.out.println("LISTENING " + ((InetSocketAddress) server.getLocalAddress()).getPort());
			System.out.flush();
			while (true) {
				selector.select();
				Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					handle(selector, key);
				}
			}
		}
	}

	private static void handle(Selector selector, SelectionKey key) throws IOException {
		if (key.isAcceptable()) {
			SocketChannel channel = ((ServerSocketChannel) key.channel()).accept();
			if (channel != null) {
				channel.configureBlocking(false);
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
				channel.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(64 * 1024));
			}
			return;
		}
		SocketChannel channel = (SocketChannel) key.channel();
		ByteBuffer buffer = (ByteBuffer) key.attachment();
		try {
			if (key.isReadable() && channel.read(buffer) < 0) {
				key.cancel();
				channel.close();
				return;
			}
			buffer.flip();
			channel.write(buffer);
			buffer.compact();
			// Bytes the kernel would not take: stop reading until they are written.
			key.interestOps((buffer.position() > 0) ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
		}
		catch (IOException ex) {
			key.cancel();
			channel.close();
		}
	}

}
