package io.github.reconnectingsocket.leader;

import org.jspecify.annotations.Nullable;

/**
 * Which managed sockets wait for a leader role, and whether this instance holds it.
 */
@FunctionalInterface
public interface SocketLeadership {

	/**
	 * @param socketName a managed socket's name
	 * @return its leadership, or {@code null} when it has no leader role (or is unknown)
	 */
	@Nullable Leadership leadership(String socketName);

	/**
	 * The leadership of one socket.
	 *
	 * @param role the leader role the socket waits for
	 * @param leader whether this instance holds the role
	 */
	record Leadership(String role, boolean leader) {

		/**
		 * @return {@code leader} or {@code standby}
		 */
		public String status() {
			return this.leader ? "leader" : "standby";
		}

	}

}
