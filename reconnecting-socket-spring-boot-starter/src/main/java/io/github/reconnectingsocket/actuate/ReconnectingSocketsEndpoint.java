package io.github.reconnectingsocket.actuate;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.BackoffDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.CommandRejected;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.CountersDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.ErrorDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.LeadershipDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.PacingGroupDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.RefusalDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.SocketDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.SocketsDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.TransitionDescriptor;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.leader.SocketLeadership;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code reconnectingsockets} actuator endpoint: the state, counters, backoff
 * settings and recent transitions of every managed socket, the pacing groups their
 * connection attempts wait in, and a write operation that starts, stops or reconnects
 * one. The write operation is refused unless
 * {@code management.endpoint.reconnectingsockets.access} is {@code unrestricted}.
 *
 * <p>
 * The answers are the {@link ReconnectingSocketsDescriptors}, operation response bodies
 * written by the actuator's own JSON mapper.
 */
@Endpoint(id = "reconnectingsockets", defaultAccess = Access.READ_ONLY)
public class ReconnectingSocketsEndpoint {

	/**
	 * A start refused on a standby: the request conflicts with the socket's leader role.
	 */
	static final int STATUS_CONFLICT = 409;

	/**
	 * At most how long a command waits for the socket to have handled it (on top of the
	 * stop timeout for stop): the core handles a command at once, so this only bounds a
	 * machine that is stuck.
	 */
	static final Duration COMMAND_WAIT = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(ReconnectingSocketsEndpoint.class);

	private final ReconnectingSocketRegistry registry;

	private final @Nullable SocketLeadership leadership;

	/**
	 * @param registry the sockets to show
	 */
	public ReconnectingSocketsEndpoint(ReconnectingSocketRegistry registry) {
		this(registry, null);
	}

	/**
	 * @param registry the sockets to show
	 * @param leadership the sockets' leader roles, or {@code null} when none has one
	 */
	public ReconnectingSocketsEndpoint(ReconnectingSocketRegistry registry, @Nullable SocketLeadership leadership) {
		this.registry = registry;
		this.leadership = leadership;
	}

	/**
	 * @return every socket, by name, and the pacing groups of their attempts
	 */
	@ReadOperation
	public SocketsDescriptor sockets() {
		List<ReconnectingSocket<?>> all = this.registry.sockets();
		Map<String, SocketDescriptor> sockets = new LinkedHashMap<>();
		for (ReconnectingSocket<?> socket : all) {
			sockets.put(socket.name(), describe(socket));
		}
		Map<String, PacingGroupDescriptor> pacing = new LinkedHashMap<>();
		PacingGroup.of(all).forEach((name, group) -> pacing.put(name, PacingGroupDescriptor.of(group)));
		return new SocketsDescriptor(sockets, pacing);
	}

	/**
	 * @param name a socket's name
	 * @return the socket, or {@code null} (404) when none has that name
	 */
	@ReadOperation
	public @Nullable SocketDescriptor socket(@Selector String name) {
		return this.registry.find(name).map(this::describe).orElse(null);
	}

