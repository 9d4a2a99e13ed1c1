package io.github.reconnectingsocket.leader;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * One Spring Integration {@link LockRegistryLeaderInitiator} per leader role, over the
 * application's {@link LockRegistry}; each publishes {@code OnGrantedEvent} and
 * {@code OnRevokedEvent} for its role.
 *
 * <p>
 * Its phase is below the sockets' own: it starts before them and stops after them, so on
 * a graceful shutdown the sockets are closed before the lock is released, and the next
 * leader does not open its socket while this one is still open. {@link #stop()} waits (at
 * most {@code releaseTimeout}) until each election thread has released its lock.
 */
public class LeaderRoleInitiators implements SmartLifecycle, ApplicationEventPublisherAware, DisposableBean {

	private static final Log logger = LogFactory.getLog(LeaderRoleInitiators.class);

	private final LockRegistry<?> lockRegistry;

	private final Supplier<Set<String>> roles;

	private final Duration heartBeat;

	private final Duration busyWait;

	private final Duration releaseTimeout;

	private final int phase;

	private final String candidateId = UUID.randomUUID().toString();

	private final Map<String, LockRegistryLeaderInitiator> initiators = new TreeMap<>();

	private @Nullable SimpleAsyncTaskExecutor executor;

	private @Nullable ApplicationEventPublisher eventPublisher;

	private volatile boolean running;

	/**
	 * @param lockRegistry the locks to elect on, one per role
	 * @param roles the roles to run an election for, asked for at each start
	 * @param heartBeat how often the leader renews its lock (below the lock's
	 * time-to-live)
	 * @param busyWait how long a candidate waits between two tries for a lock it failed
	 * to get
	 * @param releaseTimeout how long {@link #stop()} waits for the locks to be released
	 * @param phase the lifecycle phase, below the sockets' one
	 */
	public LeaderRoleInitiators(LockRegistry<?> lockRegistry, Supplier<Set<String>> roles, Duration heartBeat,
			Duration busyWait, Duration releaseTimeout, int phase) {
		this.lockRegistry = lockRegistry;
		this.roles = roles;
		this.heartBeat = heartBeat;
		this.busyWait = busyWait;
		this.releaseTimeout = releaseTimeout;
		this.phase = phase;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		ApplicationEventPublisher publisher = this.eventPublisher;
		if (publisher == null) {
			throw new IllegalStateException("No ApplicationEventPublisher: leader events would reach nobody");
		}
		// A new executor at each start: a closed one takes no more tasks.
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("reconnecting-socket-leader-");
		executor.setDaemon(true);
		executor.setTaskTerminationTimeout(this.releaseTimeout.toMillis());
		this.executor = executor;
		for (String role : this.roles.get()) {
			LockRegistryLeaderInitiator initiator = new LockRegistryLeaderInitiator(this.lockRegistry,
					new DefaultCandidate(this.candidateId, role));
			initiator.setTaskExecutor(executor);
			initiator.setHeartBeatMillis(this.heartBeat.toMillis());
			initiator.setBusyWaitMillis(this.busyWait.toMillis());
			initiator.setApplicationEventPublisher(publisher);
			initiator.start();
			this.initiators.put(role, initiator);
			logger.debug("Running the election for leader role '" + role + "' as candidate " + this.candidateId);
		}
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		for (LockRegistryLeaderInitiator initiator : this.initiators.values()) {
			initiator.stop();
		}
		SimpleAsyncTaskExecutor executor = this.executor;
		if (executor != null) {
			// Waits for the election threads, which release their locks and publish the
			// revocations.
			executor.close();
		}
		this.initiators.clear();
		this.executor = null;
	}

	@Override
	public void destroy() {
		stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	/**
	 * @return the roles with an election running, sorted
	 */
	public synchronized Set<String> getRoles() {
		return Set.copyOf(this.initiators.keySet());
	}

	/**
	 * @param role a leader role
	 * @return the election's context (for example to {@link Context#yield() yield} the
	 * role), or {@code null} when no election runs for it
	 */
	public synchronized @Nullable Context getContext(String role) {
		LockRegistryLeaderInitiator initiator = this.initiators.get(role);
		return (initiator != null) ? initiator.getContext() : null;
	}

	/**
	 * @return the candidate id of this instance, the same in every election
	 */
	public String getCandidateId() {
		return this.candidateId;
	}

}
