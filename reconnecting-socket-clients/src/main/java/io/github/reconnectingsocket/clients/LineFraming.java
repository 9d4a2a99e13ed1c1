package io.github.reconnectingsocket.clients;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/** UTF-8 lines ended by {@code \n}; a {@code \r} before it is dropped. */
final class LineFraming extends Framing<String> {

	private final int maxLineLength;

	LineFraming(int maxLineLength) {
		this.maxLineLength = maxLineLength;
	}

	@Override
	FrameDecoder<String> newDecoder() {
		return new Decoder(this.maxLineLength);
	}

	@Override
	ByteBuffer encode(String message) {
		if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
			throw new IllegalArgumentException(
					"A message of the 'lines' framing must not contain a line break: " + abbreviate(message));
		}
		byte[] text = message.getBytes(StandardCharsets.UTF_8);
		byte[] line = Arrays.copyOf(text, text.length + 1);
		line[text.length] = '\n';
		return ByteBuffer.wrap(line);
	}

	private static String abbreviate(String message) {
		String quoted = message.replace("\r", "\\r").replace("\n", "\\n");
		return "'" + ((quoted.length() > 60) ? quoted.substring(0, 60) + "...'" : quoted + "'");
	}

	@Override
	public String toString() {
		return "lines (maxLineLength " + this.maxLineLength + " bytes)";
	}

	private static final class Decoder implements FrameDecoder<String> {

		private final int maxLineLength;

		/** The start of a line whose end has not come yet. */
		private byte[] pending = new byte[256];

		private int pendingLength;

		Decoder(int maxLineLength) {
			this.maxLineLength = maxLineLength;
		}

		@Override
		public void decode(ByteBuffer bytes, Consumer<String> messages) throws FramingException {
			while (bytes.hasRemaining()) {
				int end = indexOfLineFeed(bytes);
				if (end < 0) {
					keep(bytes, bytes.remaining());
					return;
				}
				int length = end - bytes.position();
				String line = (this.pendingLength == 0) ? line(bytes, length) : joinedLine(bytes, length);
				bytes.get();
				messages.accept(line);
			}
		}

		private static int indexOfLineFeed(ByteBuffer bytes) {
			for (int i = bytes.position(); i < bytes.limit(); i++) {
				if (bytes.get(i) == '\n') {
					return i;
				}
			}
			return -1;
		}

		/** A whole line in {@code bytes}: decoded in place. */
		private String line(ByteBuffer bytes, int length) throws FramingException {
			int textLength = withoutCarriageReturn(bytes, bytes.position(), length);
			checkLength(textLength);
			String line = decode(bytes, textLength);
			bytes.position(bytes.position() + length);
			return line;
		}

		private String joinedLine(ByteBuffer bytes, int length) throws FramingException {
			keep(bytes, length);
			int textLength = (this.pending[this.pendingLength - 1] == '\r') ? this.pendingLength - 1
					: this.pendingLength;
			checkLength(textLength);
			String line = new String(this.pending, 0, textLength, StandardCharsets.UTF_8);
			this.pendingLength = 0;
			return line;
		}

		private static int withoutCarriageReturn(ByteBuffer bytes, int start, int length) {
			return (length > 0 && bytes.get(start + length - 1) == '\r') ? length - 1 : length;
		}

		private static String decode(ByteBuffer bytes, int length) {
			if (bytes.hasArray()) {
				return new String(bytes.array(), bytes.arrayOffset() + bytes.position(), length,
						StandardCharsets.UTF_8);
			}
			byte[] copy = new byte[length];
			bytes.get(bytes.position(), copy);
			return new String(copy, StandardCharsets.UTF_8);
		}

		/**
		 * Appends {@code length} bytes to the pending line; one {@code \r} more than the
		 * limit may wait.
		 */
		private void keep(ByteBuffer bytes, int length) throws FramingException {
			checkLength(this.pendingLength + length - 1);
			if (this.pendingLength + length > this.pending.length) {
				this.pending = Arrays.copyOf(this.pending,
						Math.max(this.pendingLength + length, this.pending.length * 2));
			}
			bytes.get(this.pending, this.pendingLength, length);
			this.pendingLength += length;
		}

		private void checkLength(int textLength) throws FramingException {
			if (textLength > this.maxLineLength) {
				throw new FramingException("Line longer than maxLineLength " + this.maxLineLength
						+ " bytes received (at least " + textLength + " bytes before the line break)");
			}
		}

	}

}
