package io.github.reconnectingsocket.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.leader.SocketLeadership;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of every managed socket, one component per socket, sockets registered later
 * included. A socket is DOWN when it is {@code failed}, or when it has been without a
 * connection for longer than its {@code downAfter}, counted from its snapshot's
 * {@link io.github.reconnectingsocket.core.SocketSnapshot#disconnectedSince()
 * disconnectedSince} (so retries do not restart the count); otherwise UP, {@code stopped}
 * and {@code closing} included: those were asked for. "Now" is the socket's own
 * {@link ReconnectingSocket#clock() clock}, the one its outage was timed by, so a socket
 * on a virtual clock is judged by that clock. Details: {@code state}, {@code since},
 * {@code disconnectedSince} during an outage and {@code lastError} when there is one.
 */
public class ReconnectingSocketsHealthContributor implements CompositeHealthContributor {

	private final ReconnectingSocketRegistry registry;

	private final Function<String, Duration> downAfter;

	private final Predicate<String> included;

	private final @Nullable SocketLeadership leadership;

	/**
	 * @param registry the sockets
	 * @param downAfter how long a socket may be without a connection before it is DOWN, 0
	 * or more
	 * @param included which socket names count
	 * @throws IllegalArgumentException when {@code downAfter} is negative
	 */
	public ReconnectingSocketsHealthContributor(ReconnectingSocketRegistry registry, Duration downAfter,
			Predicate<String> included) {
		this(registry, checked(downAfter), included, null);
	}

	/**
	 * @param registry the sockets
	 * @param downAfter how long the socket of a given name may be without a connection
	 * before it is DOWN, 0 or more
	 * @param included which socket names count
	 * @param leadership the sockets' leader roles, shown as details ({@code leadership}:
	 * {@code leader} or {@code standby}, and {@code role}), or {@code null} when none has
	 * one
	 */
	public ReconnectingSocketsHealthContributor(ReconnectingSocketRegistry registry,
			Function<String, Duration> downAfter, Predicate<String> included, @Nullable SocketLeadership leadership) {
		this.registry = registry;
		this.downAfter = Objects.requireNonNull(downAfter, "downAfter must not be null");
		this.included = Objects.requireNonNull(included, "included must not be null");
		this.leadership = leadership;
	}

	private static Function<String, Duration> checked(@Nullable Duration downAfter) {
		if (downAfter == null || downAfter.isNegative()) {
			throw new IllegalArgumentException(
					"reconnecting-socket.health.down-after must be a duration of 0 or more, " + "was " + downAfter);
		}
		return (name) -> downAfter;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		if (!this.included.test(name)) {
			return null;
		}
		return this.registry.find(name).map(this::indicator).orElse(null);
	}

	@Override
	public Stream<Entry> stream() {
		return this.registry.sockets()
			.stream()
			.filter((socket) -> this.included.test(socket.name()))
			.map((socket) -> new Entry(socket.name(), indicator(socket)));
	}

	private HealthIndicator indicator(ReconnectingSocket<?> socket) {
		return () -> health(socket);
	}

	private Health health(ReconnectingSocket<?> socket) {
		SocketSnapshot snapshot = socket.snapshot();
		SocketState state = snapshot.state();
		Instant disconnectedSince = snapshot.disconnectedSince();
		Health.Builder builder;
		if (state == SocketState.FAILED) {
			builder = Health.down();
		}
		else if (disconnectedSince != null && Duration.between(disconnectedSince, socket.clock().instant())
			.compareTo(this.downAfter.apply(socket.name())) > 0) {
			builder = Health.down();
		}
		else {
			builder = Health.up();
		}
		builder.withDetail("state", state.seedName()).withDetail("since", snapshot.since().toString());
		if (disconnectedSince != null) {
			builder.withDetail("disconnectedSince", disconnectedSince.toString());
		}
		Throwable error = snapshot.lastError();
		if (error != null) {
			builder.withDetail("lastError",
					(error.getMessage() != null) ? error.getMessage() : error.getClass().getName());
		}
		// A standby is stopped on purpose, so UP like any stopped socket; the details say
		// why.
		SocketLeadership.Leadership leadership = (this.leadership != null) ? this.leadership.leadership(socket.name())
				: null;
		if (leadership != null) {
			builder.withDetail("leadership", leadership.status()).withDetail("role", leadership.role());
		}
		return builder.build();
	}

}
