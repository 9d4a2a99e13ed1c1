package io.github.reconnectingsocket.clients;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.TimeUnit;

/** Application bytes straight on the channel. */
final class PlainTransport implements Transport {

	private final AsynchronousSocketChannel channel;

	PlainTransport(AsynchronousSocketChannel channel) {
		this.channel = channel;
	}

	@Override
	public void read(ByteBuffer into, CompletionHandler<Integer, Void> handler) {
		this.channel.read(into, null, handler);
	}

	@Override
	public void write(ByteBuffer[] buffers, CompletionHandler<Void, Void> handler) {
		writeFully(this.channel, buffers, 0, handler);
	}

	@Override
	public void close() {
		closeQuietly(this.channel);
	}

	/**
	 * Gathering writes until no byte remains: one write may take only part of the
	 * buffers.
	 */
	static void writeFully(AsynchronousSocketChannel channel, ByteBuffer[] buffers, int first,
			CompletionHandler<Void, Void> handler) {
		channel.write(buffers, first, buffers.length - first, 0, TimeUnit.MILLISECONDS, null,
				new CompletionHandler<Long, Void>() {

					@Override
					public void completed(Long written, Void attachment) {
						int next = first;
						while (next < buffers.length && !buffers[next].hasRemaining()) {
							next++;
						}
						if (next == buffers.length) {
							handler.completed(null, null);
						}
						else {
							writeFully(channel, buffers, next, handler);
						}
					}

					@Override
					public void failed(Throwable ex, Void attachment) {
						handler.failed(ex, null);
					}

				});
	}

	static void closeQuietly(AsynchronousSocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Closing: nothing left to report to.
		}
	}

}
