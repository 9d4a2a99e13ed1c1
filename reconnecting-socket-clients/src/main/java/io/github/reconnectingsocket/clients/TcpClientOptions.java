package io.github.reconnectingsocket.clients;

import java.nio.channels.AsynchronousChannelGroup;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * The validated options of a {@link TcpSocketFactory}, as {@link TcpClientBuilder}
 * checked them.
 *
 * @param <M> the message type
 */
record TcpClientOptions<M>(String host, int port, Framing<M> framing, Consumer<M> messageHandler,
		long connectTimeoutMillis, boolean keepAlive, boolean noDelay, int writeQueueLimit, long heartbeatMillis,
		@Nullable M heartbeatMessage, @Nullable Supplier<SSLContext> sslContext, boolean hostnameVerification,
		@Nullable AsynchronousChannelGroup channelGroup, Consumer<TcpConnection<M>> onOpen) {

	String peer() {
		return this.host + ":" + this.port;
	}

}
