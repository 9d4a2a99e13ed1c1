package io.github.reconnectingsocket.test.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The listening side of the toolkit's servers ({@link FaultServer},
 * {@link WebSocketServer}): a loopback port that stays the server's across a kill and a
 * restart, and one daemon thread that runs the server's accept loop on the current
 * listening socket. While killed, a {@link PortHolder} keeps the port: connects are
 * refused, and nobody else running tests on this machine can take the port before
 * {@link #restart()}.
 */
final class LoopbackListener {

	private final int port;

	private final Supplier<String> threadName;

	private final Consumer<ServerSocket> acceptLoop;

	private volatile @Nullable ServerSocket socket;

	private volatile @Nullable Thread acceptor;

	private @Nullable PortHolder holder;

	/**
	 * Binds an ephemeral loopback port; {@link #start()} begins accepting.
	 * @param threadName the name of each accept thread, one per start or restart
	 * @param acceptLoop accepts on the socket given until its {@code accept()} fails
	 * @throws IOException when no port can be bound
	 */
	LoopbackListener(Supplier<String> threadName, Consumer<ServerSocket> acceptLoop) throws IOException {
		this.threadName = threadName;
		this.acceptLoop = acceptLoop;
		ServerSocket first = bind(0);
		this.port = first.getLocalPort();
		this.socket = first;
	}

	/** Starts the accept thread on the socket bound by the constructor. */
	synchronized void start() {
		ServerSocket current = this.socket;
		if (current != null && this.acceptor == null) {
			accept(current);
		}
	}

	int port() {
		return this.port;
	}

	/**
	 * @return whether the port is listening (not killed)
	 */
	boolean listening() {
		return this.socket != null;
	}

	/**
	 * @param socket a socket handed to the accept loop
	 * @return whether it is still the listening socket (no kill since)
	 */
	boolean listeningOn(ServerSocket socket) {
		return this.socket == socket;
	}

	/**
	 * Closes the listening socket and waits (at most 5 s) for its accept thread to end.
	 * @return {@code false} when it was not listening
	 */
	synchronized boolean stop() {
		ServerSocket current = this.socket;
		if (current == null) {
			return false;
		}
		this.socket = null;
		Resources.closeQuietly(current);
		Resources.join(this.acceptor);
		return true;
	}

	/** Keeps the port refusing until {@link #restart()}, once {@link #stop() stopped}. */
	synchronized void holdPort() {
		this.holder = PortHolder.tryHold(this.port);
	}

	/** Listens again on the same port, unless it is listening. */
	synchronized void restart() {
		if (this.socket != null) {
			return;
		}
		releasePort();
		try {
			ServerSocket again = bind(this.port);
			this.socket = again;
			accept(again);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not listen again on port " + this.port, ex);
		}
	}

	/** Lets the port go for good, once {@link #stop() stopped}. */
	synchronized void releasePort() {
		if (this.holder != null) {
			this.holder.close();
			this.holder = null;
		}
	}

	private void accept(ServerSocket listening) {
		Thread thread = new Thread(() -> this.acceptLoop.accept(listening), this.threadName.get());
		thread.setDaemon(true);
		this.acceptor = thread;
		thread.start();
	}

	private static ServerSocket bind(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		return socket;
	}

}
