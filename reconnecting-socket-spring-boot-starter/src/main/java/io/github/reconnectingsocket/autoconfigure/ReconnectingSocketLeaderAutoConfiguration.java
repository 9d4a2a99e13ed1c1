package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.leader.LeaderRoleCoordinator;
import io.github.reconnectingsocket.spring.ReconnectingSocketManager;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.leader.event.AbstractLeaderEvent;

/**
 * Auto-configuration of leader roles ({@code reconnecting-socket.leader-role} and
 * {@code reconnecting-socket.sockets.<name>.leader-role}), when Spring Integration is on
 * the class path: a socket with a role starts when this instance is granted the role and
 * stops when it loses it, whichever {@code LeaderInitiator} publishes the events.
 */
@AutoConfiguration(after = ReconnectingSocketAutoConfiguration.class)
@ConditionalOnClass(AbstractLeaderEvent.class)
@ConditionalOnBean(ReconnectingSocketManager.class)
@EnableConfigurationProperties(ReconnectingSocketProperties.class)
public final class ReconnectingSocketLeaderAutoConfiguration {

	/**
	 * In the sockets' own phase: a grant received earlier is acted on once they may
	 * start.
	 */
	@Bean
	@ConditionalOnMissingBean
	LeaderRoleCoordinator leaderRoleCoordinator(ReconnectingSocketManager manager,
			ReconnectingSocketProperties properties) {
		return new LeaderRoleCoordinator(manager, properties.phase());
	}

}
