package io.github.reconnectingsocket.clients;

import java.nio.ByteBuffer;

/** Each chunk read is a message; each message is written as is. */
final class RawFraming extends Framing<byte[]> {

	static final RawFraming INSTANCE = new RawFraming();

	private RawFraming() {
	}

	@Override
	FrameDecoder<byte[]> newDecoder() {
		return (bytes, messages) -> {
			byte[] chunk = new byte[bytes.remaining()];
			bytes.get(chunk);
			messages.accept(chunk);
		};
	}

	@Override
	ByteBuffer encode(byte[] message) {
		return ByteBuffer.wrap(message.clone());
	}

	@Override
	public String toString() {
		return "raw";
	}

}
