package io.github.reconnectingsocket.clients;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Cuts one connection's inbound bytes into messages. Confined to the connection's read
 * loop.
 *
 * @param <M> the message type
 */
interface FrameDecoder<M> {

	/**
	 * Consumes every remaining byte of {@code bytes}, keeping an incomplete message for
	 * the next call.
	 * @param bytes inbound bytes, in read mode
	 * @param messages receives each complete message
	 * @throws FramingException when the bytes break the framing
	 */
	void decode(ByteBuffer bytes, Consumer<M> messages) throws FramingException;

}
