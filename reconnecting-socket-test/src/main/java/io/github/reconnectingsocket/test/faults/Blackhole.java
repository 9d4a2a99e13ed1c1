package io.github.reconnectingsocket.test.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port where a connect never completes: a listener with a backlog of 1 that
 * never accepts, its accept queue filled by connections of its own.
 *
 * <p>
 * Checked on Linux (kernel 6.x): with {@code listen(fd, 1)} the accept queue takes two
 * connections; once it is full the kernel drops every further SYN without an answer
 * ({@code ListenOverflows}), so the client stays in {@code SYN_SENT} and keeps
 * retransmitting for about two minutes before {@code ETIMEDOUT}: a true blackhole, on
 * loopback, with no firewall rule. The filling is adaptive: connections are added until a
 * probe connect stays pending for {@value #PROBE_MILLIS} ms, so a kernel that queues more
 * than the backlog says is filled too; a kernel that answers every SYN (for example with
 * {@code tcp_abort_on_overflow}, which resets) makes {@link #open()} fail with a clear
 * message rather than give a port that is no blackhole.
 */
public final class Blackhole implements AutoCloseable {

	static final long PROBE_MILLIS = 150;

	private static final int MAX_FILLERS = 64;

	private final ServerSocketChannel listener;

	private final List<SocketChannel> fillers;

	private final int port;

	private Blackhole(ServerSocketChannel listener, List<SocketChannel> fillers) throws IOException {
		this.listener = listener;
		this.fillers = fillers;
		this.port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
	}

	/**
	 * @return a port whose connects hang, on an ephemeral loopback port
	 */
	public static Blackhole open() {
		ServerSocketChannel listener = null;
		List<SocketChannel> fillers = new ArrayList<>();
		try {
			listener = ServerSocketChannel.open();
			listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
			InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
			while (fillers.size() < MAX_FILLERS) {
				SocketChannel probe = SocketChannel.open();
				if (!completesWithin(probe, address, PROBE_MILLIS)) {
					probe.close();
					return new Blackhole(listener, fillers);
				}
				fillers.add(probe);
			}
			throw new IllegalStateException("No blackhole on this kernel: " + MAX_FILLERS
					+ " connects to a listener with backlog 1 that never accepts all completed");
		}
		catch (IOException | RuntimeException ex) {
			fillers.forEach(Resources::closeQuietly);
			if (listener != null) {
				Resources.closeQuietly(listener);
			}
			if (ex instanceof IOException io) {
				throw new UncheckedIOException(io);
			}
			throw (RuntimeException) ex;
		}
	}

	private static boolean completesWithin(SocketChannel channel, InetSocketAddress address, long millis)
			throws IOException {
		channel.configureBlocking(false);
		if (channel.connect(address)) {
			return true;
		}
		try (Selector selector = Selector.open()) {
			channel.register(selector, SelectionKey.OP_CONNECT);
			if (selector.select(millis) == 0) {
				return false;
			}
			return channel.finishConnect();
		}
	}

	/**
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * @return the address whose connects hang
	 */
	public InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port);
	}

	/**
	 * @return how many connections of its own fill the accept queue
	 */
	public int fillers() {
		return this.fillers.size();
	}

	/** Closes the listener and the connections that filled it. */
	@Override
	public void close() {
		this.fillers.forEach(Resources::closeQuietly);
		Resources.closeQuietly(this.listener);
	}

}
