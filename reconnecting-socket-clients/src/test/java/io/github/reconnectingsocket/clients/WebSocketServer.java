package io.github.reconnectingsocket.clients;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * A minimal RFC 6455 server for tests: the opening handshake with
 * {@code Sec-WebSocket-Accept} and the first offered subprotocol, unmasking, echo of
 * whole text and binary messages, Ping answered with Pong, Close answered with Close. It
 * can refuse the upgrade with an HTTP status, send fragments, send a Close frame, and go
 * silent or deaf.
 */
public final class WebSocketServer extends LoopbackServer {

	private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private final boolean tls;

	private volatile int refuseWith;

	private final AtomicInteger pings = new AtomicInteger();

	private final Map<String, String> lastRequestHeaders = new ConcurrentHashMap<>();

	private final Map<Socket, OutputStream> outputs = new ConcurrentHashMap<>();

	private WebSocketServer(@Nullable SSLContext ssl) {
		super(ssl);
		this.tls = ssl != null;
	}

	public static WebSocketServer start(@Nullable SSLContext ssl) throws IOException {
		WebSocketServer server = create(ssl);
		server.listen();
		return server;
	}

	/**
	 * @return a server not listening yet: {@code listen()} or {@code listenOn(port)}
	 */
	public static WebSocketServer create(@Nullable SSLContext ssl) {
		return new WebSocketServer(ssl);
	}

	public String uri() {
		return (this.tls ? "wss" : "ws") + "://127.0.0.1:" + port() + "/stream";
	}

	/**
	 * @param status answer the next upgrades with this HTTP status; 0 to accept again
	 */
	public void refuseWith(int status) {
		this.refuseWith = status;
	}

	public int pings() {
		return this.pings.get();
	}

	/**
	 * @return the last handshake's headers, names in lower case
	 */
	public Map<String, String> lastRequestHeaders() {
		return this.lastRequestHeaders;
	}

	@Override
	void serve(Socket socket) throws IOException {
		DataInputStream in = new DataInputStream(socket.getInputStream());
		OutputStream out = socket.getOutputStream();
		if (!handshake(in, out)) {
			return;
		}
		this.outputs.put(socket, out);
		try {
			readFrames(socket, in, out);
		}
		finally {
			this.outputs.remove(socket);
		}
	}

	private boolean handshake(InputStream in, OutputStream out) throws IOException {
		Map<String, String> headers = readRequestHeaders(in);
		this.lastRequestHeaders.clear();
		this.lastRequestHeaders.putAll(headers);
		if (this.refuseWith != 0) {
			out.write(("HTTP/1.1 " + this.refuseWith + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return false;
		}
		StringBuilder response = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n")
			.append("Connection: Upgrade\r\nSec-WebSocket-Accept: ")
			.append(accept(headers.get("sec-websocket-key")))
			.append("\r\n");
		String protocols = headers.get("sec-websocket-protocol");
		if (protocols != null) {
			response.append("Sec-WebSocket-Protocol: ").append(protocols.split(",")[0].trim()).append("\r\n");
		}
		out.write(response.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return true;
	}

	private static Map<String, String> readRequestHeaders(InputStream in) throws IOException {
		Map<String, String> headers = new ConcurrentHashMap<>();
		String line = readLine(in);
		while (!(line = readLine(in)).isEmpty()) {
			int colon = line.indexOf(':');
			String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			headers.merge(name, line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
		}
		return headers;
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("end of stream in the handshake");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	static String accept(@Nullable String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void readFrames(Socket socket, DataInputStream in, OutputStream out) throws IOException {
		ByteArrayOutputStream message = new ByteArrayOutputStream();
		int messageOpcode = 0;
		while (true) {
			waitWhileDeaf(socket);
			int first = in.readUnsignedByte();
			int second = in.readUnsignedByte();
			boolean fin = (first & 0x80) != 0;
			int opcode = first & 0x0F;
			byte[] payload = readPayload(in, second);
			if (opcode >= 0x8) {
				if (!control(opcode, payload, out)) {
					return;
				}
				continue;
			}
			if (opcode != 0) {
				messageOpcode = opcode;
			}
			message.write(payload);
			if (fin) {
				if (mode() == Mode.ANSWER) {
					frame(out, true, messageOpcode, message.toByteArray());
				}
				message.reset();
			}
		}
	}

	/**
	 * @return whether to read on
	 */
	private boolean control(int opcode, byte[] payload, OutputStream out) throws IOException {
		switch (opcode) {
			case 0x8 -> {
				frame(out, true, 0x8, payload);
				return false;
			}
			case 0x9 -> {
				this.pings.incrementAndGet();
				if (mode() == Mode.ANSWER) {
					frame(out, true, 0xA, payload);
				}
			}
			default -> {
				// A pong: nothing to do.
			}
		}
		return true;
	}

	private static byte[] readPayload(DataInputStream in, int second) throws IOException {
		long length = second & 0x7F;
		if (length == 126) {
			length = in.readUnsignedShort();
		}
		else if (length == 127) {
			length = in.readLong();
		}
		byte[] mask = new byte[4];
		boolean masked = (second & 0x80) != 0;
		if (masked) {
			in.readFully(mask);
		}
		byte[] payload = new byte[Math.toIntExact(length)];
		in.readFully(payload);
		for (int i = 0; masked && i < payload.length; i++) {
			payload[i] ^= mask[i % 4];
		}
		return payload;
	}

	static void frame(OutputStream out, boolean fin, int opcode, byte[] payload) throws IOException {
		ByteBuffer header = ByteBuffer.allocate(10);
		header.put((byte) ((fin ? 0x80 : 0) | opcode));
		if (payload.length < 126) {
			header.put((byte) payload.length);
		}
		else if (payload.length < 65536) {
			header.put((byte) 126).putShort((short) payload.length);
		}
		else {
			header.put((byte) 127).putLong(payload.length);
		}
		synchronized (out) {
			out.write(header.array(), 0, header.position());
			out.write(payload);
			out.flush();
		}
	}

	/** Sends a text message to every connection, cut into these fragments. */
	public void sendTextFragments(String... fragments) throws IOException {
		for (OutputStream out : this.outputs.values()) {
			for (int i = 0; i < fragments.length; i++) {
				frame(out, i == fragments.length - 1, (i == 0) ? 0x1 : 0x0,
						fragments[i].getBytes(StandardCharsets.UTF_8));
			}
		}
	}

	/** Sends a Close frame with this code and reason to every connection. */
	public void sendClose(int code, String reason) throws IOException {
		byte[] text = reason.getBytes(StandardCharsets.UTF_8);
		byte[] payload = ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array();
		for (OutputStream out : this.outputs.values()) {
			frame(out, true, 0x8, payload);
		}
	}

}
