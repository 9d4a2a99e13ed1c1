package io.github.reconnectingsocket.clients;

import java.nio.ByteBuffer;

import io.github.reconnectingsocket.core.InvalidOptionException;

/**
 * How a TCP byte stream is cut into messages, and messages into bytes.
 * <ul>
 * <li>{@link #lines(int)}: UTF-8 text lines ended by {@code \n} (a {@code \r} before it
 * is dropped); messages are {@code String}s.</li>
 * <li>{@link #lengthPrefixed(int)}: each frame is a 4-byte big-endian length and that
 * many bytes; messages are {@code byte[]}s.</li>
 * <li>{@link #raw()}: no framing: every chunk read is one message, every message is
 * written as is; messages are {@code byte[]}s.</li>
 * </ul>
 * Each connection gets its own decoder: a message never spans two connections.
 *
 * @param <M> the message type
 */
public abstract class Framing<M> {

	/** Default limit of {@link #lines(int)} and {@link #lengthPrefixed(int)}: 1 MiB. */
	public static final int DEFAULT_MAX_LENGTH = 1024 * 1024;

	Framing() {
	}

	/**
	 * @param maxLineLength the longest line accepted from the peer, in bytes, the line
	 * break excluded; a longer one is a {@link FramingException} and the connection is
	 * closed
	 * @return UTF-8 lines
	 * @throws InvalidOptionException when the limit is not positive
	 */
	public static Framing<String> lines(int maxLineLength) {
		return new LineFraming(positive("maxLineLength", maxLineLength));
	}

	/**
	 * @param maxFrameSize the largest frame accepted from the peer or sent, in bytes, the
	 * prefix excluded; a larger inbound one is a {@link FramingException} and the
	 * connection is closed
	 * @return frames of a 4-byte big-endian length and that many bytes
	 * @throws InvalidOptionException when the limit is not positive
	 */
	public static Framing<byte[]> lengthPrefixed(int maxFrameSize) {
		return new LengthPrefixedFraming(positive("maxFrameSize", maxFrameSize));
	}

	/**
	 * @return raw bytes: each chunk read is a message
	 */
	public static Framing<byte[]> raw() {
		return RawFraming.INSTANCE;
	}

	/**
	 * @return a decoder for one connection
	 */
	abstract FrameDecoder<M> newDecoder();

	/**
	 * @param message a message
	 * @return its bytes on the wire, ready to be written
	 * @throws IllegalArgumentException when the framing cannot carry this message
	 */
	abstract ByteBuffer encode(M message);

	private static int positive(String option, int value) {
		if (value <= 0) {
			throw new InvalidOptionException(option, value, "a positive number of bytes");
		}
		return value;
	}

}
