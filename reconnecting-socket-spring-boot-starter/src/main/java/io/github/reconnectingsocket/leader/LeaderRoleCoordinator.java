package io.github.reconnectingsocket.leader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.spring.ReconnectingSocketManager;
import io.github.reconnectingsocket.spring.ReconnectingSocketSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.leader.event.AbstractLeaderEvent;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.leader.event.OnRevokedEvent;

/**
 * Starts the sockets of a leader role when this instance is granted the role (Spring
 * Integration's {@link OnGrantedEvent}, from any {@code LeaderInitiator}) and stops them,
 * each bounded by its stop timeout, when the role is revoked ({@link OnRevokedEvent}). A
 * grant that arrives before the application context has started its lifecycle beans is
 * remembered and acted on at {@link #start()}.
 *
 * <p>
 * The revocation handler returns only once the role's sockets are stopped (or their stop
 * timeout has passed): a {@code LockRegistryLeaderInitiator} publishes it on its election
 * thread, which so does not try for the lock again while this instance still holds the
 * socket.
 */
public class LeaderRoleCoordinator implements SocketLeadership, ApplicationListener<AbstractLeaderEvent>,
		SmartLifecycle, ApplicationEventPublisherAware {

	private static final Log logger = LogFactory.getLog(LeaderRoleCoordinator.class);

	// On top of the stop timeout, for the socket's own stop timer to fire and be handled.
	private static final Duration STOP_GRACE = Duration.ofSeconds(1);

	private final ReconnectingSocketManager manager;

	private final int phase;

	private final Object monitor = new Object();

	private final Set<String> granted = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	private @Nullable ApplicationEventPublisher eventPublisher;

	/**
	 * @param manager the managed sockets and their settings
	 * @param phase the lifecycle phase: the one of the sockets' own lifecycle
	 */
	public LeaderRoleCoordinator(ReconnectingSocketManager manager, int phase) {
		this.manager = manager;
		this.phase = phase;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	@Override
	public @Nullable Leadership leadership(String socketName) {
		String role = roleOf(socketName);
		return (role != null) ? new Leadership(role, this.granted.contains(role)) : null;
	}

	/**
	 * @return the leader roles of the managed sockets, sorted
	 */
	public Set<String> roles() {
		Set<String> roles = new TreeSet<>();
		for (ReconnectingSocket<?> socket : this.manager.getSockets()) {
			String role = roleOf(socket.name());
			if (role != null) {
				roles.add(role);
			}
		}
		return roles;
	}

	/**
	 * @param role a leader role
	 * @return whether this instance holds it, as far as the leader events said
	 */
	public boolean isGranted(String role) {
		return this.granted.contains(role);
	}

	@Override
	public void onApplicationEvent(AbstractLeaderEvent event) {
		String role = roleOf(event);
		if (role == null) {
			// Nothing to match a socket with: docs/FLEET.md shows a bridge that adds the
			// role.
			logger.debug("Ignoring " + event + ": it carries no role");
			return;
		}
		if (event instanceof OnGrantedEvent) {
			granted(role);
		}
		else if (event instanceof OnRevokedEvent) {
			revoked(role);
		}
	}

	/** The event's role, else its context's: initiators fill one or the other. */
	private static @Nullable String roleOf(AbstractLeaderEvent event) {
		@Nullable String role = event.getRole();
		return (role != null) ? role : event.getContext().getRole();
	}

	private void granted(String role) {
		List<ReconnectingSocket<?>> sockets;
		boolean start;
		synchronized (this.monitor) {
			if (!this.granted.add(role)) {
				return;
			}
			sockets = socketsOf(role);
			start = this.running;
		}
		if (sockets.isEmpty()) {
			return;
		}
		logger.info("Granted leader role '" + role + "': " + (start ? "starting" : "will start")
				+ " reconnecting socket(s) " + names(sockets));
		publish(sockets, role, true);
		if (start) {
			startAll(sockets);
		}
	}

	private void revoked(String role) {
		List<ReconnectingSocket<?>> sockets;
		synchronized (this.monitor) {
			if (!this.granted.remove(role)) {
				return;
			}
			sockets = socketsOf(role);
		}
		if (sockets.isEmpty()) {
			return;
		}
		logger.info("Revoked leader role '" + role + "': stopping reconnecting socket(s) " + names(sockets));
		stopAll(sockets);
		publish(sockets, role, false);
	}

	@Override
	public void start() {
		List<ReconnectingSocket<?>> sockets = new ArrayList<>();
		synchronized (this.monitor) {
			this.running = true;
			for (String role : this.granted) {
				sockets.addAll(socketsOf(role));
			}
		}
		startAll(sockets);
		for (String role : roles()) {
			if (!this.granted.contains(role)) {
				logger.info("Waiting for leader role '" + role + "' before starting reconnecting socket(s) "
						+ names(socketsOf(role)));
			}
		}
	}

	/** Only stops acting on grants: the sockets' own lifecycle stops every socket. */
	@Override
	public void stop() {
		synchronized (this.monitor) {
			this.running = false;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	private void startAll(List<ReconnectingSocket<?>> sockets) {
		for (ReconnectingSocket<?> socket : sockets) {
			ReconnectingSocketSettings settings = this.manager.getSettings(socket.name());
			// auto-startup: false keeps a role's socket for the application to start, as
			// without a role.
			if (settings != null && settings.autoStartup()) {
				socket.start();
			}
		}
	}

	private void stopAll(List<ReconnectingSocket<?>> sockets) {
		List<CompletableFuture<?>> stops = new ArrayList<>();
		Duration longest = Duration.ZERO;
		for (ReconnectingSocket<?> socket : sockets) {
			stops.add(socket.stop().toCompletableFuture());
			Duration timeout = socket.stopTimeout().orElse(Duration.ZERO);
			longest = (timeout.compareTo(longest) > 0) ? timeout : longest;
		}
		try {
			CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
				.get(longest.plus(STOP_GRACE).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Reconnecting socket(s) " + names(sockets) + " did not stop within their stop timeout "
					+ "after their leader role was revoked");
		}
	}

	private void publish(List<ReconnectingSocket<?>> sockets, String role, boolean leader) {
		ApplicationEventPublisher publisher = this.eventPublisher;
		if (publisher == null) {
			return;
		}
		for (ReconnectingSocket<?> socket : sockets) {
			ReconnectingSocketLeadershipEvent event = new ReconnectingSocketLeadershipEvent(this, socket, role, leader);
			try {
				publisher.publishEvent(event);
			}
			catch (RuntimeException ex) {
				// A listener's bug must not keep the socket from following its role.
				logger.warn("An application listener failed to handle " + event, ex);
			}
		}
	}

	private List<ReconnectingSocket<?>> socketsOf(String role) {
		List<ReconnectingSocket<?>> sockets = new ArrayList<>();
		for (ReconnectingSocket<?> socket : this.manager.getSockets()) {
			if (role.equals(roleOf(socket.name()))) {
				sockets.add(socket);
			}
		}
		return sockets;
	}

	private @Nullable String roleOf(String socketName) {
		ReconnectingSocketSettings settings = this.manager.getSettings(socketName);
		return (settings != null) ? settings.leaderRole() : null;
	}

	private static String names(List<ReconnectingSocket<?>> sockets) {
		List<String> names = new ArrayList<>();
		for (ReconnectingSocket<?> socket : sockets) {
			names.add("'" + socket.name() + "'");
		}
		return String.join(", ", names);
	}

}
