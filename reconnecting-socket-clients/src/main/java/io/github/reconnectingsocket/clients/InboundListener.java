package io.github.reconnectingsocket.clients;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import io.github.reconnectingsocket.core.SocketHandle;
import org.jspecify.annotations.Nullable;

/**
 * The JDK WebSocket's listener for one connection: assembles partial messages up to
 * {@code maxMessageSize}, feeds liveness with every message, ping and pong, and reports
 * the peer's close and errors to the handle. The JDK calls it one event at a time and
 * answers pings itself.
 */
final class InboundListener implements WebSocket.Listener {

	private static final System.Logger LOGGER = System.getLogger(WebSocketConnection.class.getName());

	private final WebSocketConnection connection;

	private final SocketHandle handle;

	private final WebSocketClientOptions options;

	private final StringBuilder text = new StringBuilder();

	private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

	InboundListener(WebSocketConnection connection, SocketHandle handle, WebSocketClientOptions options) {
		this.connection = connection;
		this.handle = handle;
		this.options = options;
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		this.connection.attach(webSocket);
		webSocket.request(1);
	}

	@Override
	public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.handle.alive();
		if (this.text.length() + data.length() > this.options.maxMessageSize()) {
			tooLarge("text", this.text.length() + data.length(), "chars");
			return null;
		}
		if (last && this.text.length() == 0) {
			deliver(this.options.textHandler(), data.toString());
		}
		else {
			this.text.append(data);
			if (last) {
				deliver(this.options.textHandler(), this.text.toString());
				this.text.setLength(0);
			}
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
		this.handle.alive();
		if (this.binary.size() + data.remaining() > this.options.maxMessageSize()) {
			tooLarge("binary", this.binary.size() + data.remaining(), "bytes");
			return null;
		}
		byte[] part = new byte[data.remaining()];
		data.get(part);
		if (last && this.binary.size() == 0) {
			deliver(this.options.binaryHandler(), part);
		}
		else {
			this.binary.writeBytes(part);
			if (last) {
				deliver(this.options.binaryHandler(), this.binary.toByteArray());
				this.binary.reset();
			}
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public @Nullable CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
		this.handle.alive();
		webSocket.request(1);
		return null;
	}

	@Override
	public @Nullable CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
		this.handle.alive();
		webSocket.request(1);
		return null;
	}

	@Override
	public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		// The JDK answers with a Close frame of its own and then closes the TCP
		// connection.
		this.connection.ended(new WebSocketClosedException(statusCode, reason), false);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.connection.ended(error, true);
	}

	private void tooLarge(String kind, long size, String unit) {
		this.connection.ended(new FramingException("WebSocket " + kind + " message of at least " + size + " " + unit
				+ " received: larger than maxMessageSize " + this.options.maxMessageSize()), true);
	}

	private <T> void deliver(Consumer<T> handler, T message) {
		try {
			handler.accept(message);
		}
		catch (RuntimeException ex) {
			LOGGER.log(System.Logger.Level.WARNING,
					"The message handler of the WebSocket " + this.connection.peer() + " threw; reading goes on", ex);
		}
	}

}
