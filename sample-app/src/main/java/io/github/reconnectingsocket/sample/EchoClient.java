package io.github.reconnectingsocket.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousChannelGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The {@code echo} socket factory: connects to the echo server over TCP without blocking,
 * sends a heartbeat line at a fixed interval while connected, and counts the echoes. The
 * starter turns this bean into a managed reconnecting socket; this class only says how to
 * connect and what to do once connected.
 */
public class EchoClient implements SocketFactory<EchoConnection>, AutoCloseable {

	private static final String HEARTBEAT = "heartbeat";

	private final Supplier<InetSocketAddress> address;

	private final Duration heartbeatInterval;

	private final AsynchronousChannelGroup group;

	private final ScheduledThreadPoolExecutor heartbeats;

	private final AtomicLong sequence = new AtomicLong();

	private final AtomicLong heartbeatsSent = new AtomicLong();

	private final AtomicLong echoesReceived = new AtomicLong();

	private volatile EchoConnection current;

	private volatile Echo lastEcho;

	/**
	 * @param address where the echo server is, asked for on every attempt
	 * @param heartbeatInterval how often to send a heartbeat once connected
	 * @throws IOException when the channel group cannot be created
	 */
	public EchoClient(Supplier<InetSocketAddress> address, Duration heartbeatInterval) throws IOException {
		this.address = address;
		this.heartbeatInterval = heartbeatInterval;
		CustomizableThreadFactory io = new CustomizableThreadFactory("echo-client-io-");
		io.setDaemon(true);
		this.group = AsynchronousChannelGroup.withFixedThreadPool(1, io);
		CustomizableThreadFactory timer = new CustomizableThreadFactory("echo-heartbeat-");
		timer.setDaemon(true);
		this.heartbeats = new ScheduledThreadPoolExecutor(1, timer);
		this.heartbeats.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Where it connects: the starter lists each socket's factory this way at start-up.
	 */
	@Override
	public String toString() {
		String where;
		try {
			InetSocketAddress address = this.address.get();
			where = address.getHostString() + ":" + address.getPort();
		}
		catch (RuntimeException ex) {
			where = "(echo server not started)";
		}
		return "EchoClient[tcp://" + where + ", heartbeat every " + this.heartbeatInterval.toMillis() + " ms]";
	}

	@Override
	public EchoConnection create(SocketHandle handle, boolean firstOpen) throws IOException {
		return EchoConnection.connect(this.group, this.address.get(), handle, this::received);
	}

	@Override
	public void destroy(EchoConnection connection) {
		connection.close();
	}

	@Override
	public void onOpen(EchoConnection connection, boolean firstOpen) {
		this.current = connection;
		long period = this.heartbeatInterval.toMillis();
		connection.heartbeat(
				this.heartbeats.scheduleAtFixedRate(() -> sendHeartbeat(connection), 0, period, TimeUnit.MILLISECONDS));
	}

	@Override
	public void onClose(EchoConnection connection) {
		connection.cancelHeartbeat();
		if (this.current == connection) {
			this.current = null;
		}
	}

	/**
	 * @return what has been sent and echoed so far
	 */
	public Stats stats() {
		Echo echo = this.lastEcho;
		EchoConnection connection = this.current;
		return new Stats(connection != null && !connection.isClosed(), this.heartbeatsSent.get(),
				this.echoesReceived.get(), (echo != null) ? echo.line() : null, (echo != null) ? echo.at() : null,
				(echo != null) ? echo.roundTripMillis() : null);
	}

	/**
	 * Stops the heartbeat thread and closes every channel with the client's I/O thread.
	 */
	@Override
	public void close() {
		this.heartbeats.shutdownNow();
		try {
			this.group.shutdownNow();
			this.group.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			// Closing channels that are closing anyway.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void sendHeartbeat(EchoConnection connection) {
		// The send time travels in the line, so the echo tells the round trip.
		connection.send(HEARTBEAT + " " + this.sequence.incrementAndGet() + " " + System.nanoTime());
		if (!connection.isClosed()) {
			this.heartbeatsSent.incrementAndGet();
		}
	}

	private void received(String line) {
		long now = System.nanoTime();
		this.echoesReceived.incrementAndGet();
		Double roundTrip = null;
		String[] parts = line.split(" ");
		if (parts.length == 3 && HEARTBEAT.equals(parts[0])) {
			try {
				roundTrip = (now - Long.parseLong(parts[2])) / 1_000_000.0;
			}
			catch (NumberFormatException ex) {
				// Not one of ours: counted, without a round trip.
			}
		}
		this.lastEcho = new Echo(line, Instant.now(), roundTrip);
	}

	private record Echo(String line, Instant at, Double roundTripMillis) {
	}

	/**
	 * What the client has sent and heard back.
	 *
	 * @param connected whether a connection is open
	 * @param heartbeatsSent heartbeat lines written, over every connection
	 * @param echoesReceived lines echoed back, over every connection
	 * @param lastEcho the last line echoed, or {@code null}
	 * @param lastEchoAt when it came back, or {@code null}
	 * @param lastRoundTripMillis how long its heartbeat took there and back, or
	 * {@code null}
	 */
	public record Stats(boolean connected, long heartbeatsSent, long echoesReceived, String lastEcho,
			Instant lastEchoAt, Double lastRoundTripMillis) {
	}

}
