package io.github.reconnectingsocket.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;

/**
 * Explains a {@link LeaderRoleUnavailableException}: the property, its value, and the
 * dependency to add.
 */
class LeaderRoleUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<LeaderRoleUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, LeaderRoleUnavailableException cause) {
		StringBuilder description = new StringBuilder();
		description.append("Configuration property '")
			.append(cause.getProperty())
			.append("' sets a leader role, but leader election needs Spring Integration, which is not on the class path:\n\n");
		description.append("    Property: ").append(cause.getProperty()).append('\n');
		description.append("    Value: \"").append(cause.getRole()).append("\"\n");
		Origin origin = cause.getOrigin();
		if (origin != null) {
			description.append("    Origin: ").append(origin).append('\n');
		}
		description.append("    Missing: org.springframework.integration:spring-integration-core");
		String action = "Add org.springframework.integration:spring-integration-core (spring-boot-starter-integration "
				+ "brings it) and a LockRegistry bean (for example a JdbcLockRegistry, from spring-integration-jdbc) or "
				+ "a LeaderInitiator of your own; or remove '" + cause.getProperty() + "'.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

}
