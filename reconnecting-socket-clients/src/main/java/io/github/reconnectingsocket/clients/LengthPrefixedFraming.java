package io.github.reconnectingsocket.clients;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/** Frames of a 4-byte big-endian length and that many bytes. */
final class LengthPrefixedFraming extends Framing<byte[]> {

	private final int maxFrameSize;

	LengthPrefixedFraming(int maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

	@Override
	FrameDecoder<byte[]> newDecoder() {
		return new Decoder(this.maxFrameSize);
	}

	@Override
	ByteBuffer encode(byte[] message) {
		if (message.length > this.maxFrameSize) {
			throw new IllegalArgumentException("A message of " + message.length + " bytes is larger than maxFrameSize "
					+ this.maxFrameSize + " bytes of the 'length-prefixed' framing");
		}
		ByteBuffer frame = ByteBuffer.allocate(4 + message.length);
		frame.putInt(message.length).put(message).flip();
		return frame;
	}

	@Override
	public String toString() {
		return "length-prefixed (maxFrameSize " + this.maxFrameSize + " bytes)";
	}

	private static final class Decoder implements FrameDecoder<byte[]> {

		private final int maxFrameSize;

		private final ByteBuffer prefix = ByteBuffer.allocate(4);

		/** The frame being filled, once its prefix is complete. */
		private @Nullable ByteBuffer frame;

		Decoder(int maxFrameSize) {
			this.maxFrameSize = maxFrameSize;
		}

		@Override
		public void decode(ByteBuffer bytes, Consumer<byte[]> messages) throws FramingException {
			while (bytes.hasRemaining()) {
				if (this.frame == null) {
					transfer(bytes, this.prefix);
					if (!this.prefix.hasRemaining()) {
						this.frame = ByteBuffer.allocate(checkedLength(this.prefix.flip().getInt()));
						this.prefix.clear();
					}
				}
				if (this.frame != null) {
					transfer(bytes, this.frame);
					if (!this.frame.hasRemaining()) {
						messages.accept(this.frame.array());
						this.frame = null;
					}
				}
			}
		}

		private int checkedLength(int length) throws FramingException {
			if (length < 0 || length > this.maxFrameSize) {
				throw new FramingException("Malformed length-prefixed frame: length prefix " + length
						+ " is outside 0 to maxFrameSize " + this.maxFrameSize + " bytes");
			}
			return length;
		}

		private static void transfer(ByteBuffer from, ByteBuffer to) {
			int count = Math.min(from.remaining(), to.remaining());
			to.put(to.position(), from, from.position(), count);
			to.position(to.position() + count);
			from.position(from.position() + count);
		}

	}

}
