package io.github.reconnectingsocket.clients;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.CompletionHandler;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import io.github.reconnectingsocket.core.AsyncSocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import org.jspecify.annotations.Nullable;

/**
 * Opens non-blocking TCP connections (a {@link SocketChannel} on a selector thread shared
 * by the clients of the JVM, no thread per connection), with TLS over an
 * {@link SSLEngine} when an {@link SSLContext} is given. Built by
 * {@link TcpClientBuilder#buildFactory()}; give it to
 * {@code ReconnectingSocket.builder(factory)}, or let {@link TcpClientBuilder#build()} do
 * both.
 *
 * <p>
 * Each attempt resolves the host, connects, then (with TLS) shakes hands, within the
 * connect timeout when one is set and within the socket's open timeout in any case; the
 * stage completes with the open {@link TcpConnection}. A connection ends with
 * {@code close()} to its handle when the peer closes it, a read or write fails, or the
 * framing meets a malformed message (reported first with {@code error()});
 * {@link #destroy} closes the channel at once.
 *
 * @param <M> the message type
 */
public final class TcpSocketFactory<M> implements AsyncSocketFactory<TcpConnection<M>> {

	private final TcpClientOptions<M> options;

	/** A loop of this factory's own (deprecated {@code channelGroup}), else shared. */
	private final @Nullable SelectorLoop ownLoop;

	TcpSocketFactory(TcpClientOptions<M> options) {
		this.options = options;
		this.ownLoop = (options.channelGroup() != null) ? new SelectorLoop() : null;
	}

	@Override
	public CompletionStage<TcpConnection<M>> connect(SocketHandle handle, boolean firstOpen) throws IOException {
		InetSocketAddress address = new InetSocketAddress(this.options.host(), this.options.port());
		if (address.isUnresolved()) {
			throw new UnknownHostException(
					"Cannot resolve host '" + this.options.host() + "' of " + this.options.peer());
		}
		SocketChannel channel = SocketChannel.open();
		NioTransport transport = new NioTransport(channel, (this.ownLoop != null) ? this.ownLoop : SelectorLoop.next(),
				this.options.peer());
		CompletableFuture<TcpConnection<M>> connected = new CompletableFuture<>();
		connected.whenComplete((connection, ex) -> {
			if (ex != null) {
				// Failed, timed out, or cancelled by the machine (open timeout, stop):
				// nothing may leak, not even a registration.
				transport.close();
			}
		});
		try {
			channel.configureBlocking(false);
			channel.setOption(StandardSocketOptions.SO_KEEPALIVE, this.options.keepAlive());
			channel.setOption(StandardSocketOptions.TCP_NODELAY, this.options.noDelay());
			limitConnectTime(connected);
			transport.connect(address, new CompletionHandler<Void, Void>() {

				@Override
				public void completed(Void result, Void attachment) {
					connected(transport, handle, connected);
				}

				@Override
				public void failed(Throwable ex, Void attachment) {
					connected.completeExceptionally(connectFailed(ex));
				}

			});
		}
		catch (IOException | RuntimeException ex) {
			connected.completeExceptionally(ex);
		}
		return connected;
	}

	@Override
	public void destroy(TcpConnection<M> connection) {
		connection.close(null);
	}

	@Override
	public void onOpen(TcpConnection<M> connection, boolean firstOpen) {
		this.options.onOpen().accept(connection);
	}

	@Override
	public String toString() {
		return "TcpSocketFactory[" + this.options.peer() + ", " + this.options.framing()
				+ ((this.options.sslContext() != null) ? ", TLS" : "") + "]";
	}

	private void limitConnectTime(CompletableFuture<TcpConnection<M>> connected) {
		long timeout = this.options.connectTimeoutMillis();
		if (timeout > 0) {
			ScheduledFuture<?> timer = ClientTimer
				.after(timeout, () -> connected.completeExceptionally(new SocketTimeoutException(
						"Connect to " + this.options.peer() + " timed out after " + timeout + " ms (connectTimeout)")));
			connected.whenComplete((connection, ex) -> timer.cancel(false));
		}
	}

	private void connected(NioTransport transport, SocketHandle handle, CompletableFuture<TcpConnection<M>> connected) {
		if (this.options.sslContext() == null) {
			open(transport, handle, connected);
			return;
		}
		try {
			TlsTransport tls = new TlsTransport(transport, clientEngine());
			tls.handshake().whenComplete((done, ex) -> {
				if (ex != null) {
					connected.completeExceptionally(ex);
				}
				else {
					open(tls, handle, connected);
				}
			});
		}
		catch (RuntimeException ex) {
			connected.completeExceptionally(ex);
		}
	}

	private void open(Transport transport, SocketHandle handle, CompletableFuture<TcpConnection<M>> connected) {
		TcpConnection<M> connection = new TcpConnection<>(transport, this.options, handle);
		if (connected.complete(connection)) {
			connection.start();
		}
		else {
			transport.close();
		}
	}

	private SSLEngine clientEngine() {
		SSLContext context = this.options.sslContext().get();
		SSLEngine engine = context.createSSLEngine(this.options.host(), this.options.port());
		engine.setUseClientMode(true);
		if (this.options.hostnameVerification()) {
			SSLParameters parameters = engine.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			engine.setSSLParameters(parameters);
		}
		return engine;
	}

	private IOException connectFailed(Throwable ex) {
		ConnectException failure = new ConnectException("Cannot connect to " + this.options.peer() + ": " + ex);
		failure.initCause(ex);
		return failure;
	}

}
