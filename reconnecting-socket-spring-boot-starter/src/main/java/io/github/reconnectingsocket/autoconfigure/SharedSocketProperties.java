package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;

import io.github.reconnectingsocket.autoconfigure.ReconnectingSocketProperties.BackoffProperties;
import org.jspecify.annotations.Nullable;

/**
 * The keys that the top level and {@code sockets.<name>} share: the top level's values
 * apply to every socket, a socket's own win. {@code SocketSetting} reads them through
 * this view, so that the resolution is written once.
 */
public interface SharedSocketProperties {

	/**
	 * @return whether to start with the application context, or {@code null}
	 */
	@Nullable Boolean autoStartup();

	/**
	 * @return the open timeout (0 for none), or {@code null}
	 */
	@Nullable Duration openTimeout();

	/**
	 * @return the stop timeout, or {@code null}
	 */
	@Nullable Duration stopTimeout();

	/**
	 * @return the liveness timeout (0 for none), or {@code null}
	 */
	@Nullable Duration livenessTimeout();

	/**
	 * @return the slow-call threshold (0 for none), or {@code null}
	 */
	@Nullable Duration slowCallThreshold();

	/**
	 * @return the backoff, every value of which may be {@code null}
	 */
	BackoffProperties backoff();

	/**
	 * @return the health settings
	 */
	Health health();

	/**
	 * @return the leader role (empty for none), or {@code null}
	 */
	@Nullable String leaderRole();

	/** The health key that the top level and {@code sockets.<name>} share. */
	interface Health {

		/**
		 * @return how long a socket may stay disconnected before it is DOWN, or
		 * {@code null}
		 */
		@Nullable Duration downAfter();

	}

}
