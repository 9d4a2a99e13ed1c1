package io.github.reconnectingsocket.clients;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * The validated options of a {@link WebSocketSocketFactory}, as
 * {@link WebSocketClientBuilder} checked them.
 */
record WebSocketClientOptions(URI uri, Consumer<String> textHandler, Consumer<byte[]> binaryHandler, long pingMillis,
		long connectTimeoutMillis, List<String> subprotocols, Map<String, List<String>> headers, int writeQueueLimit,
		int maxMessageSize, @Nullable Supplier<SSLContext> sslContext, @Nullable HttpClient httpClient,
		Consumer<WebSocketConnection> onOpen) {

	String peer() {
		return this.uri.toString();
	}

}
