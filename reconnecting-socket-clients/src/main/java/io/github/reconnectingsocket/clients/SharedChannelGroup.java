package io.github.reconnectingsocket.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.AsynchronousChannelGroup;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The channel group of every {@link TcpSocketFactory} not given one: a fixed pool of
 * {@code max(2, cores)} daemon threads named {@code reconnecting-socket-io-N} (the system
 * property {@value #THREADS_PROPERTY} sets another number), created on first use, serving
 * every connection in the JVM. Completion handlers (reads, writes, message handlers) run
 * on these threads directly, like an event loop: they must not block.
 */
final class SharedChannelGroup {

	/**
	 * The system property that overrides the number of threads, as Netty's
	 * {@code io.netty.eventLoopThreads} does.
	 */
	static final String THREADS_PROPERTY = "reconnecting-socket.clients.io-threads";

	static final int THREADS = threads(System.getProperty(THREADS_PROPERTY));

	private SharedChannelGroup() {
	}

	static int threads(@Nullable String configured) {
		if (configured == null) {
			return Math.max(2, Runtime.getRuntime().availableProcessors());
		}
		try {
			int threads = Integer.parseInt(configured.trim());
			if (threads >= 1) {
				return threads;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new IllegalArgumentException("Invalid value for system property '" + THREADS_PROPERTY + "': " + configured
				+ " (allowed: a whole number of threads, 1 or more)");
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
