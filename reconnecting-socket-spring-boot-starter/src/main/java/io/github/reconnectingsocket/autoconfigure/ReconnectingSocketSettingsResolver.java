package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.github.reconnectingsocket.autoconfigure.InvalidReconnectingSocketPropertyException.RelatedProperty;
import io.github.reconnectingsocket.autoconfigure.SharedSocketProperties;
import io.github.reconnectingsocket.autoconfigure.ReconnectingSocketProperties.SocketProperties;
import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.InvalidOptionException;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.spring.ReconnectingSocketSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Turns {@link ReconnectingSocketProperties} into the validated settings of each socket.
 * Every shared key ({@link SocketSetting}) is resolved the same way, in
 * {@link Source#value}: the socket's value, else the top-level value, else the default
 * (the core's, for a core option). The core validates the values; its
 * {@link InvalidOptionException} is reported as an
 * {@link InvalidReconnectingSocketPropertyException} naming the property the value came
 * from, found by {@link InvalidOptionException#option()}.
 */
final class ReconnectingSocketSettingsResolver {

	static final String PREFIX = ReconnectingSocketPropertyNames.PREFIX;

	private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9-]+");

	private final ReconnectingSocketProperties properties;

	private final @Nullable Environment environment;

	ReconnectingSocketSettingsResolver(ReconnectingSocketProperties properties, @Nullable Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	/**
	 * Validates the whole configuration against the sockets that exist.
	 * @param socketNames the bean names of the SocketFactory beans
	 * @return the settings of each socket, by name
	 * @throws InvalidReconnectingSocketPropertyException for the first bad value
	 */
	Map<String, ReconnectingSocketSettings> resolve(Collection<String> socketNames) {
		// The top-level values must be valid on their own, even with no socket to use
		// them yet.
		ReconnectingSocketSettings defaults = defaults();
		for (String name : new TreeSet<>(this.properties.sockets().keySet())) {
			if (!socketNames.contains(name)) {
				String known = socketNames.isEmpty() ? "there is none" : String.join(", ", new TreeSet<>(socketNames));
				String allowed = "the bean name of a SocketFactory bean (" + known + ")";
				throw new InvalidReconnectingSocketPropertyException(socketsProperty(name), name, allowed,
						originUnder(socketsName(name)), null);
			}
		}
		Map<String, ReconnectingSocketSettings> settings = new LinkedHashMap<>();
		for (String name : new TreeSet<>(socketNames)) {
			// A socket without a key of its own has the defaults: one instance, resolved
			// and checked once, however many sockets share it.
			settings.put(name, this.properties.sockets().containsKey(name) ? resolve(name) : defaults);
		}
		return settings;
	}

	/**
	 * @return the settings of a socket without settings of its own
	 */
	ReconnectingSocketSettings defaults() {
		return resolve(new Source(null));
	}

	/**
	 * @param name a socket's name
	 * @return its settings
	 */
	ReconnectingSocketSettings resolve(String name) {
		return resolve(new Source(name));
	}

	/**
	 * @param name a socket's name
	 * @return how long it may stay disconnected before its health is DOWN
	 */
	Duration healthDownAfter(String name) {
		return new Source(name).required(SocketSetting.HEALTH_DOWN_AFTER);
	}

	/**
	 * @param name a socket's name
	 * @return whether its health counts
	 */
	boolean healthEnabled(String name) {
		SocketProperties socket = this.properties.sockets().get(name);
		return socket == null || socket.health().enabled();
	}

	/**
	 * @param name a socket's name
	 * @return the property its leader role comes from
	 */
	String leaderRoleProperty(String name) {
		return new Source(name).property(SocketSetting.LEADER_ROLE);
	}

	private ReconnectingSocketSettings resolve(Source source) {
		Duration downAfter = source.required(SocketSetting.HEALTH_DOWN_AFTER);
		if (downAfter.isNegative()) {
			throw invalid(source, SocketSetting.HEALTH_DOWN_AFTER,
					"0 or a positive duration" + (source.isOwn(SocketSetting.HEALTH_DOWN_AFTER)
							? ", or empty for " + PREFIX + ".health.down-after" : ""),
					List.of(), null);
		}
		String leaderRole = source.value(SocketSetting.LEADER_ROLE);
		if (leaderRole != null && !leaderRole.equals(leaderRole.strip())) {
			throw invalid(source, SocketSetting.LEADER_ROLE,
					"a role name without leading or trailing whitespace, or empty for none", List.of(), null);
		}
		try {
			Backoff backoff = Backoff.builder()
				.strategy(source.required(SocketSetting.STRATEGY))
				.initialDelay(source.required(SocketSetting.INITIAL_DELAY))
				.maxDelay(source.required(SocketSetting.MAX_DELAY))
				.randomisationFactor(source.required(SocketSetting.RANDOMISATION_FACTOR))
				.factor(source.required(SocketSetting.FACTOR))
				.failAfter(source.value(SocketSetting.FAIL_AFTER))
				.jitter(source.required(SocketSetting.JITTER))
				.resetAfter(source.value(SocketSetting.RESET_AFTER))
				.reviveAfter(source.value(SocketSetting.REVIVE_AFTER))
				.build();
			ReconnectingSocketSettings settings = new ReconnectingSocketSettings(
					source.required(SocketSetting.AUTO_STARTUP), backoff,
					noLimitIfZero(source.value(SocketSetting.OPEN_TIMEOUT)),
					source.required(SocketSetting.STOP_TIMEOUT),
					noLimitIfZero(source.value(SocketSetting.LIVENESS_TIMEOUT)),
					noLimitIfZero(source.value(SocketSetting.SLOW_CALL_THRESHOLD)),
					(leaderRole == null || leaderRole.isEmpty()) ? null : leaderRole);
			// The core checks each option as it is set: now, rather than when the socket
			// is built.
			settings.applyTo(ReconnectingSocket.builder());
			return settings;
		}
		catch (InvalidOptionException ex) {
			SocketSetting<?> setting = SocketSetting.ofCoreOption(ex.option());
			if (setting == null) {
				throw ex;
			}
			throw invalid(source, setting, ex);
		}
	}

	private static @Nullable Duration noLimitIfZero(@Nullable Duration duration) {
		return (duration == null || duration.isZero()) ? null : duration;
	}

	private InvalidReconnectingSocketPropertyException invalid(Source source, SocketSetting<?> setting,
			InvalidOptionException ex) {
		String allowed = (setting.allowed() != null) ? setting.allowed() : ex.allowed();
		List<RelatedProperty> related = List.of();
		SocketSetting<?> other = setting.conflictsWith();
		if (other != null) {
			// A value that is bad only next to another (max-delay next to
			// initial-delay): name both, with where each was set, since either may be
			// the one to change.
			ConfigurationProperty configured = find(source.configurationName(other));
			related = List.of(new RelatedProperty(source.property(other),
					(configured != null) ? configured.getValue() : format(source.value(other)),
					(configured != null) ? configured.getOrigin() : null));
			allowed = allowed.formatted(source.property(other) + " (" + format(source.value(other)) + ")");
		}
		return invalid(source, setting, allowed, related, ex);
	}

	private InvalidReconnectingSocketPropertyException invalid(Source source, SocketSetting<?> setting, String allowed,
			List<RelatedProperty> related, @Nullable Throwable cause) {
		ConfigurationProperty configured = find(source.configurationName(setting));
		Object value = source.value(setting);
		if (value == null && cause instanceof InvalidOptionException ex) {
			value = ex.value();
		}
		Object shown = (configured != null) ? configured.getValue() : format(value);
		return new InvalidReconnectingSocketPropertyException(source.property(setting), shown, allowed,
				(configured != null) ? configured.getOrigin() : null, related, cause);
	}

	/**
	 * Fails on properties under a misspelt prefix ({@code reconnecting-sockets.}), which
	 * no binder would ever read. The binder itself rejects unknown keys under the right
	 * prefix ({@code ignoreUnknownFields = false}); this reports both the same way. Like
	 * the binder, it skips system properties and environment variables, which hold many
	 * unrelated names.
	 * @throws UnboundConfigurationPropertiesException naming each such property
	 */
	void checkPrefix() {
		if (this.environment == null) {
			return;
		}
		Set<ConfigurationProperty> misspelt = new TreeSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable
					&& new UnboundElementsSourceFilter().apply(source)) {
				iterable.stream()
					.filter(ReconnectingSocketPropertyNames::hasMisspeltPrefix)
					.map(source::getConfigurationProperty)
					.filter(Objects::nonNull)
					.forEach(misspelt::add);
			}
		}
		if (!misspelt.isEmpty()) {
			throw new UnboundConfigurationPropertiesException(misspelt);
		}
	}

	/**
	 * The origin of the first property configured under a name, for a name that is only a
	 * prefix.
	 */
	private @Nullable Origin originUnder(ConfigurationPropertyName prefix) {
		if (this.environment == null) {
			return null;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				ConfigurationPropertyName name = iterable.stream()
					.filter(prefix::isAncestorOf)
					.findFirst()
					.orElse(null);
				ConfigurationProperty property = (name != null) ? source.getConfigurationProperty(name) : null;
				if (property != null) {
					return property.getOrigin();
				}
			}
		}
		return null;
	}

	private @Nullable ConfigurationProperty find(ConfigurationPropertyName name) {
		if (this.environment == null) {
			return null;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			if (property != null) {
				return property;
			}
		}
		return null;
	}

	private static @Nullable Object format(@Nullable Object value) {
		return (value instanceof Duration duration) ? ReconnectingSocketSettings.print(duration) : value;
	}

	static String socketsProperty(String name) {
		return PREFIX + ".sockets" + (SIMPLE_KEY.matcher(name).matches() ? "." + name : "[" + name + "]");
	}

	private static ConfigurationPropertyName socketsName(String name) {
		return ConfigurationPropertyName.of(PREFIX + ".sockets[" + name + "]");
	}

	/**
	 * The two levels of one socket's values: its own ({@code sockets.<name>}) and the top
	 * level.
	 */
	private final class Source {

		private final @Nullable String name;

		private final @Nullable SocketProperties own;

		Source(@Nullable String name) {
			this.own = (name != null) ? ReconnectingSocketSettingsResolver.this.properties.sockets().get(name) : null;
			this.name = (this.own != null) ? name : null;
		}

		/** The socket's value, else the top-level value, else the default. */
		<T> @Nullable T value(SocketSetting<T> setting) {
			if (isOwn(setting)) {
				return setting.read().apply(Objects.requireNonNull(this.own));
			}
			T global = setting.read().apply(ReconnectingSocketSettingsResolver.this.properties);
			return (global != null) ? global : setting.defaultValue();
		}

		<T> T required(SocketSetting<T> setting) {
			return Objects.requireNonNull(value(setting), setting.key());
		}

		/** Whether the socket sets this key itself. */
		boolean isOwn(SocketSetting<?> setting) {
			SharedSocketProperties own = this.own;
			return own != null && setting.read().apply(own) != null;
		}

		/**
		 * @return the full name of the property the value comes from: the socket's when
		 * it sets it, else the top-level one (set or not)
		 */
		String property(SocketSetting<?> setting) {
			return isOwn(setting) ? socketsProperty(Objects.requireNonNull(this.name)) + "." + setting.key()
					: PREFIX + "." + setting.key();
		}

		ConfigurationPropertyName configurationName(SocketSetting<?> setting) {
			return isOwn(setting) ? socketsName(Objects.requireNonNull(this.name)).append(setting.key())
					: ConfigurationPropertyName.of(PREFIX + "." + setting.key());
		}

	}

}
