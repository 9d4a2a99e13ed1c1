package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.SmartLifecycle;

/**
 * Configuration of every managed reconnecting socket, under {@code reconnecting-socket}.
 * The top-level values apply to every socket; {@code sockets.<name>} sets any of them for
 * the socket of that bean name. A value left empty at both levels is the core's default
 * ({@code Backoff.DEFAULTS}, {@code ReconnectingSocketBuilder.DEFAULT_*}): the defaults
 * are not repeated here, so that they cannot drift from the core's. Unknown keys under
 * the prefix fail binding, so that a typo cannot go unnoticed.
 *
 * @param enabled Whether to enable the auto-configuration of managed reconnecting
 * sockets.
 * @param autoStartup Whether to start the managed sockets when the application context
 * starts.
 * @param phase Phase of the SmartLifecycle that starts and stops the managed sockets. The
 * default stops them after the web server has drained in-flight requests and before the
 * web server stops.
 * @param openTimeout Maximum time an attempt may take to open before it is destroyed and
 * counted as failed. Use 0 for no limit.
 * @param stopTimeout Maximum time to wait, on stop, for a socket to close before it is
 * considered stopped.
 * @param livenessTimeout How long an open socket may go without a sign of life
 * (SocketHandle.alive()) before it is dropped and reopened. Use 0 or leave empty to never
 * drop a socket for silence.
 * @param slowCallThreshold How long a call into the socket's own code (factory, hooks,
 * event listeners) may hold its thread before a warning names it and the socket's later
 * callbacks go on without it. Use 0 to watch nothing.
 * @param executor Name of the java.util.concurrent.Executor bean that runs the sockets'
 * own code (factory, hooks, event listeners). Leave empty for the bean named
 * reconnectingSocketExecutor if there is one, else virtual threads when
 * spring.threads.virtual.enabled is true, else the core's default.
 * @param backoff Backoff between attempts, for every socket.
 * @param health Health contributor settings.
 * @param metrics Micrometer meter settings.
 * @param observations Micrometer observation settings.
 * @param pacing Pacing of the connection attempts of every managed socket, JVM-wide.
 * @param sockets Per-socket settings, keyed by the bean name of the SocketFactory. A
 * value left empty falls back to the top-level one.
 * @param leaderRole Leader role that every socket waits for: a socket with a role starts
 * only while this instance holds the role (Spring Integration leader election) and stops
 * when it loses it. Leave empty for none.
 * @param leaderInitiator Leader elections the starter runs over the application's
 * LockRegistry.
 */
