package io.github.reconnectingsocket.test.faults;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The server's side of the RFC 6455 opening handshake, for {@link WebSocketServer}: read
 * the HTTP Upgrade request, answer {@code 101 Switching Protocols} with the
 * {@code Sec-WebSocket-Accept} of its key, or {@code 400 Bad Request} without one.
 */
final class WebSocketHandshake {

	private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private WebSocketHandshake() {
	}

	/**
	 * Reads the request up to its blank line.
	 * @param in the connection's input
	 * @return the Sec-WebSocket-Key, or {@code null} when the request has none
	 * @throws IOException on a read failure, or end of stream before the blank line
	 */
	static @Nullable String readRequest(InputStream in) throws IOException {
		String key = null;
		String line;
		while (!(line = readLine(in)).isEmpty()) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
				key = line.substring(colon + 1).trim();
			}
		}
		return key;
	}

	/**
	 * Completes the handshake: {@code 101 Switching Protocols}, flushed.
	 * @param out the connection's output
	 * @param key the request's Sec-WebSocket-Key
	 * @throws IOException on a write failure
	 */
	static void accept(OutputStream out, String key) throws IOException {
		out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
				+ "Sec-WebSocket-Accept: " + acceptValue(key) + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	/**
	 * Refuses a request without a key: {@code 400 Bad Request}, sent when the connection
	 * closes.
	 * @param out the connection's output
	 * @throws IOException on a write failure
	 */
	static void refuse(OutputStream out) throws IOException {
		out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * @param key a Sec-WebSocket-Key
	 * @return its Sec-WebSocket-Accept: the base64 SHA-1 of the key and the RFC's GUID
	 */
	static String acceptValue(String key) {
		try {
			byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
			return Base64.getEncoder().encodeToString(sha1);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != '\n') {
			if (b == -1) {
				throw new EOFException("end of stream in the handshake");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

}
