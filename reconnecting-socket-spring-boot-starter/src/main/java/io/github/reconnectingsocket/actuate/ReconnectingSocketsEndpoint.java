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

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.github.reconnectingsocket.backoff.Backoff;
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
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code reconnectingsockets} actuator endpoint: the state, counters, backoff
 * settings and recent transitions of every managed socket, and a write operation that
 * starts, stops or reconnects one. The write operation is refused unless
 * {@code management.endpoint.reconnectingsockets.access} is {@code unrestricted}.
 *
 * <p>
 * Instants are ISO-8601 strings ({@code 2000-01-01T00:00:01Z}), durations ISO-8601
 * strings ({@code PT1S}). The descriptors are {@link OperationResponseBody operation
 * response bodies}, written by the actuator's own JSON mapper, which leaves out nulls:
 * those with absent values say {@link JsonInclude @JsonInclude(ALWAYS)} so that the
 * documented shape, with explicit nulls, holds.
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
	 * @return every socket, by name
	 */
	@ReadOperation
	public SocketsDescriptor sockets() {
		Map<String, SocketDescriptor> sockets = new LinkedHashMap<>();
		for (ReconnectingSocket<?> socket : this.registry.sockets()) {
			sockets.put(socket.name(), describe(socket));
		}
		return new SocketsDescriptor(sockets);
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
				LeadershipDescriptor.of(leadershipOf(socket.name())));
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

	/** What the write operation answers: the socket, or why the request was rejected. */
	public sealed interface CommandResponse extends OperationResponseBody permits SocketDescriptor, CommandRejected {

	}

	/**
	 * Why a write request was rejected, in the body of its 400 response.
	 *
	 * @param status the HTTP status, 400
	 * @param error the status' reason phrase
	 * @param message what was wrong and what is allowed
	 * @param socket the socket's name
	 */
	public record CommandRejected(int status, String error, String message, String socket) implements CommandResponse {
	}

	/**
	 * Every socket.
	 *
	 * @param sockets the sockets by name, sorted
	 */
	public record SocketsDescriptor(Map<String, SocketDescriptor> sockets) implements OperationResponseBody {
	}

	/**
	 * One socket.
	 *
	 * @param state the current state, lower case ({@code opened})
	 * @param since when the current state was entered
	 * @param attempt attempts since the last start, counting the current one
	 * @param consecutiveFailures failed attempts since the backoff was last reset
	 * @param lastError the last error, or {@code null} when none since the last start
	 * @param nextAttemptAt when the next attempt is due: in {@code closed}, and in
	 * {@code failed} when {@code backoff.revive-after} is set (the revive); else
	 * {@code null}
	 * @param disconnectedSince when the current outage began (since the socket was
	 * started or lost its connection, through every retry), or {@code null} when there is
	 * none: in {@code stopped}, {@code closing} and {@code opened}
	 * @param counters totals since the socket was built
	 * @param backoff the effective backoff settings
	 * @param openTimeout the open timeout, or {@code null} when attempts never time out
	 * @param stopTimeout the stop timeout, or {@code null} when a stop waits for good
	 * @param livenessTimeout how long the socket may stay open without a sign of life, or
	 * {@code null} for no limit
	 * @param recentTransitions the last transitions, newest first
	 * @param leadership the socket's leader role and whether this instance holds it, or
	 * {@code null} when it has no role
	 */
	@JsonInclude(Include.ALWAYS)
	public record SocketDescriptor(String state, String since, int attempt, int consecutiveFailures,
			@Nullable ErrorDescriptor lastError, @Nullable String nextAttemptAt, @Nullable String disconnectedSince,
			CountersDescriptor counters, BackoffDescriptor backoff, @Nullable String openTimeout,
			@Nullable String stopTimeout, @Nullable String livenessTimeout,
			List<TransitionDescriptor> recentTransitions,
			@Nullable LeadershipDescriptor leadership) implements CommandResponse {
	}

	/**
	 * The leader role of a socket.
	 *
	 * @param role the role
	 * @param status {@code leader} while this instance holds the role, else
	 * {@code standby}
	 */
	public record LeadershipDescriptor(String role, String status) {

		static @Nullable LeadershipDescriptor of(SocketLeadership.@Nullable Leadership leadership) {
			return (leadership != null) ? new LeadershipDescriptor(leadership.role(), leadership.status()) : null;
		}

	}

	/**
	 * A command refused (409).
	 *
	 * @param message why, and how to force it
	 * @param socket the socket, unchanged
	 */
	public record RefusalDescriptor(String message, SocketDescriptor socket) implements OperationResponseBody {
	}

	/**
	 * The last error.
	 *
	 * @param type the exception's class name
	 * @param message its message, or {@code null}
	 * @param time when it was reported
	 */
	@JsonInclude(Include.ALWAYS)
	public record ErrorDescriptor(String type, @Nullable String message, @Nullable String time) {
	}

	/**
	 * Totals since the socket was built.
	 *
	 * @param attempts attempts made
	 * @param opens attempts that opened
	 * @param failedAttempts attempts that ended without opening
	 * @param disconnections open connections that closed on their own
	 * @param failures times the socket gave up (FAILED)
	 */
	public record CountersDescriptor(long attempts, long opens, long failedAttempts, long disconnections,
			long failures) {
	}

	/**
	 * The effective backoff.
	 *
	 * @param strategy {@code fibonacci}, {@code exponential} or {@code fixed}
	 * @param initialDelay the first delay
	 * @param maxDelay the largest delay
	 * @param factor the multiplier, for {@code exponential} only, else {@code null}
	 * @param randomisationFactor for the {@code proportional} jitter only (0 for
	 * {@code none}), else {@code null}
	 * @param jitter {@code proportional}, {@code none}, {@code full}, {@code equal} or
	 * {@code decorrelated}
	 * @param failAfter consecutive failed attempts before giving up, or {@code null} for
	 * never
	 * @param resetAfter how long a connection must stay open before the backoff resets,
	 * or {@code null} for at once
	 * @param reviveAfter how long a {@code failed} socket waits before it starts again by
	 * itself, or {@code null} for never
	 */
	@JsonInclude(Include.ALWAYS)
	public record BackoffDescriptor(String strategy, String initialDelay, String maxDelay, @Nullable Double factor,
			@Nullable Double randomisationFactor, String jitter, @Nullable Integer failAfter,
			@Nullable String resetAfter, @Nullable String reviveAfter) {

		static BackoffDescriptor of(Backoff backoff) {
			return new BackoffDescriptor(backoff.strategyName(), backoff.initialDelay().toString(),
					backoff.maxDelay().toString(), factor(backoff), randomisationFactor(backoff), backoff.jitterName(),
					backoff.failAfter(), format(backoff.resetAfter()), format(backoff.reviveAfter()));
		}

		private static @Nullable String format(@Nullable Duration duration) {
			return (duration != null) ? duration.toString() : null;
		}

		private static @Nullable Double factor(Backoff backoff) {
			return backoff.strategyName().equals("exponential") ? backoff.factor() : null;
		}

		/**
		 * The factor only where it applies; {@code none} is the proportional jitter with
		 * a factor of 0.
		 */
		private static @Nullable Double randomisationFactor(Backoff backoff) {
			return switch (backoff.jitterName()) {
				case "proportional" -> backoff.randomisationFactor();
				case "none" -> 0.0;
				default -> null;
			};
		}

	}

	/**
	 * One transition.
	 *
	 * @param time when it happened
	 * @param from the state left
	 * @param to the state entered
	 * @param attempt attempts since the last start at the time
	 */
	public record TransitionDescriptor(String time, String from, String to, int attempt) {
	}

}
