package io.github.reconnectingsocket.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import io.github.reconnectingsocket.core.SocketHandle;
import io.github.reconnectingsocket.core.VirtualClock;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;

/**
 * Sockets on one virtual clock with a direct executor, so every command and signal has
 * taken effect when the call returns, and a registry holding them. Their connections do
 * nothing by themselves: the test opens, drops or fails them.
 */
public final class TestSockets {

	/** Starts at 2000-01-01T00:00:00Z. */
	public final VirtualClock clock = new VirtualClock();

	public final ReconnectingSocketRegistry registry = new ReconnectingSocketRegistry();

	private final Map<String, List<Conn>> connections = new ConcurrentHashMap<>();

	/**
	 * Builds a socket with a fixed 1 s backoff without jitter and registers it.
	 * @param name its name
	 * @return the socket, stopped
	 */
	public ReconnectingSocket<Conn> add(String name) {
		return add(name, UnaryOperator.identity());
	}

	/**
	 * @param name its name
	 * @param customizer changes the builder
	 * @return the socket, stopped and registered
	 */
	public ReconnectingSocket<Conn> add(String name, UnaryOperator<ReconnectingSocketBuilder<Conn>> customizer) {
		ReconnectingSocket<Conn> socket = build(name, customizer);
		this.registry.register(socket);
		return socket;
	}

	/**
	 * @param name its name
	 * @param customizer changes the builder
	 * @return the socket, stopped, not registered
	 */
	public ReconnectingSocket<Conn> build(String name, UnaryOperator<ReconnectingSocketBuilder<Conn>> customizer) {
		List<Conn> conns = this.connections.computeIfAbsent(name, (key) -> new ArrayList<>());
		ReconnectingSocketBuilder<Conn> builder = ReconnectingSocket.<Conn>builder()
			.name(name)
			.create((handle, firstOpen) -> {
				Conn conn = new Conn(handle);
				synchronized (conns) {
					conns.add(conn);
				}
				return conn;
			})
			.destroy((conn) -> conn.handle().close())
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ofSeconds(1)).jitter("none").build())
			.openTimeout(null)
			.virtualClock(this.clock)
			.executor(Runnable::run);
		return customizer.apply(builder).build();
	}

	/**
	 * @param name a socket whose current attempt now opens
	 */
	public void open(String name) {
		last(name).handle().open();
	}

	/**
	 * @param name a socket whose current connection (or attempt) now closes on its own
	 */
	public void drop(String name) {
		last(name).handle().close();
	}

	/**
	 * @param name a socket whose current connection reports an error
	 * @param message the error's message
	 */
	public void error(String name, String message) {
		last(name).handle().error(new java.io.IOException(message));
	}

	/**
	 * @param millis how far to move the virtual clock, running what falls due
	 */
	public void advance(long millis) {
		this.clock.advance(Duration.ofMillis(millis));
	}

	/**
	 * @param name a socket's name
	 * @return how many connections it created
	 */
	public int created(String name) {
		List<Conn> conns = this.connections.getOrDefault(name, List.of());
		synchronized (conns) {
			return conns.size();
		}
	}

	private Conn last(String name) {
		List<Conn> conns = this.connections.get(name);
		synchronized (conns) {
			return conns.get(conns.size() - 1);
		}
	}

	/**
	 * A connection driven by the test.
	 *
	 * @param handle its attempt's handle
	 */
	public record Conn(SocketHandle handle) {
	}

}
