package io.github.reconnectingsocket.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginProvider;

/**
 * A socket has a leader role but Spring Integration, which elects the leader, is not on
 * the class path. Its failure analysis says which dependency to add.
 */
public class LeaderRoleUnavailableException extends RuntimeException implements OriginProvider {

	private static final long serialVersionUID = 1L;

	/** The class whose absence this reports. */
	static final String REQUIRED_CLASS = "org.springframework.integration.leader.event.AbstractLeaderEvent";

	private final String property;

	private final String role;

	private final transient @Nullable Origin origin;

	/**
	 * @param property the property that gave the role
	 * @param role the role
	 * @param origin where it was set, when known
	 */
	public LeaderRoleUnavailableException(String property, String role, @Nullable Origin origin) {
		super("Configuration property '" + property + "' sets the leader role '" + role
				+ "', but Spring Integration is not on the class path: add "
				+ "org.springframework.integration:spring-integration-core");
		this.property = property;
		this.role = role;
		this.origin = origin;
	}

	/**
	 * @return the property that gave the role
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * @return the role
	 */
	public String getRole() {
		return this.role;
	}

	@Override
	public @Nullable Origin getOrigin() {
		return this.origin;
	}

}
