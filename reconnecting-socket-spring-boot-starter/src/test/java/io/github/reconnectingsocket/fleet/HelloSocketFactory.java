package io.github.reconnectingsocket.fleet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;

import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import org.jspecify.annotations.Nullable;

/**
 * A TCP client that introduces itself once connected ({@code HELLO <socket> <instance>})
 * and then reads until the server or {@code destroy} closes the connection, so that the
 * server can count who holds which socket.
 */
class HelloSocketFactory implements SocketFactory<AsynchronousSocketChannel> {

	private final InetSocketAddress server;

	private final String hello;

	HelloSocketFactory(int port, String socket, String instance) {
		this.server = new InetSocketAddress("127.0.0.1", port);
		this.hello = "HELLO " + socket + " " + instance + "\n";
	}

	@Override
	public AsynchronousSocketChannel create(SocketHandle handle, boolean firstOpen) throws IOException {
		AsynchronousSocketChannel channel = AsynchronousSocketChannel.open();
		channel.connect(this.server, null, new CompletionHandler<Void, @Nullable Void>() {

			@Override
			public void completed(Void result, @Nullable Void attachment) {
				handle.open();
				read(channel, handle, ByteBuffer.allocate(256));
			}

			@Override
			public void failed(Throwable ex, @Nullable Void attachment) {
				closed(channel, handle);
			}

		});
		return channel;
	}

	@Override
	public void onOpen(AsynchronousSocketChannel channel, boolean firstOpen) {
		channel.write(ByteBuffer.wrap(this.hello.getBytes(StandardCharsets.US_ASCII)));
	}

	@Override
	public void destroy(AsynchronousSocketChannel channel) throws IOException {
		channel.close();
	}

	private static void read(AsynchronousSocketChannel channel, SocketHandle handle, ByteBuffer buffer) {
		buffer.clear();
		channel.read(buffer, null, new CompletionHandler<Integer, @Nullable Void>() {

			@Override
			public void completed(Integer count, @Nullable Void attachment) {
				if (count < 0) {
					closed(channel, handle);
				}
				else {
					read(channel, handle, buffer);
				}
			}

			@Override
			public void failed(Throwable ex, @Nullable Void attachment) {
				closed(channel, handle);
			}

		});
	}

	private static void closed(AsynchronousSocketChannel channel, SocketHandle handle) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			handle.error(ex);
		}
		handle.close();
	}

}
