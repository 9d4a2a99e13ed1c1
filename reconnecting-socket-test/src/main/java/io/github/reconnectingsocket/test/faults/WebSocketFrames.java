package io.github.reconnectingsocket.test.faults;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The RFC 6455 frame codec of {@link WebSocketServer}'s echo mode: reads frames (masked
 * client frames unmasked, 7-, 16- and 64-bit lengths, at most 16 MiB), echoes text,
 * binary and continuation frames, answers a ping with a pong and a close with a close.
 */
final class WebSocketFrames {

	private static final long MAX_PAYLOAD = 16 * 1024 * 1024;

	private WebSocketFrames() {
	}

	/**
	 * Echoes frames until the client's close (answered) or the end of the stream.
	 * @param in the connection's input, after the handshake
	 * @param out the connection's output
	 * @throws IOException on an I/O failure, a stream that ends inside a frame, or a
	 * frame larger than 16 MiB
	 */
	static void echo(InputStream in, OutputStream out) throws IOException {
		while (true) {
			int first = in.read();
			if (first == -1) {
				return;
			}
			int second = readByte(in);
			boolean fin = (first & 0x80) != 0;
			int opcode = first & 0x0F;
			boolean masked = (second & 0x80) != 0;
			byte[] payload = readPayload(in, second & 0x7F, masked);
			switch (opcode) {
				case 0x0, 0x1, 0x2 -> writeFrame(out, fin, opcode, payload);
				case 0x9 -> writeFrame(out, true, 0xA, payload);
				case 0x8 -> {
					writeFrame(out, true, 0x8, payload);
					return;
				}
				default -> {
					// pong and reserved opcodes: nothing to answer
				}
			}
		}
	}

	private static byte[] readPayload(InputStream in, int shortLength, boolean masked) throws IOException {
		long length = shortLength;
		if (length == 126) {
			length = ((long) readByte(in) << 8) | readByte(in);
		}
		else if (length == 127) {
			length = 0;
			for (int i = 0; i < 8; i++) {
				length = (length << 8) | readByte(in);
			}
		}
		if (length > MAX_PAYLOAD) {
			throw new IOException("frame too large: " + length);
		}
		byte[] mask = new byte[4];
		if (masked) {
			readFully(in, mask);
		}
		byte[] payload = new byte[(int) length];
		readFully(in, payload);
		if (masked) {
			for (int i = 0; i < payload.length; i++) {
				payload[i] ^= mask[i % 4];
			}
		}
		return payload;
	}

	private static void writeFrame(OutputStream out, boolean fin, int opcode, byte[] payload) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
		frame.write((fin ? 0x80 : 0) | opcode);
		if (payload.length < 126) {
			frame.write(payload.length);
		}
		else if (payload.length <= 0xFFFF) {
			frame.write(126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xFF);
		}
		else {
			frame.write(127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) (((long) payload.length >>> shift) & 0xFF));
			}
		}
		frame.write(payload);
		synchronized (out) {
			out.write(frame.toByteArray());
			out.flush();
		}
	}

	private static int readByte(InputStream in) throws IOException {
		int b = in.read();
		if (b == -1) {
			throw new EOFException("end of stream inside a frame");
		}
		return b;
	}

	private static void readFully(InputStream in, byte[] into) throws IOException {
		int done = 0;
		while (done < into.length) {
			int read = in.read(into, done, into.length - done);
			if (read == -1) {
				throw new EOFException("end of stream inside a frame");
			}
			done += read;
		}
	}

}
