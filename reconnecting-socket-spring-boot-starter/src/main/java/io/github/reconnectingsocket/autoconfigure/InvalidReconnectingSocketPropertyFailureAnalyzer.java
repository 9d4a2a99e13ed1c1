package io.github.reconnectingsocket.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;

/**
 * Explains an {@link InvalidReconnectingSocketPropertyException}: the property, its value, where
 * it came from, and what is allowed.
 */
class InvalidReconnectingSocketPropertyFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidReconnectingSocketPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidReconnectingSocketPropertyException cause) {
		StringBuilder description = new StringBuilder();
		description.append("Invalid value for configuration property '").append(cause.getProperty()).append("':\n\n");
		description.append("    Property: ").append(cause.getProperty()).append('\n');
		description.append("    Value: \"").append(cause.getValue()).append("\"\n");
		Origin origin = cause.getOrigin();
		if (origin != null) {
			description.append("    Origin: ").append(origin).append('\n');
		}
		description.append("    Allowed: ").append(cause.getAllowed());
		String action = "Update your application's configuration: change '" + cause.getProperty()
				+ "' to an allowed value (" + cause.getAllowed() + ").";
		return new FailureAnalysis(description.toString(), action, cause);
	}

}
