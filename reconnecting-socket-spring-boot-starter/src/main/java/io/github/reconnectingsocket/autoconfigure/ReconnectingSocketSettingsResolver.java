package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.reconnectingsocket.autoconfigure.InvalidReconnectingSocketPropertyException.RelatedProperty;
import io.github.reconnectingsocket.autoconfigure.ReconnectingSocketProperties.Backoff;
import io.github.reconnectingsocket.autoconfigure.ReconnectingSocketProperties.BackoffOverrides;
import io.github.reconnectingsocket.autoconfigure.ReconnectingSocketProperties.Socket;
import io.github.reconnectingsocket.core.InvalidOptionException;
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
 * Turns {@link ReconnectingSocketProperties} into the validated settings of each socket:
 * the {@code sockets.<name>} overrides merged over the top-level values. A bad value is
 * reported as an {@link InvalidReconnectingSocketPropertyException} naming the property
 * it actually came from.
 */
final class ReconnectingSocketSettingsResolver {

	static final String PREFIX = ReconnectingSocketPropertyNames.PREFIX;

	private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9-]+");

	private static final Pattern CORE_OPTION = Pattern.compile("\\b(backoff\\.[a-zA-Z]+|openTimeout|stopTimeout)\\b");

	private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

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
		Duration downAfter = this.properties.health().downAfter();
		if (downAfter.isNegative()) {
			throw invalid(new Source(null), "health.down-after", downAfter, "0 or a positive duration", null);
		}
		// The top-level values must be valid on their own, even with no socket to use
		// them yet.
		defaults();
		for (String name : new TreeSet<>(this.properties.sockets().keySet())) {
			if (!socketNames.contains(name)) {
				String known = socketNames.isEmpty() ? "there is none" : String.join(", ", new TreeSet<>(socketNames));
				String allowed = "the bean name of a SocketFactory bean (" + known + ")";
				throw new InvalidReconnectingSocketPropertyException(socketsProperty(name), name, allowed,
						originUnder(socketsName(name)), null);
			}
		}
		for (Map.Entry<String, Socket> socket : new TreeMap<>(this.properties.sockets()).entrySet()) {
			Duration socketDownAfter = socket.getValue().health().downAfter();
			if (socketDownAfter != null && socketDownAfter.isNegative()) {
				ConfigurationProperty configured = find(socketsName(socket.getKey()).append("health.down-after"));
				throw new InvalidReconnectingSocketPropertyException(
						socketsProperty(socket.getKey()) + ".health.down-after",
						(configured != null) ? configured.getValue() : format(socketDownAfter),
						"0 or a positive duration, or empty for reconnecting-socket.health.down-after",
						(configured != null) ? configured.getOrigin() : null, null);
			}
		}
		Map<String, ReconnectingSocketSettings> settings = new LinkedHashMap<>();
		for (String name : socketNames) {
			settings.put(name, resolve(name));
		}
		return settings;
	}

	/**
	 * @return the settings of a socket without overrides
	 */
	ReconnectingSocketSettings defaults() {
		return resolve(new Source(null));
	}

	/**
	 * @param name a socket's name
	 * @return its settings, with its overrides if it has any
	 */
	ReconnectingSocketSettings resolve(String name) {
		return resolve(new Source(name));
	}

	private ReconnectingSocketSettings resolve(Source source) {
		ReconnectingSocketProperties global = this.properties;
		Backoff backoff = global.backoff();
		boolean autoStartup = source.pick("auto-startup", Socket::autoStartup, global.autoStartup());
		Duration openTimeout = source.pick("open-timeout", Socket::openTimeout, global.openTimeout());
		if (openTimeout.isNegative()) {
			throw invalid(source, "open-timeout", openTimeout, "0 for no limit, or a positive duration", null);
		}
		Duration stopTimeout = source.pick("stop-timeout", Socket::stopTimeout, global.stopTimeout());
		if (stopTimeout.isNegative()) {
			throw invalid(source, "stop-timeout", stopTimeout, "0 or a positive duration", null);
		}
		double factor = source.pickBackoff("factor", BackoffOverrides::factor, backoff.factor());
		// The core checks the factor for the exponential strategy only; a bad one should
		// not wait
		// until someone switches strategy.
		if (!(factor > 1) || Double.isInfinite(factor)) {
			throw invalid(source, "backoff.factor", factor, "a finite number greater than 1", null);
		}
		io.github.reconnectingsocket.backoff.Backoff.Builder builder = io.github.reconnectingsocket.backoff.Backoff
			.builder()
			.strategy(name(source.pickBackoff("strategy", BackoffOverrides::strategy, backoff.strategy())))
			.initialDelay(source.pickBackoff("initial-delay", BackoffOverrides::initialDelay, backoff.initialDelay()))
			.maxDelay(source.pickBackoff("max-delay", BackoffOverrides::maxDelay, backoff.maxDelay()))
			.randomisationFactor(source.pickBackoff("randomisation-factor", BackoffOverrides::randomisationFactor,
					backoff.randomisationFactor()))
			.factor(factor)
			.failAfter(source.pickNullableBackoff("fail-after", BackoffOverrides::failAfter, backoff.failAfter()))
			.jitter(name(source.pickBackoff("jitter", BackoffOverrides::jitter, backoff.jitter())))
			.resetAfter(source.pickNullableBackoff("reset-after", BackoffOverrides::resetAfter, backoff.resetAfter()));
		String leaderRole = source.pickNullable("leader-role", Socket::leaderRole, global.leaderRole());
		if (leaderRole != null && !leaderRole.equals(leaderRole.strip())) {
			throw invalid(source, "leader-role", leaderRole,
					"a role name without leading or trailing whitespace, or empty for none", null);
		}
		try {
			return new ReconnectingSocketSettings(autoStartup, builder.build(),
					openTimeout.isZero() ? null : openTimeout, stopTimeout,
					(leaderRole == null || leaderRole.isEmpty()) ? null : leaderRole);
		}
		catch (InvalidOptionException ex) {
			String key = propertyKey(ex.option());
			List<String> relatedKeys = new ArrayList<>();
			String allowed = CORE_OPTION.matcher(ex.allowed()).replaceAll((match) -> {
				relatedKeys.add(propertyKey(match.group()));
				return Matcher.quoteReplacement(source.property(propertyKey(match.group())));
			}).replace("or null", "or empty");
			Object value = source.values.containsKey(key) ? source.values.get(key) : ex.value();
			// A value that is bad only next to another (max-delay next to initial-delay):
			// name both,
			// with where each was set, since either may be the one to change.
			List<RelatedProperty> related = new ArrayList<>();
			for (String relatedKey : relatedKeys) {
				if (!relatedKey.equals(key)) {
					ConfigurationProperty configured = find(source.configurationName(relatedKey));
					related.add(new RelatedProperty(source.property(relatedKey),
							(configured != null) ? configured.getValue() : format(source.values.get(relatedKey)),
							(configured != null) ? configured.getOrigin() : null));
				}
			}
			throw invalid(source, key, value, allowed, related, ex);
		}
	}

	private InvalidReconnectingSocketPropertyException invalid(Source source, String key, @Nullable Object value,
			String allowed, @Nullable Throwable cause) {
		return invalid(source, key, value, allowed, List.of(), cause);
	}

	private InvalidReconnectingSocketPropertyException invalid(Source source, String key, @Nullable Object value,
			String allowed, List<RelatedProperty> related, @Nullable Throwable cause) {
		String property = source.property(key);
		ConfigurationProperty configured = find(source.configurationName(key));
		Object shown = (configured != null) ? configured.getValue() : format(value);
		return new InvalidReconnectingSocketPropertyException(property, shown, allowed,
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

	private static String name(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	/** {@code backoff.maxDelay} to {@code backoff.max-delay}. */
	static String propertyKey(String coreOption) {
		return CAMEL_HUMP.matcher(coreOption).replaceAll("$1-$2").toLowerCase(Locale.ROOT);
	}

	static String socketsProperty(String name) {
		return PREFIX + ".sockets" + (SIMPLE_KEY.matcher(name).matches() ? "." + name : "[" + name + "]");
	}

	private static ConfigurationPropertyName socketsName(String name) {
		return ConfigurationPropertyName.of(PREFIX + ".sockets[" + name + "]");
	}

	/**
	 * Where each value of one socket comes from: its override if set, else the top level.
	 */
	private final class Source {

		private final @Nullable Socket override;

		/**
		 * The name of the overrides' key: {@code sockets.<name>}, when the socket has
		 * overrides.
		 */
		private final @Nullable String overrideName;

		/**
		 * The property that gave each value, by key relative to the prefix, for example
		 * {@code backoff.max-delay}.
		 */
		private final Map<String, String> properties = new HashMap<>();

		private final Map<String, @Nullable Object> values = new HashMap<>();

		Source(@Nullable String name) {
			this.override = (name != null) ? ReconnectingSocketSettingsResolver.this.properties.sockets().get(name)
					: null;
			this.overrideName = (this.override != null) ? name : null;
		}

		<T> T pick(String key, Function<Socket, @Nullable T> overridden, T global) {
			T value = (this.override != null) ? overridden.apply(this.override) : null;
			return record(key, value, global);
		}

		<T> T pickBackoff(String key, Function<BackoffOverrides, @Nullable T> overridden, T global) {
			T value = (this.override != null) ? overridden.apply(this.override.backoff()) : null;
			return record("backoff." + key, value, global);
		}

		<T> @Nullable T pickNullable(String key, Function<Socket, @Nullable T> overridden, @Nullable T global) {
			T value = (this.override != null) ? overridden.apply(this.override) : null;
			if (value != null) {
				this.properties.put(key, overrideProperty(key));
				this.values.put(key, value);
				return value;
			}
			this.values.put(key, global);
			return global;
		}

		<T> @Nullable T pickNullableBackoff(String key, Function<BackoffOverrides, @Nullable T> overridden,
				@Nullable T global) {
			T value = (this.override != null) ? overridden.apply(this.override.backoff()) : null;
			String fullKey = "backoff." + key;
			if (value != null) {
				this.properties.put(fullKey, overrideProperty(fullKey));
				this.values.put(fullKey, value);
				return value;
			}
			this.values.put(fullKey, global);
			return global;
		}

		private <T> T record(String key, @Nullable T value, T global) {
			if (value != null) {
				this.properties.put(key, overrideProperty(key));
				this.values.put(key, value);
				return value;
			}
			this.values.put(key, global);
			return global;
		}

		String property(String key) {
			return this.properties.getOrDefault(key, PREFIX + "." + key);
		}

		ConfigurationPropertyName configurationName(String key) {
			if (this.overrideName != null && this.properties.containsKey(key)) {
				return socketsName(this.overrideName).append(key);
			}
			return ConfigurationPropertyName.of(PREFIX + "." + key);
		}

		private String overrideProperty(String key) {
			return socketsProperty(Objects.requireNonNull(this.overrideName)) + "." + key;
		}

	}

}