	/**
	 * Runs a command on one socket and returns its snapshot once the command has been
	 * handled: {@code start} and {@code reconnect} as soon as the socket has acted on
	 * them, {@code stop} once STOPPED (at most the socket's stop timeout and a second).
	 * {@code start} on a standby (a socket whose leader role another instance holds) is
	 * refused with 409 unless {@code force} is {@code true}. Every call is logged at
	 * INFO: who, which action, which socket and the outcome.
	 * @param name a socket's name
	 * @param action {@code start}, {@code stop} or {@code reconnect}
	 * @param force whether to start a standby anyway
	 * @param securityContext who asks, for the log
	 * @return the socket's new snapshot ({@link SocketDescriptor}); 404 when no socket
	 * has that name; 400 with the reason ({@link CommandRejected}) when the action is
	 * missing or unknown; 409 with a {@link RefusalDescriptor} when a start is refused
	 */
	@WriteOperation
	public WebEndpointResponse<?> command(@Selector String name, @Nullable String action, @Nullable Boolean force,
			SecurityContext securityContext) {
		String who = who(securityContext);
		Optional<ReconnectingSocket<?>> found = this.registry.find(name);
		if (found.isEmpty()) {
			logger.info("Actuator request by " + who + " to " + quoted(action) + " reconnecting socket '" + name
					+ "': no such socket (404)");
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		ReconnectingSocket<?> socket = found.get();
		Action command = Action.of(action);
		if (command == null) {
			String reason = ((action != null) ? "Unknown action '" + action + "'" : "Missing action")
					+ " for reconnecting socket '" + name
					+ "': give a JSON body {\"action\": \"start\" | \"stop\" | \"reconnect\"}";
			logger.info("Actuator request by " + who + " to " + quoted(action) + " reconnecting socket '" + name
					+ "' rejected (400): " + reason);
			// A body of our own: Boot's error page would hide the reason unless
			// spring.web.error.include-message is set, and the caller needs it to fix the
			// request.
			return new WebEndpointResponse<>(
					new CommandRejected(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request", reason, name),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		SocketLeadership.Leadership leadership = leadershipOf(name);
		if (command == Action.START && leadership != null && !leadership.leader() && !Boolean.TRUE.equals(force)) {
			String reason = "Reconnecting socket '" + name + "' is a standby for leader role '" + leadership.role()
					+ "': another instance holds the role. Send {\"action\": \"start\", \"force\": true} to start "
					+ "it anyway, at the risk of two connections.";
			logger.info("Actuator request by " + who + " to start reconnecting socket '" + name + "' refused (409): "
					+ reason);
			return new WebEndpointResponse<>(new RefusalDescriptor(reason, describe(socket)), STATUS_CONFLICT);
		}
		SocketState before = socket.state();
		CompletionStage<?> handled = switch (command) {
			case START -> socket.start();
			case RECONNECT -> socket.reconnect();
			case STOP -> socket.stop();
		};
		Duration wait = (command != Action.STOP) ? COMMAND_WAIT
				: socket.stopTimeout().map((timeout) -> timeout.plus(COMMAND_WAIT)).orElse(COMMAND_WAIT);
		await(handled, wait);
		SocketDescriptor described = describe(socket);
		logger.info("Actuator request by " + who + " to " + command.id + " reconnecting socket '" + name + "': "
				+ before.seedName() + " -> " + described.state());
		return new WebEndpointResponse<>(described, WebEndpointResponse.STATUS_OK);
	}

	/**
	 * Runs a command without forcing it, for an anonymous caller; see
	 * {@link #command(String, String, Boolean, SecurityContext)}.
	 * @param name a socket's name
	 * @param action {@code start}, {@code stop} or {@code reconnect}
	 * @return as {@link #command(String, String, Boolean, SecurityContext)}
	 */
	public WebEndpointResponse<?> command(String name, @Nullable String action) {
		return command(name, action, null, SecurityContext.NONE);
	}

	private static String who(SecurityContext securityContext) {
		Principal principal = securityContext.getPrincipal();
		return (principal != null) ? "'" + principal.getName() + "'" : "an anonymous caller";
	}

	private static String quoted(@Nullable String action) {
		return (action != null) ? "'" + action + "'" : "(no action)";
	}

	private SocketLeadership.@Nullable Leadership leadershipOf(String name) {
		return (this.leadership != null) ? this.leadership.leadership(name) : null;
	}

	/**
	 * The core answers each command with a stage: the answer shows the command's effect.
	 */
	private static void await(CompletionStage<?> handled, Duration wait) {
		try {
			handled.toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// Answer with the state as it is: the snapshot shows the socket still
			// closing.
		}
	}

	private SocketDescriptor describe(ReconnectingSocket<?> socket) {
		SocketSnapshot snapshot = socket.snapshot();
		SocketSnapshot.Counters counters = snapshot.counters();
		Throwable error = snapshot.lastError();
		List<StateChange> changes = this.registry.recentTransitions(socket.name());
		List<TransitionDescriptor> transitions = new ArrayList<>(changes.size());
		for (StateChange change : changes) {
			transitions.add(new TransitionDescriptor(change.time().toString(), change.from().seedName(),
					change.to().seedName(), change.attempt()));
		}
		return new SocketDescriptor(snapshot.state().seedName(), snapshot.since().toString(), snapshot.attempt(),
				snapshot.consecutiveFailures(),
				(error != null) ? new ErrorDescriptor(error.getClass().getName(), error.getMessage(),
						format(snapshot.lastErrorAt())) : null,
				format(snapshot.nextAttemptAt()), format(snapshot.disconnectedSince()),
				new CountersDescriptor(counters.attempts(), counters.opens(), counters.failedAttempts(),
						counters.disconnections(), counters.failures()),
				BackoffDescriptor.of(socket.backoff()), socket.openTimeout().map(Duration::toString).orElse(null),
				socket.stopTimeout().map(Duration::toString).orElse(null),
				socket.livenessTimeout().map(Duration::toString).orElse(null), transitions,
				LeadershipDescriptor.of(leadershipOf(socket.name())), PacingGroup.nameOf(socket),
				snapshot.waitingForPermit());
	}

	private static @Nullable String format(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	private enum Action {

		START, STOP, RECONNECT;

		final String id = name().toLowerCase(Locale.ROOT);

		static @Nullable Action of(@Nullable String action) {
			if (action != null) {
				for (Action candidate : values()) {
					if (candidate.id.equalsIgnoreCase(action.trim())) {
						return candidate;
					}
				}
			}
			return null;
		}

	}

}
