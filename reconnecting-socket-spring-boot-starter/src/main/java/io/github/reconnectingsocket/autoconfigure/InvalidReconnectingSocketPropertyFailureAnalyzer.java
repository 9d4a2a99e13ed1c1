package io.github.reconnectingsocket.autoconfigure;

import java.util.List;
import java.util.Set;

import io.github.reconnectingsocket.autoconfigure.InvalidReconnectingSocketPropertyException.RelatedProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Explains bad {@code reconnecting-socket} configuration: a value outside what is allowed
 * ({@link InvalidReconnectingSocketPropertyException}), and unknown keys, left unbound by
 * the binder or under a misspelt prefix, with the nearest known key. Ordered before
 * Spring Boot's own analyzers, which would report the same bind failures without the
 * suggestion.
 */
class InvalidReconnectingSocketPropertyFailureAnalyzer implements FailureAnalyzer, Ordered {

	private final @Nullable Environment environment;

	/**
	 * @param environment where to look up a value that a bind failure does not carry
	 */
	InvalidReconnectingSocketPropertyFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return 0;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		InvalidReconnectingSocketPropertyException invalid = findCause(failure,
				InvalidReconnectingSocketPropertyException.class);
		if (invalid != null) {
			return analyzeInvalid(invalid);
		}
		UnboundConfigurationPropertiesException unbound = findCause(failure,
				UnboundConfigurationPropertiesException.class);
		if (unbound != null && isOurs(unbound.getUnboundProperties())) {
			return analyzeUnknown(unbound.getUnboundProperties(), unbound);
		}
		// The innermost: binding a record nests one BindException per level.
		BindException bind = findDeepestCause(failure, BindException.class);
		if (bind != null && isOurGroup(bind.getTarget().getType().resolve())) {
			// A value given to a group of keys, such as the former boolean
			// sockets.<name>.health.
			ConfigurationProperty property = (bind.getProperty() != null) ? bind.getProperty() : find(bind.getName());
			return analyzeUnknown(Set.of((property != null) ? property
					: new ConfigurationProperty(bind.getName(), "(a value)", bind.getOrigin())), bind);
		}
		return null;
	}

	private FailureAnalysis analyzeInvalid(InvalidReconnectingSocketPropertyException cause) {
		StringBuilder description = new StringBuilder();
		description.append("Invalid value for configuration property '").append(cause.getProperty()).append("':\n\n");
		description.append("    Property: ").append(cause.getProperty()).append('\n');
		description.append("    Value: \"").append(cause.getValue()).append("\"\n");
		description.append("    Origin: ").append(origin(cause.getOrigin())).append('\n');
		description.append("    Allowed: ").append(cause.getAllowed());
		String change = "'" + cause.getProperty() + "'";
		for (RelatedProperty related : cause.getRelated()) {
			description.append("\n    Conflicts with: ")
				.append(related.property())
				.append(" = \"")
				.append(related.value())
				.append("\" (origin: ")
				.append(origin(related.origin()))
				.append(')');
			change += " or '" + related.property() + "'";
		}
		String action = cause.getRelated().isEmpty()
				? "Update your application's configuration: change " + change + " to an allowed value ("
						+ cause.getAllowed() + ")."
				: "Update your application's configuration: change " + change + " so that '" + cause.getProperty()
						+ "' is allowed (" + cause.getAllowed() + ").";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	private FailureAnalysis analyzeUnknown(Set<ConfigurationProperty> properties, Throwable cause) {
		StringBuilder description = new StringBuilder();
		StringBuilder action = new StringBuilder("Update your application's configuration:");
		description
			.append((properties.size() == 1) ? "Unknown configuration property" : "Unknown configuration properties")
			.append(" for reconnecting sockets:\n");
		for (ConfigurationProperty property : properties) {
			ConfigurationPropertyName name = property.getName();
			String suggestion = ReconnectingSocketPropertyNames.suggest(name);
			description.append("\n    Property: ").append(name).append('\n');
			description.append("    Value: \"").append(property.getValue()).append("\"\n");
			description.append("    Origin: ").append(origin(property.getOrigin())).append('\n');
			if (suggestion != null) {
				description.append("    Did you mean: ").append(suggestion).append('\n');
				action.append("\n    rename '").append(name).append("' to '").append(suggestion).append("'");
			}
			else {
				List<String> known = ReconnectingSocketPropertyNames.siblings(name);
				description.append("    Known: ").append(String.join(", ", known)).append('\n');
				action.append("\n    remove '").append(name).append("', or use one of the known properties");
			}
		}
		action.append("\nEvery property is described in the starter's configuration metadata (IDE completion).");
		return new FailureAnalysis(description.toString().stripTrailing(), action.toString(), cause);
	}

	private static boolean isOurs(Set<ConfigurationProperty> properties) {
		return !properties.isEmpty() && properties.stream().allMatch((property) -> {
			ConfigurationPropertyName name = property.getName();
			return ConfigurationPropertyName.of(ReconnectingSocketPropertyNames.PREFIX).isAncestorOf(name)
					|| ReconnectingSocketPropertyNames.hasMisspeltPrefix(name);
		});
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

	private static boolean isOurGroup(@Nullable Class<?> type) {
		return type != null && type.isRecord() && type.getEnclosingClass() == ReconnectingSocketProperties.class;
	}

	private static String origin(@Nullable Origin origin) {
		return (origin != null) ? origin.toString() : "none: the default value";
	}

	private static <T extends Throwable> @Nullable T findDeepestCause(@Nullable Throwable failure, Class<T> type) {
		T found = null;
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				found = type.cast(candidate);
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return found;
	}

	private static <T extends Throwable> @Nullable T findCause(@Nullable Throwable failure, Class<T> type) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			candidate = candidate.getCause();
		}
		return null;
	}

}
