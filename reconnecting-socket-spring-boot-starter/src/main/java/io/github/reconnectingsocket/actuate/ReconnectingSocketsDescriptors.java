package io.github.reconnectingsocket.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.leader.SocketLeadership;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What the {@link ReconnectingSocketsEndpoint} answers, as the actuator's JSON mapper
 * writes it. Instants are ISO-8601 strings ({@code 2000-01-01T00:00:01Z}), durations
 * ISO-8601 strings ({@code PT1S}). The mapper leaves out nulls: descriptors with absent
 * values say {@link JsonInclude @JsonInclude(ALWAYS)} so that the documented shape, with
 * explicit nulls, holds.
 */
public final class ReconnectingSocketsDescriptors {

	private ReconnectingSocketsDescriptors() {
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
	 * @param pacing the pacing groups of their attempts by name, sorted; empty when none
	 * is paced
	 */
	public record SocketsDescriptor(Map<String, SocketDescriptor> sockets,
			Map<String, PacingGroupDescriptor> pacing) implements OperationResponseBody {
	}

	/**
	 * A pacing group: the JVM-wide {@code ConnectionPacer} of that name, or the pacers of
	 * their own that some sockets were given (named {@code unnamed}), added up. Its
	 * figures count every instance that uses the pacer, managed or not.
	 *
	 * @param maxInFlight attempts in flight at most, or {@code null} for no limit
	 * @param attemptsPerSecond new attempts per second at most, or {@code null} for no
	 * limit
	 * @param inFlight attempts between their connect and its outcome now
	 * @param waiting attempts waiting for a permit now
	 * @param paced attempts that had to wait for a permit, since the pacer was made
	 */
	@JsonInclude(Include.ALWAYS)
	public record PacingGroupDescriptor(@Nullable Integer maxInFlight, @Nullable Integer attemptsPerSecond,
			int inFlight, int waiting, long paced) {

		static PacingGroupDescriptor of(PacingGroup group) {
			return new PacingGroupDescriptor(limit(group.maxInFlight()), limit(group.attemptsPerSecond()),
					group.inFlight(), group.waiting(), group.paced());
		}

		private static @Nullable Integer limit(int limit) {
			return (limit != 0) ? limit : null;
		}

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
	 * @param pacingGroup the name of the pacing group its attempts wait in (a key of
	 * {@link SocketsDescriptor#pacing()}), or {@code null} when they are not paced
	 * @param waitingForPermit whether its current attempt waits for a pacing permit (in
	 * {@code opening} or {@code reopening}, before its connect)
	 */
	@JsonInclude(Include.ALWAYS)
	public record SocketDescriptor(String state, String since, int attempt, int consecutiveFailures,
			@Nullable ErrorDescriptor lastError, @Nullable String nextAttemptAt, @Nullable String disconnectedSince,
			CountersDescriptor counters, BackoffDescriptor backoff, @Nullable String openTimeout,
			@Nullable String stopTimeout, @Nullable String livenessTimeout,
			List<TransitionDescriptor> recentTransitions, @Nullable LeadershipDescriptor leadership,
			@Nullable String pacingGroup, boolean waitingForPermit) implements CommandResponse {
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
