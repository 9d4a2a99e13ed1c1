package io.github.reconnectingsocket.clients;

import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;

/**
 * The bytes of one connection, plain ({@link NioTransport}) or TLS
 * ({@link TlsTransport}). One read and one write at a time: a read completes on the
 * connection's loop thread, a write on the writer's thread when the socket takes it at
 * once, else on the loop's.
 */
interface Transport {

	/**
	 * Reads application bytes.
	 * @param into where to put them, in write mode
	 * @param handler completed with the count read, or -1 at the end of the stream
	 */
	void read(ByteBuffer into, CompletionHandler<Integer, Void> handler);

	/**
	 * Writes every remaining byte of the buffers.
	 * @param buffers application bytes
	 * @param handler completed once all are written
	 */
	void write(ByteBuffer[] buffers, CompletionHandler<Void, Void> handler);

	/** Closes the channel; a pending read or write then fails. Idempotent. */
	void close();

}
