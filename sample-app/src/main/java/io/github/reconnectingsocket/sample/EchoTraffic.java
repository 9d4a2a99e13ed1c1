package io.github.reconnectingsocket.sample;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.github.reconnectingsocket.clients.NotConnectedException;
import io.github.reconnectingsocket.clients.TcpClient;
import io.github.reconnectingsocket.clients.TcpSocketFactory;
import io.github.reconnectingsocket.clients.WebSocketClient;
import io.github.reconnectingsocket.clients.WebSocketSocketFactory;
import io.github.reconnectingsocket.spring.ReconnectingSocketMessageEvent;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The sample's traffic over its two declared sockets: every {@code sample.send-interval}
 * it sends a numbered, timestamped line through each typed client bean
 * ({@code TcpClient<String>} {@code echo}, {@code WebSocketClient} {@code ws-echo}), and
 * it counts what comes back as {@link ReconnectingSocketMessageEvent}s. The TCP socket's
 * own heartbeat (configured in {@code application.yml}) comes back too and is counted
 * apart.
 */
@Component
class EchoTraffic {

	/** The socket names, as declared under {@code reconnecting-socket.sockets}. */
	static final String TCP = "echo";

	static final String WEBSOCKET = "ws-echo";

	private static final String PREFIX = "hello ";

	private final Map<String, Counts> counts = new LinkedHashMap<>();

	private final Map<String, Function<String, CompletionStage<Void>>> senders = new LinkedHashMap<>();

	private final String heartbeat;

	private final AtomicLong sequence = new AtomicLong();

	EchoTraffic(@Qualifier(TCP) TcpClient<String> echo, @Qualifier(WEBSOCKET) WebSocketClient wsEcho,
			@Qualifier(TCP) TcpSocketFactory<String> echoFactory,
			@Qualifier(WEBSOCKET) WebSocketSocketFactory wsEchoFactory,
			@Value("${reconnecting-socket.sockets.echo.tcp.heartbeat-message:}") String heartbeat) {
		this.heartbeat = heartbeat;
		this.senders.put(TCP, echo::send);
		this.senders.put(WEBSOCKET, wsEcho::sendText);
		// The factories say where they connect.
		this.counts.put(TCP, new Counts(echoFactory.toString()));
		this.counts.put(WEBSOCKET, new Counts(wsEchoFactory.toString()));
	}

	/**
	 * Sends one line through each socket's client. Not checking the state first is the
	 * point: a client refuses at once, with {@link NotConnectedException}, while its
	 * socket is not opened, and that is counted too.
	 */
	@Scheduled(fixedRateString = "${sample.send-interval:1s}")
	void send() {
		this.senders.forEach((name, sender) -> {
			Counts counts = this.counts.get(name);
			// The send time travels in the line, so that its echo tells the round trip.
			String line = PREFIX + this.sequence.incrementAndGet() + " " + System.nanoTime();
			sender.apply(line).whenComplete((written, failure) -> {
				Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
				if (cause == null) {
					counts.sent.incrementAndGet();
				}
				else if (cause instanceof NotConnectedException) {
					counts.refused.incrementAndGet();
				}
				else {
					counts.failed.incrementAndGet();
				}
			});
		});
	}

	/**
	 * Counts a message that came back. Runs on the client's I/O thread: quick.
	 * @param event a message of one of the sockets
	 */
	@EventListener
	void received(ReconnectingSocketMessageEvent event) {
		Counts counts = this.counts.get(event.getSocketName());
		if (counts == null) {
			return;
		}
		long now = System.nanoTime();
		String text = event.getText();
		counts.received.incrementAndGet();
		if (text.equals(this.heartbeat)) {
			counts.heartbeats.incrementAndGet();
		}
		counts.last = new Echo(text, Instant.now());
		Double roundTrip = roundTripMillis(text, now);
		if (roundTrip != null) {
			// Kept apart from the last message, which is often a heartbeat without one.
			counts.lastRoundTripMillis = roundTrip;
		}
	}

	/**
	 * @return each socket's counts, by socket name
	 */
	Map<String, Stats> stats() {
		Map<String, Stats> stats = new LinkedHashMap<>();
		this.counts.forEach((name, counts) -> stats.put(name, counts.stats()));
		return stats;
	}

	private static Double roundTripMillis(String text, long now) {
		if (!text.startsWith(PREFIX)) {
			return null;
		}
		String[] parts = text.split(" ");
		try {
			return (parts.length == 3) ? (now - Long.parseLong(parts[2])) / 1_000_000.0 : null;
		}
		catch (NumberFormatException ex) {
			// Not one of ours: counted, without a round trip.
			return null;
		}
	}

	private static final class Counts {

		final String target;

		final AtomicLong sent = new AtomicLong();

		final AtomicLong refused = new AtomicLong();

		final AtomicLong failed = new AtomicLong();

		final AtomicLong received = new AtomicLong();

		final AtomicLong heartbeats = new AtomicLong();

		volatile Echo last;

		volatile Double lastRoundTripMillis;

		Counts(String target) {
			this.target = target;
		}

		Stats stats() {
			Echo echo = this.last;
			return new Stats(this.target, this.sent.get(), this.refused.get(), this.failed.get(), this.received.get(),
					this.heartbeats.get(), (echo != null) ? echo.text() : null, (echo != null) ? echo.at() : null,
					this.lastRoundTripMillis);
		}

	}

	private record Echo(String text, Instant at) {
	}

	/**
	 * What the sample sent through one socket's client, and what came back.
	 *
	 * @param target where the socket connects
	 * @param sent lines written by the client
	 * @param refused lines the client refused at once because its socket was not opened
	 * @param failed lines accepted but not written (the connection closed first), or
	 * refused because the write queue was full
	 * @param received messages that came back (echoes of the lines, and heartbeats)
	 * @param heartbeatsReceived of which echoes of the TCP socket's heartbeat
	 * @param lastMessage the last message received, or {@code null}
	 * @param lastMessageAt when it came, or {@code null}
	 * @param lastRoundTripMillis how long the last line that came back took there and
	 * back, or {@code null}
	 */
	record Stats(String target, long sent, long refused, long failed, long received, long heartbeatsReceived,
			String lastMessage, Instant lastMessageAt, Double lastRoundTripMillis) {
	}

}
