package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.github.reconnectingsocket.autoconfigure.SharedSocketProperties;
import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import org.jspecify.annotations.Nullable;

/**
 * One key that the top level and {@code sockets.<name>} share, with its default. Every
 * such key is resolved the same way, by {@link ReconnectingSocketSettingsResolver}: the
 * socket's value, else the top-level value, else {@link #defaultValue()}, which for a
 * core option is the core's own ({@link Backoff#DEFAULTS},
 * {@code ReconnectingSocketBuilder.DEFAULT_*}).
 *
 * @param <T> the value's type
 * @param key the key relative to the prefix (or to {@code sockets.<name>}), for example
 * {@code backoff.max-delay}
 * @param coreOption the core's name of the option, as
 * {@link io.github.reconnectingsocket.core.InvalidOptionException#option()} gives it, or
 * {@code null} for a starter-only key
 * @param read the value at one level, {@code null} when not set there
 * @param defaultValue the value when set at neither level, {@code null} for none
 * @param allowed what is allowed, in the properties' own words, where the core's words
 * ({@code null}, option names) would not fit a property; {@code %s} stands for the
 * conflicting property and its value; {@code null} to use the core's
 * @param conflictsWith the key that the value is checked against, for a value bad only
 * next to another one; {@code null} for none
 */
record SocketSetting<T>(String key, @Nullable String coreOption, Function<SharedSocketProperties, @Nullable T> read,
		@Nullable T defaultValue, @Nullable String allowed, @Nullable SocketSetting<?> conflictsWith) {

	static final SocketSetting<Boolean> AUTO_STARTUP = starter("auto-startup", SharedSocketProperties::autoStartup,
			true);

	static final SocketSetting<Duration> OPEN_TIMEOUT = new SocketSetting<>("open-timeout", "openTimeout",
			SharedSocketProperties::openTimeout, ReconnectingSocketBuilder.DEFAULT_OPEN_TIMEOUT,
			"0 for no limit, or a positive duration", null);

	static final SocketSetting<Duration> STOP_TIMEOUT = new SocketSetting<>("stop-timeout", "stopTimeout",
			SharedSocketProperties::stopTimeout, ReconnectingSocketBuilder.DEFAULT_STOP_TIMEOUT,
			"0 or a positive duration", null);

	static final SocketSetting<Duration> LIVENESS_TIMEOUT = new SocketSetting<>("liveness-timeout", "livenessTimeout",
			SharedSocketProperties::livenessTimeout, null, "0 for no limit, or a positive duration", null);

	static final SocketSetting<Duration> SLOW_CALL_THRESHOLD = new SocketSetting<>("slow-call-threshold",
			"slowCallThreshold", SharedSocketProperties::slowCallThreshold,
			ReconnectingSocketBuilder.DEFAULT_SLOW_CALL_THRESHOLD, "0 to watch nothing, or a positive duration", null);

	static final SocketSetting<String> LEADER_ROLE = starter("leader-role", SharedSocketProperties::leaderRole, null);

	static final SocketSetting<Duration> HEALTH_DOWN_AFTER = starter("health.down-after",
			(level) -> level.health().downAfter(), ReconnectingSocketProperties.DEFAULT_HEALTH_DOWN_AFTER);

	static final SocketSetting<String> STRATEGY = backoff("strategy", "strategy", (backoff) -> backoff.strategy(),
			Backoff.DEFAULTS.strategyName(), null, null);

	static final SocketSetting<Duration> INITIAL_DELAY = backoff("initial-delay", "initialDelay",
			(backoff) -> backoff.initialDelay(), Backoff.DEFAULTS.initialDelay(), null, null);

	static final SocketSetting<Duration> MAX_DELAY = backoff("max-delay", "maxDelay", (backoff) -> backoff.maxDelay(),
			Backoff.DEFAULTS.maxDelay(), "greater than %s", INITIAL_DELAY);

	static final SocketSetting<Double> RANDOMISATION_FACTOR = backoff("randomisation-factor", "randomisationFactor",
			(backoff) -> backoff.randomisationFactor(), Backoff.DEFAULTS.randomisationFactor(), null, null);

	static final SocketSetting<Double> FACTOR = backoff("factor", "factor", (backoff) -> backoff.factor(),
			Backoff.DEFAULTS.factor(), null, null);

	static final SocketSetting<Integer> FAIL_AFTER = backoff("fail-after", "failAfter",
			(backoff) -> backoff.failAfter(), Backoff.DEFAULTS.failAfter(), "1 or more, or empty to never give up",
			null);

	/**
	 * The one default the starter does not take from the core: the core keeps the npm
	 * original's proportional jitter, while a Boot application usually runs as a fleet of
	 * replicas, which decorrelated jitter spreads (docs/BENCHMARKS.md, crowd spread).
	 */
	static final String FLEET_SAFE_JITTER = "decorrelated";

	static final SocketSetting<String> JITTER = backoff("jitter", "jitter", (backoff) -> backoff.jitter(),
			FLEET_SAFE_JITTER, null, null);

	static final SocketSetting<Duration> RESET_AFTER = backoff("reset-after", "resetAfter",
			(backoff) -> backoff.resetAfter(), Backoff.DEFAULTS.resetAfter(),
			"a positive duration, or empty to reset as soon as a connection opens", null);

	static final SocketSetting<Duration> REVIVE_AFTER = backoff("revive-after", "reviveAfter",
			(backoff) -> backoff.reviveAfter(), Backoff.DEFAULTS.reviveAfter(),
			"a positive duration, or empty to stay failed until the next start", null);

	/** Every shared key, in the order the core validates them. */
	static final List<SocketSetting<?>> ALL = List.of(AUTO_STARTUP, OPEN_TIMEOUT, STOP_TIMEOUT, LIVENESS_TIMEOUT,
			SLOW_CALL_THRESHOLD, LEADER_ROLE, HEALTH_DOWN_AFTER, STRATEGY, INITIAL_DELAY, MAX_DELAY,
			RANDOMISATION_FACTOR, FACTOR, FAIL_AFTER, JITTER, RESET_AFTER, REVIVE_AFTER);

	/**
	 * @param coreOption an option's name as the core gives it
	 * @return the setting of that option, or {@code null} when no property sets it
	 */
	static @Nullable SocketSetting<?> ofCoreOption(String coreOption) {
		return ALL.stream().filter((setting) -> coreOption.equals(setting.coreOption())).findFirst().orElse(null);
	}

	private static <T> SocketSetting<T> starter(String key, Function<SharedSocketProperties, @Nullable T> read,
			@Nullable T defaultValue) {
		return new SocketSetting<>(key, null, read, defaultValue, null, null);
	}

	private static <T> SocketSetting<T> backoff(String key, String coreOption,
			Function<ReconnectingSocketProperties.BackoffProperties, @Nullable T> read, @Nullable T defaultValue,
			@Nullable String allowed, @Nullable SocketSetting<?> conflictsWith) {
		return new SocketSetting<>("backoff." + key, "backoff." + coreOption, (level) -> read.apply(level.backoff()),
				defaultValue, allowed, conflictsWith);
	}

}
