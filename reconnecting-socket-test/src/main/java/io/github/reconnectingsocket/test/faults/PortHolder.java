package io.github.reconnectingsocket.test.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * A loopback port that refuses every connection: a socket bound to it that never listens
 * nor connects. Unlike "bind port 0, close, use the number", nobody else on the machine
 * can be handed the port while it is held, so the refusal is certain (Linux answers a SYN
 * to a port with no listener with a RST, which Java reports as
 * {@link java.net.ConnectException}).
 */
public final class PortHolder implements AutoCloseable {

	private final SocketChannel channel;

	private final int port;

	private PortHolder(SocketChannel channel) throws IOException {
		this.channel = channel;
		this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
	}

	/**
	 * @return a held, refusing, ephemeral loopback port
	 */
	public static PortHolder hold() {
		return bind(0, false);
	}

	/**
	 * @param port the port to hold
	 * @return the holder, or {@code null} when the port could not be bound
	 */
	static PortHolder tryHold(int port) {
		try {
			return bind(port, true);
		}
		catch (UncheckedIOException ex) {
			return null;
		}
	}

	private static PortHolder bind(int port, boolean reuseAddress) {
		SocketChannel channel = null;
		try {
			channel = SocketChannel.open();
			// Lets the bind succeed while TIME_WAIT connections of a killed server still
			// use the port;
			// without it, nobody else can bind the port at all.
			channel.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
			channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return new PortHolder(channel);
		}
		catch (IOException ex) {
			if (channel != null) {
				Resources.closeQuietly(channel);
			}
			throw new UncheckedIOException("Could not hold loopback port " + port, ex);
		}
	}

	/**
	 * @return the held port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * @return the address that refuses connections
	 */
	public InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port);
	}

	/** Releases the port. */
	@Override
	public void close() {
		Resources.closeQuietly(this.channel);
	}

}
