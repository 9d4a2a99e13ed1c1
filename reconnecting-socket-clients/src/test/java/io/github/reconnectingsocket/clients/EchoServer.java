package io.github.reconnectingsocket.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * A TCP server that echoes every byte (any framing survives an echo), and can send bytes
 * of its own.
 */
public final class EchoServer extends LoopbackServer {

	private EchoServer(@Nullable SSLContext ssl) {
		super(ssl);
	}

	public static EchoServer start() throws IOException {
		return start(null);
	}

	public static EchoServer start(@Nullable SSLContext ssl) throws IOException {
		EchoServer server = create(ssl);
		server.listen();
		return server;
	}

	/**
	 * @return a server not listening yet: {@code listen()} or {@code listenOn(port)}
	 */
	public static EchoServer create(@Nullable SSLContext ssl) {
		return new EchoServer(ssl);
	}

	@Override
	void serve(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		OutputStream out = socket.getOutputStream();
		byte[] buffer = new byte[64 * 1024];
		while (true) {
			waitWhileDeaf(socket);
			int count = in.read(buffer);
			if (count < 0) {
				return;
			}
			if (mode() == Mode.ANSWER) {
				synchronized (out) {
					out.write(buffer, 0, count);
					out.flush();
				}
			}
		}
	}

	/** Writes these bytes to every connection: a malformed frame, an over-long line... */
	public void sendToAll(byte[] bytes) throws IOException {
		for (Socket socket : connections()) {
			OutputStream out = socket.getOutputStream();
			synchronized (out) {
				out.write(bytes);
				out.flush();
			}
		}
	}

}
