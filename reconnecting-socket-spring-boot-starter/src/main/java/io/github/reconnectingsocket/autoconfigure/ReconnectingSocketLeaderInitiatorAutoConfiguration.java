package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import io.github.reconnectingsocket.leader.LeaderRoleCoordinator;
import io.github.reconnectingsocket.leader.LeaderRoleInitiators;
import io.github.reconnectingsocket.spring.ReconnectingSocketSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * Auto-configuration of a {@link LockRegistryLeaderInitiator} per leader role in use,
 * over the application's single {@link LockRegistry} bean (a {@code JdbcLockRegistry}, a
 * {@code RedisLockRegistry}). A role that a {@code LockRegistryLeaderInitiator} bean of
 * the application already elects on is left to it;
 * {@code reconnecting-socket.leader-initiator.enabled=false} leaves every role to the
 * application.
 */
@AutoConfiguration(after = ReconnectingSocketLeaderAutoConfiguration.class)
@ConditionalOnClass(LockRegistryLeaderInitiator.class)
@ConditionalOnBooleanProperty(name = "reconnecting-socket.leader-initiator.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(LockRegistry.class)
@ConditionalOnBean(LeaderRoleCoordinator.class)
@EnableConfigurationProperties(ReconnectingSocketProperties.class)
public final class ReconnectingSocketLeaderInitiatorAutoConfiguration {

	/** How long stopping waits for the election threads to release their locks. */
	static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(5);

	private static final String PREFIX = "reconnecting-socket.leader-initiator.";

	private static final Log logger = LogFactory.getLog(ReconnectingSocketLeaderInitiatorAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	LeaderRoleInitiators leaderRoleInitiators(LockRegistry<?> lockRegistry, LeaderRoleCoordinator coordinator,
			ObjectProvider<LockRegistryLeaderInitiator> applicationInitiators,
			ReconnectingSocketProperties properties) {
		ReconnectingSocketProperties.LeaderInitiator initiator = properties.leaderInitiator();
		if (initiator.heartBeat().isNegative() || initiator.heartBeat().isZero()) {
			throw new InvalidReconnectingSocketPropertyException(PREFIX + "heart-beat",
					ReconnectingSocketSettings.print(initiator.heartBeat()),
					"a positive duration, well below the lock's time-to-live", null, null);
		}
		if (initiator.busyWait().isNegative()) {
			throw new InvalidReconnectingSocketPropertyException(PREFIX + "busy-wait",
					ReconnectingSocketSettings.print(initiator.busyWait()), "0 or a positive duration", null, null);
		}
		// Asked at start, once every socket (and so every role) exists.
		return new LeaderRoleInitiators(lockRegistry, () -> rolesToElect(coordinator, applicationInitiators),
				initiator.heartBeat(), initiator.busyWait(), RELEASE_TIMEOUT, properties.phase() - 1);
	}

	private static Set<String> rolesToElect(LeaderRoleCoordinator coordinator,
			ObjectProvider<LockRegistryLeaderInitiator> applicationInitiators) {
		Set<String> roles = new TreeSet<>(coordinator.roles());
		applicationInitiators.forEach((initiator) -> {
			String role = initiator.getContext().getRole();
			if (roles.remove(role)) {
				logger
					.info("Leader role '" + role + "' is elected by the application's own LockRegistryLeaderInitiator");
			}
		});
		return roles;
	}

}
