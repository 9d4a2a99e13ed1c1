package io.github.reconnectingsocket.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;

import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import org.jspecify.annotations.Nullable;

/**
 * A complete TCP client on the JDK's asynchronous channels, as shown in docs/STARTER.md:
 * connects without blocking, reads until the server closes, and reports each event to the
 * handle.
 */
public class TcpClientSocketFactory implements SocketFactory<AsynchronousSocketChannel> {

	private final InetSocketAddress address;

	public TcpClientSocketFactory(String host, int port) {
		this.address = new InetSocketAddress(host, port);
	}

	/** The starter lists each socket's factory at start-up: say where it connects. */
	@Override
	public String toString() {
		return "TcpClientSocketFactory[" + this.address.getHostString() + ":" + this.address.getPort() + "]";
	}

	@Override
	public AsynchronousSocketChannel create(SocketHandle handle, boolean firstOpen) throws IOException {
		AsynchronousSocketChannel channel = AsynchronousSocketChannel.open();
		channel.connect(this.address, null, new CompletionHandler<Void, @Nullable Void>() {

			@Override
			public void completed(Void result, @Nullable Void attachment) {
				handle.open();
				read(channel, handle, ByteBuffer.allocate(4096));
			}

			@Override
			public void failed(Throwable ex, @Nullable Void attachment) {
				closed(channel, handle, ex);
			}

		});
		return channel;
	}

	@Override
	public void destroy(AsynchronousSocketChannel channel) throws IOException {
		// The pending connect or read fails at once, and reports close() to the handle.
		channel.close();
	}

	@Override
	public void onOpen(AsynchronousSocketChannel channel, boolean firstOpen) {
		// Connected: write to the channel from here on.
	}

	private void read(AsynchronousSocketChannel channel, SocketHandle handle, ByteBuffer buffer) {
		buffer.clear();
		channel.read(buffer, null, new CompletionHandler<Integer, @Nullable Void>() {

			@Override
			public void completed(Integer count, @Nullable Void attachment) {
				if (count < 0) {
					closed(channel, handle, null);
					return;
				}
				// buffer.flip() and use the bytes received, then read on.
				read(channel, handle, buffer);
			}

			@Override
			public void failed(Throwable ex, @Nullable Void attachment) {
				closed(channel, handle, ex);
			}

		});
	}

	private static void closed(AsynchronousSocketChannel channel, SocketHandle handle, @Nullable Throwable error) {
		if (error != null && !(error instanceof ClosedChannelException)) {
			handle.error(error);
		}
		try {
			channel.close();
		}
		catch (IOException ex) {
			handle.error(ex);
		}
		handle.close();
	}

}
