package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The leader elections the starter runs over the application's {@code LockRegistry}, one per leader
 * role, under {@code reconnecting-socket.leader-initiator}.
 *
 * @param enabled Whether to run a LockRegistryLeaderInitiator for each leader role that no
 * LockRegistryLeaderInitiator bean of the application already covers. Switch it off when another
 * LeaderInitiator (Zookeeper, Hazelcast, Kubernetes) publishes the leader events.
 * @param heartBeat How often the leader renews its lock. Keep it well below the lock's time-to-live
 * (JdbcLockRegistry: 10s by default).
 * @param busyWait How long a candidate waits between two tries for a lock it did not get.
 */
@ConfigurationProperties("reconnecting-socket.leader-initiator")
public record ReconnectingSocketLeaderInitiatorProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("500ms") Duration heartBeat, @DefaultValue("50ms") Duration busyWait) {

}