@ConfigurationProperties(prefix = "reconnecting-socket", ignoreUnknownFields = false)
public record ReconnectingSocketProperties(@DefaultValue("true") boolean enabled, @Nullable Boolean autoStartup,
		@DefaultValue("" + DEFAULT_PHASE) int phase, @Nullable Duration openTimeout, @Nullable Duration stopTimeout,
		@Nullable Duration livenessTimeout, @Nullable Duration slowCallThreshold, @Nullable String executor,
		@DefaultValue BackoffProperties backoff, @DefaultValue HealthProperties health, @DefaultValue Metrics metrics,
		@DefaultValue Observations observations, @DefaultValue Pacing pacing, Map<String, SocketProperties> sockets,
		@Nullable String leaderRole, @DefaultValue LeaderInitiator leaderInitiator) implements SharedSocketProperties {

	/**
	 * The default phase: {@code SmartLifecycle.DEFAULT_PHASE - 1536}, between the web
	 * server's graceful shutdown
	 * ({@code WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE}, that is
	 * {@code DEFAULT_PHASE - 1024}, in
	 * {@code org.springframework.boot.web.server.context}) and the web server itself
	 * ({@code WebServerStartStopLifecycle}, servlet and reactive, at
	 * {@code SMART_LIFECYCLE_PHASE - 1024 = DEFAULT_PHASE - 2048}); values checked
	 * against Spring Boot 4.0.7. Lifecycle beans stop from the highest phase down, so
	 * sockets stop after in-flight requests have drained and before the server stops;
	 * they start after the web server.
	 */
	public static final int DEFAULT_PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

	/**
	 * The default {@code health.down-after}: the starter's own, the core having no
	 * health.
	 */
	public static final Duration DEFAULT_HEALTH_DOWN_AFTER = Duration.ofSeconds(60);

	/** Binds the record, with no socket settings when none are configured. */
	public ReconnectingSocketProperties {
		sockets = (sockets != null) ? Map.copyOf(sockets) : Map.of();
	}

	/**
	 * Backoff between attempts: the npm original's options, plus jitter modes,
	 * reset-after and revive-after. The same shape serves the top level and each socket;
	 * a value left empty falls back to the top level, then to the core's
	 * {@code Backoff.DEFAULTS}.
	 *
	 * @param strategy Sequence of the delays between attempts: fibonacci, exponential or
	 * fixed, in any case.
	 * @param initialDelay First delay, at least 1ms. With the fixed strategy, the only
	 * delay, and 0 is allowed.
	 * @param maxDelay Largest delay. Must be greater than the initial delay; ignored by
	 * the fixed strategy.
	 * @param randomisationFactor Randomisation factor of the proportional jitter, from 0
	 * to 1: each delay is multiplied by 1 plus a random number below this factor.
	 * @param factor Multiplier between two delays of the exponential strategy. Must be
	 * greater than 1.
	 * @param failAfter Number of consecutive failed attempts after which a socket gives
	 * up and enters the failed state. At least 1; leave empty to never give up.
	 * @param jitter How each delay is randomised: proportional, none, full, equal or
	 * decorrelated, in any case. The default, decorrelated, spreads a fleet that lost its
	 * server at once (at most 1% of 10,000 sockets in one 10ms window); proportional is
	 * the npm original's (and the core's default).
	 * @param resetAfter How long a connection must stay open before the failure count and
	 * the backoff reset. Leave empty to reset as soon as a connection opens, as the npm
	 * original does.
	 * @param reviveAfter How long a failed socket waits before it starts again by itself,
	 * as a circuit breaker's half-open state, so that readiness recovers without anyone
	 * starting it. Leave empty to stay failed until the next start.
	 */
	public record BackoffProperties(@Nullable String strategy, @Nullable Duration initialDelay,
			@Nullable Duration maxDelay, @Nullable Double randomisationFactor, @Nullable Double factor,
			@Nullable Integer failAfter, @Nullable String jitter, @Nullable Duration resetAfter,
			@Nullable Duration reviveAfter) {

		/**
		 * Spells the names in lower case, as everywhere else ({@code configprops}
		 * included); the core validates them.
		 */
		public BackoffProperties {
			strategy = lowerCase(strategy);
			jitter = lowerCase(jitter);
		}

		private static @Nullable String lowerCase(@Nullable String name) {
			return (name != null) ? name.strip().toLowerCase(Locale.ROOT) : null;
		}

	}

	/**
	 * The settings of one socket: every value left empty falls back to the top-level one,
	 * then to the core's default.
	 *
	 * @param autoStartup Whether to start this socket when the application context
	 * starts.
	 * @param openTimeout Maximum time an attempt of this socket may take to open. Use 0
	 * for no limit.
	 * @param stopTimeout Maximum time to wait, on stop, for this socket to close.
	 * @param livenessTimeout How long this socket may stay open without a sign of life
	 * before it is dropped and reopened. Use 0 for no limit.
	 * @param slowCallThreshold How long a call into this socket's own code may hold its
	 * thread before a warning. Use 0 to watch nothing.
	 * @param backoff Backoff of this socket.
	 * @param health Health settings of this socket.
	 * @param leaderRole Leader role this socket waits for, overriding the top-level one;
	 * an empty value gives this socket no role.
	 * @param pacingGroup Pacing group of this socket, instead of pacing.group: sockets
	 * aimed at one service share a group, whose limits are the pacing ones and whose
	 * recovery window hurries only them.
	 * @param tcp A TCP socket declared here, with the shipped client
	 * (reconnecting-socket-clients): no SocketFactory bean needed.
	 * @param websocket A WebSocket declared here, with the shipped client
	 * (reconnecting-socket-clients): no SocketFactory bean needed.
	 */
	public record SocketProperties(@Nullable Boolean autoStartup, @Nullable Duration openTimeout,
			@Nullable Duration stopTimeout, @Nullable Duration livenessTimeout, @Nullable Duration slowCallThreshold,
			@DefaultValue BackoffProperties backoff, @DefaultValue SocketHealthProperties health,
			@Nullable String leaderRole, @Nullable String pacingGroup, @Nullable TcpSocketProperties tcp,
			@Nullable WebSocketSocketProperties websocket) implements SharedSocketProperties {

	}

	/**
	 * Pacing of connection attempts, shared by every managed socket of a group (and every
	 * other instance built with the same group) in the JVM: an attempt begins only when
	 * fewer than max-in-flight attempts of its group are between their connect and its
	 * outcome, and within the rate. A socket's group is pacing.group unless
	 * sockets.&lt;name&gt;.pacing-group names another; each group has these limits.
	 *
	 * @param enabled Whether to pace the managed sockets' connection attempts.
	 * @param group Name of the JVM-wide pacer the managed sockets share, but for those
	 * with a pacing-group of their own.
	 * @param maxInFlight Attempts in flight at most. Use 0 for no limit.
	 * @param attemptsPerSecond New attempts per second at most, with a burst of 10ms'
	 * worth. Use 0 for no limit.
	 * @param recoveryWindow When an attempt of the group opens, every socket of the group
	 * waiting after a failed attempt whose next attempt is due later than this moves it
	 * to a random time within this window, so that a fleet reconnects soon after its
	 * server is back rather than at its backoff's next delay. Use 0 to keep to the
	 * backoff.
	 */
	public record Pacing(@DefaultValue("true") boolean enabled, @DefaultValue("default") String group,
			@DefaultValue("256") int maxInFlight, @DefaultValue("0") int attemptsPerSecond,
			@DefaultValue("2s") Duration recoveryWindow) {

	}

	/**
	 * The leader elections the starter runs over the application's {@code LockRegistry},
	 * one per leader role.
	 *
	 * @param enabled Whether to run a LockRegistryLeaderInitiator for each leader role
	 * that no LockRegistryLeaderInitiator bean of the application already covers. Switch
	 * it off when another LeaderInitiator (Zookeeper, Hazelcast, Kubernetes) publishes
	 * the leader events.
	 * @param heartBeat How often the leader renews its lock. Keep it well below the
	 * lock's time-to-live (JdbcLockRegistry: 10s by default).
	 * @param busyWait How long a candidate waits between two tries for a lock it did not
	 * get.
	 */
	public record LeaderInitiator(@DefaultValue("true") boolean enabled, @DefaultValue("500ms") Duration heartBeat,
			@DefaultValue("50ms") Duration busyWait) {

	}

	/**
	 * Health settings of one socket.
	 *
	 * @param enabled Whether to include this socket in the health contributor.
	 * @param downAfter How long this socket may stay disconnected before it is reported
	 * DOWN. Leave empty to use reconnecting-socket.health.down-after.
	 */
	public record SocketHealthProperties(@DefaultValue("true") boolean enabled,
			@Nullable Duration downAfter) implements SharedSocketProperties.Health {

	}

	/**
	 * Health contributor settings.
	 *
	 * @param downAfter How long a started socket may stay disconnected (not opened)
	 * before the health contributor reports it DOWN. A failed socket is DOWN at once.
	 * @param includeInRoot Whether the health contributor also counts in the root health
	 * (/actuator/health). By default it counts only in the groups that include it, such
	 * as readiness, so that a lost downstream connection does not make the application
	 * look dead.
	 */
	public record HealthProperties(@Nullable Duration downAfter,
			@DefaultValue("false") boolean includeInRoot) implements SharedSocketProperties.Health {

	}

	/**
	 * Micrometer meter settings.
	 *
	 * @param perSocket Whether each socket gets its own meters, tagged with its name (14
	 * series per socket). When false, one set of meters without the name tag covers every
	 * socket: state gauges count the sockets in each state, counters add up, every socket
	 * records into the timers.
	 */
	public record Metrics(@DefaultValue("true") boolean perSocket) {

	}

	/**
	 * Micrometer observation settings.
	 *
	 * @param enabled Whether to make one observation per attempt to open a socket
	 * (latency and outcome, with the error), for tracing and a
	 * reconnecting.socket.attempt timer.
	 */
	public record Observations(@DefaultValue("false") boolean enabled) {

	}

}
