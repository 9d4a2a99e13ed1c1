package io.github.reconnectingsocket.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives the sample a free web port and a free echo server port, found on loopback before
 * it starts. Port 0 would not do: the sockets are declared with these ports
 * ({@code reconnecting-socket.sockets.echo.tcp.port}, {@code ws-echo.websocket.uri})
 * before the servers listen.
 */
class FreeLoopbackPorts implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		int[] ports = find(2);
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("freeLoopbackPorts",
					Map.of("server.port", ports[0], "sample.echo-server.port", ports[1])));
	}

	/**
	 * @param count how many
	 * @return that many distinct ports free on loopback a moment ago
	 */
	static int[] find(int count) {
		ServerSocket[] sockets = new ServerSocket[count];
		try {
			int[] ports = new int[count];
			// Held open together, so that the ports differ.
			for (int i = 0; i < count; i++) {
				sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				ports[i] = sockets[i].getLocalPort();
			}
			return ports;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				closeQuietly(socket);
			}
		}
	}

	private static void closeQuietly(ServerSocket socket) {
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Found its port already; nothing else to do with it.
			}
		}
	}

}
