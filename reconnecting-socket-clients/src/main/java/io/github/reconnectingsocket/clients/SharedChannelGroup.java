package io.github.reconnectingsocket.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.AsynchronousChannelGroup;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The channel groups of every {@link TcpSocketFactory} not given one: {@code max(1,
 * cores / 2)} event loops (the system property {@value #THREADS_PROPERTY} sets another
 * number), each a channel group of one daemon thread named
 * {@code reconnecting-socket-io-N}, created on first use; each new connection takes the
 * next loop in turn and stays on it. Completion handlers (reads, writes, message
 * handlers) run on these threads directly, like an event loop: they must not block.
 *
 * <p>
 * One thread per group, not one group of several threads: the JDK's group on Linux shares
 * one epoll set and one queue of ready events between all its threads, and runs the
 * completions it cannot run directly as tasks, one task per poll. Measured with 1,000
 * busy connections on 2 cores, one group of two threads cost 1.5 to 3 times the CPU per
 * message of one thread and left connections waiting more than 1 s between two reads
 * (docs/BENCHMARKS.md, scenario 7).
 */
final class SharedChannelGroup {

	/**
	 * The system property that overrides the number of event loops (threads), as Netty's
	 * {@code io.netty.eventLoopThreads} does.
	 */
	static final String THREADS_PROPERTY = "reconnecting-socket.clients.io-threads";

	static final int THREADS = threads(System.getProperty(THREADS_PROPERTY));

	private static final AtomicInteger NEXT = new AtomicInteger();

	private SharedChannelGroup() {
	}

	static int threads(@Nullable String configured) {
		if (configured == null) {
			return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
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

	/**
	 * @return the event loop of a new connection: the next one in turn
	 */
	static AsynchronousChannelGroup get() {
		AsynchronousChannelGroup[] groups = Holder.GROUPS;
		return groups[Math.floorMod(NEXT.getAndIncrement(), groups.length)];
	}

	private static final class Holder {

		static final AsynchronousChannelGroup[] GROUPS = create();

		private static AsynchronousChannelGroup[] create() {
			AtomicInteger count = new AtomicInteger();
			AsynchronousChannelGroup[] groups = new AsynchronousChannelGroup[THREADS];
			try {
				for (int i = 0; i < groups.length; i++) {
					groups[i] = AsynchronousChannelGroup.withFixedThreadPool(1, (task) -> {
						Thread thread = new Thread(task, "reconnecting-socket-io-" + count.incrementAndGet());
						thread.setDaemon(true);
						return thread;
					});
				}
				return groups;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot create the clients' channel groups", ex);
			}
		}

	}

}
