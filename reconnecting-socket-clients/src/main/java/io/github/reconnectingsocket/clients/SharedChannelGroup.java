package io.github.reconnectingsocket.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.AsynchronousChannelGroup;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The channel group of every {@link TcpSocketFactory} not given one: a fixed pool of
 * {@code max(2, cores)} daemon threads named {@code reconnecting-socket-io-N}, created on first use,
 * serving every connection in the JVM. Completion handlers (reads, writes, message handlers) run on
 * these threads directly, like an event loop: they must not block.
 */
final class SharedChannelGroup {

	static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

	private SharedChannelGroup() {
	}

	static AsynchronousChannelGroup get() {
		return Holder.GROUP;
	}

	private static final class Holder {

		static final AsynchronousChannelGroup GROUP = create();

		private static AsynchronousChannelGroup create() {
			AtomicInteger count = new AtomicInteger();
			try {
				return AsynchronousChannelGroup.withFixedThreadPool(THREADS, (task) -> {
					Thread thread = new Thread(task, "reconnecting-socket-io-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot create the clients' channel group", ex);
			}
		}

	}

}
