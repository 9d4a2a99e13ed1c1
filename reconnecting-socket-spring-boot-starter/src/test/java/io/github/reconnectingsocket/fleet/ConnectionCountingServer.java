package io.github.reconnectingsocket.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The upstream of the fleet: a loopback TCP server that accepts any number of connections
 * and keeps, per socket name (one role each), who is connected, the most ever connected
 * at once, and for how long more than one was.
 */
final class ConnectionCountingServer implements AutoCloseable {

	private final ServerSocket server;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private final Map<String, List<String>> holders = new HashMap<>();

	private final Map<String, Integer> maxConcurrent = new HashMap<>();

	private final Map<String, Long> overlapNanos = new HashMap<>();

	private final Map<String, Long> overlapSince = new HashMap<>();

	private final List<Event> events = new ArrayList<>();

	ConnectionCountingServer() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "fleet-server-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * @return the instances connected as this socket now
	 */
	synchronized List<String> holders(String name) {
		return List.copyOf(this.holders.getOrDefault(name, List.of()));
	}

	synchronized int maxConcurrent(String name) {
		return this.maxConcurrent.getOrDefault(name, 0);
	}

	/**
	 * @return how long, in total, more than one instance was connected as this socket
	 */
	synchronized long overlapMillis(String name) {
		long total = this.overlapNanos.getOrDefault(name, 0L);
		Long since = this.overlapSince.get(name);
		return (total + ((since != null) ? System.nanoTime() - since : 0)) / 1_000_000;
	}

	/**
	 * @param name a socket name
	 * @param afterNanos a {@link System#nanoTime()}
	 * @return the first connection or disconnection of that socket after that time, or
	 * {@code null}
	 */
	synchronized Event firstAfter(String name, boolean opened, long afterNanos) {
		for (Event event : this.events) {
			if (event.name.equals(name) && event.opened == opened && event.nanos > afterNanos) {
				return event;
			}
		}
		return null;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.accepted.add(socket);
				Thread reader = new Thread(() -> serve(socket), "fleet-server-conn");
				reader.setDaemon(true);
				reader.start();
			}
			catch (IOException ex) {
				// Closed.
			}
		}
	}

	private void serve(Socket socket) {
		String name = null;
		String instance = null;
		try (socket;
				BufferedReader in = new BufferedReader(
						new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
			String[] hello = String.valueOf(in.readLine()).split(" ");
			if (hello.length != 3 || !hello[0].equals("HELLO")) {
				return;
			}
			name = hello[1];
			instance = hello[2];
			opened(name, instance);
			while (in.read() >= 0) {
				// Nothing is sent after the hello: wait for the end of the connection.
			}
		}
		catch (IOException ex) {
			// Reset by a killed instance: the connection is over all the same.
		}
		finally {
			if (name != null) {
				closed(name, instance);
			}
			this.accepted.remove(socket);
		}
	}

	private synchronized void opened(String name, String instance) {
		List<String> now = this.holders.computeIfAbsent(name, (key) -> new ArrayList<>());
		now.add(instance);
		this.maxConcurrent.merge(name, now.size(), Math::max);
		if (now.size() == 2) {
			this.overlapSince.put(name, System.nanoTime());
		}
		this.events.add(new Event(name, instance, true, System.nanoTime()));
	}

	private synchronized void closed(String name, String instance) {
		List<String> now = this.holders.get(name);
		now.remove(instance);
		if (now.size() == 1) {
			Long since = this.overlapSince.remove(name);
			if (since != null) {
				this.overlapNanos.merge(name, System.nanoTime() - since, Long::sum);
			}
		}
		this.events.add(new Event(name, instance, false, System.nanoTime()));
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.accepted) {
			socket.close();
		}
	}

	/** A connection ({@code opened}) or disconnection of one instance as one socket. */
	record Event(String name, String instance, boolean opened, long nanos) {
	}

}
