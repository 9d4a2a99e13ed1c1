package io.github.reconnectingsocket.test.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy between a client and a server that breaks live connections on
 * demand: cut them (FIN both ways), reset them (RST to the client), or stall them (stop
 * forwarding, keep them open). Two daemon pump threads per connection; names start with
 * {@code fault-proxy-}.
 */
public final class FaultProxy implements AutoCloseable {

	private static final AtomicInteger THREADS = new AtomicInteger();

	private final InetSocketAddress target;

	private final ServerSocket listener;

	private final Thread acceptor;

	private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();

	private final Object gate = new Object();

	private boolean stalled;

	private FaultProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.listener = new ServerSocket();
		this.listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		this.acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + THREADS.incrementAndGet());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/**
	 * @param target the server to forward to
	 * @return a proxy listening on an ephemeral loopback port
	 */
	public static FaultProxy start(InetSocketAddress target) {
		try {
			return new FaultProxy(target);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @return the address clients connect to
	 */
	public InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.listener.getLocalPort());
	}

	/**
	 * @return connections being forwarded
	 */
	public int live() {
		return this.pairs.size();
	}

	/**
	 * Closes every live connection gracefully on both sides; new ones are still
	 * forwarded.
	 */
	public void cut() {
		for (Pair pair : this.pairs) {
			pair.close(false);
		}
	}

	/** Resets the client side of every live connection and closes the server side. */
	public void reset() {
		for (Pair pair : this.pairs) {
			pair.close(true);
		}
	}

	/**
	 * Stops forwarding in both directions; connections stay open, bytes wait in the
	 * proxy.
	 */
	public void stall() {
		synchronized (this.gate) {
			this.stalled = true;
		}
	}

	/** Forwards again after {@link #stall()}. */
	public void resume() {
		synchronized (this.gate) {
			this.stalled = false;
			this.gate.notifyAll();
		}
	}

	/** Closes the listener and every connection. */
	@Override
	public void close() {
		Resources.closeQuietly(this.listener);
		Resources.join(this.acceptor);
		cut();
		resume();
	}

	private void acceptLoop() {
		while (true) {
			Socket client;
			try {
				client = this.listener.accept();
			}
			catch (IOException ex) {
				return;
			}
			Socket server = new Socket();
			try {
				server.connect(this.target, 5_000);
			}
			catch (IOException ex) {
				FaultServer.reset(client);
				Resources.closeQuietly(server);
				continue;
			}
			Pair pair = new Pair(client, server);
			this.pairs.add(pair);
			pair.start();
		}
	}

	private void awaitForwarding() throws InterruptedException {
		synchronized (this.gate) {
			while (this.stalled) {
				this.gate.wait();
			}
		}
	}

	private final class Pair {

		final Socket client;

		final Socket server;

		Pair(Socket client, Socket server) {
			this.client = client;
			this.server = server;
		}

		void start() {
			int id = THREADS.incrementAndGet();
			pump(this.client, this.server, "fault-proxy-up-" + id);
			pump(this.server, this.client, "fault-proxy-down-" + id);
		}

		private void pump(Socket from, Socket to, String name) {
			Thread thread = new Thread(() -> {
				byte[] buffer = new byte[8192];
				try {
					InputStream in = from.getInputStream();
					OutputStream out = to.getOutputStream();
					int read;
					while ((read = in.read(buffer)) != -1) {
						awaitForwarding();
						out.write(buffer, 0, read);
						out.flush();
					}
				}
				catch (IOException | InterruptedException ex) {
					// closed by the other pump or by the test
				}
				close(false);
			}, name);
			thread.setDaemon(true);
			thread.start();
		}

		void close(boolean reset) {
			FaultProxy.this.pairs.remove(this);
			if (reset) {
				FaultServer.reset(this.client);
			}
			else {
				Resources.closeQuietly(this.client);
			}
			Resources.closeQuietly(this.server);
		}

	}

}
