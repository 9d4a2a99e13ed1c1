package io.github.reconnectingsocket.leader;

import io.github.reconnectingsocket.core.ReconnectingSocket;

import org.springframework.context.ApplicationEvent;

/**
 * Published for each socket of a leader role when this instance is granted the role (the
 * socket starts: {@link #isLeader()} is {@code true}) or loses it (the socket stops, back
 * to standby).
 */
public class ReconnectingSocketLeadershipEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final transient ReconnectingSocket<?> socket;

	private final String role;

	private final boolean leader;

	/**
	 * @param source what published the event
	 * @param socket the socket
	 * @param role its leader role
	 * @param leader whether this instance now holds the role
	 */
	public ReconnectingSocketLeadershipEvent(Object source, ReconnectingSocket<?> socket, String role, boolean leader) {
		super(source);
		this.socket = socket;
		this.role = role;
		this.leader = leader;
	}

	/**
	 * @return the socket's name
	 */
	public String getName() {
		return this.socket.name();
	}

	/**
	 * @return the socket
	 */
	public ReconnectingSocket<?> getSocket() {
		return this.socket;
	}

	/**
	 * @return the leader role
	 */
	public String getRole() {
		return this.role;
	}

	/**
	 * @return whether this instance now holds the role ({@code false}: standby)
	 */
	public boolean isLeader() {
		return this.leader;
	}

	@Override
	public String toString() {
		return "ReconnectingSocketLeadershipEvent{name=" + getName() + ", role=" + this.role + ", "
				+ (this.leader ? "leader" : "standby") + "}";
	}

}
