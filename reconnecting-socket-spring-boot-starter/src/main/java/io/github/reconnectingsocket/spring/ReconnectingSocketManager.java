package io.github.reconnectingsocket.spring;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.Assert;

/**
 * Builds the managed {@link ReconnectingSocket sockets}, one per {@link SocketFactory}
 * bean, and owns them: registers each in the {@link ReconnectingSocketRegistry},
 * republishes its state changes as {@link ReconnectingSocketStateChangedEvent application
 * events}, logs it, starts and stops it for the {@link ReconnectingSocketLifecycle}, and
 * stops whatever still runs when the application context destroys its beans.
 *
 * <p>
 * Each socket logs to its own logger, {@value #LOGGER_PREFIX}{@code <name>}: info
 * messages and transitions at DEBUG, giving up (FAILED) and failing event listeners at
 * WARN. Giving up is one line with the last error; its stack trace follows only when the
 * error is neither an {@link IOException} nor a {@link TimeoutException} (itself or as a
 * cause). The manager's own logger lists every managed socket and its factory once, at
 * INFO, when they are first started.
 */
public class ReconnectingSocketManager implements DisposableBean {

	/** The prefix of every socket's logger name; the socket's name follows. */
	public static final String LOGGER_PREFIX = "io.github.reconnectingsocket.socket.";

	private static final Log logger = LogFactory.getLog(ReconnectingSocketManager.class);

	private final ReconnectingSocketRegistry registry;

	private final Function<String, ReconnectingSocketSettings> settings;

	private final List<ReconnectingSocketBuilderCustomizer> customizers;

	private final @Nullable ApplicationEventPublisher eventPublisher;

	private final List<Managed> managed = new CopyOnWriteArrayList<>();

	/** The same entries by name, so that a look-up per socket is not a scan of all. */
	private final Map<String, Managed> managedByName = new ConcurrentHashMap<>();

	private volatile boolean publishEvents = true;

	private volatile boolean listed;

	/**
	 * Creates a manager.
	 * @param registry where every socket is registered
	 * @param settings the effective settings of the socket of a given name
	 * @param customizers applied, in order, to every socket's builder
	 * @param eventPublisher where state changes are published, or {@code null} for none
	 */
	public ReconnectingSocketManager(ReconnectingSocketRegistry registry,
			Function<String, ReconnectingSocketSettings> settings,
			List<ReconnectingSocketBuilderCustomizer> customizers, @Nullable ApplicationEventPublisher eventPublisher) {
		this.registry = registry;
		this.settings = settings;
		this.customizers = List.copyOf(customizers);
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Builds, wires and registers the managed socket of one factory; it is left STOPPED.
	 * The bean definitions that the auto-configuration registers for
	 * {@link SocketFactory} beans call this.
	 * @param <S> the socket type
	 * @param name the socket's name: the factory's bean name
	 * @param factory the factory
	 * @return the socket
	 */
	public <S> ReconnectingSocket<S> createSocket(String name, SocketFactory<S> factory) {
		ReconnectingSocketSettings socketSettings = this.settings.apply(name);
		ReconnectingSocketBuilder<S> builder = ReconnectingSocket.builder(factory).name(name);
		socketSettings.applyTo(builder);
		for (ReconnectingSocketBuilderCustomizer customizer : this.customizers) {
			customizer.customize(name, builder);
		}
		ReconnectingSocket<S> socket = builder.build();
		Assert.state(socket.name().equals(name), () -> "A ReconnectingSocketBuilderCustomizer renamed socket '" + name
				+ "' to '" + socket.name() + "': the name must stay the factory's bean name");
		Managed entry = new Managed(socket, socketSettings, factory);
		socket.addInfoListener((info) -> {
			if (entry.log().isDebugEnabled()) {
				entry.log().debug(info.message());
			}
		});
		socket.addStateListener((change) -> onStateChange(entry, change));
		// Managed first, so that registry listeners (meters, leadership) can read its
		// settings.
		this.managed.add(entry);
		Managed previous = this.managedByName.put(name, entry);
		try {
			this.registry.register(socket);
		}
		catch (RuntimeException ex) {
			this.managed.remove(entry);
			if (previous != null) {
				this.managedByName.put(name, previous);
			}
			else {
				this.managedByName.remove(name, entry);
			}
			throw ex;
		}
		return socket;
	}

	/**
	 * @return the managed sockets, in the order they were created
	 */
	public List<ReconnectingSocket<?>> getSockets() {
		List<ReconnectingSocket<?>> sockets = new ArrayList<>(this.managed.size());
		for (Managed entry : this.managed) {
			sockets.add(entry.socket);
		}
		return sockets;
	}

	/**
	 * @param name a managed socket's name
	 * @return the settings it was built with, or {@code null} if no managed socket has
	 * that name
	 */
	public @Nullable ReconnectingSocketSettings getSettings(String name) {
		Managed entry = this.managedByName.get(name);
		return (entry != null) ? entry.settings : null;
	}

	/**
	 * Starts every managed socket whose settings say auto-startup and that has no leader
	 * role; the others are left as they are. A socket with a leader role is started when
	 * this instance is granted the role (see
	 * {@code io.github.reconnectingsocket.leader.LeaderRoleCoordinator}). The first call
	 * logs one INFO line listing every managed socket and its factory.
	 */
	public void startAutoStartupSockets() {
		if (!this.listed) {
			this.listed = true;
			logSockets();
		}
		for (Managed entry : this.managed) {
			if (entry.settings.autoStartup() && entry.settings.leaderRole() == null) {
				entry.abandoned = false;
				entry.socket.start();
			}
		}
	}

	/**
	 * @return the names of the managed sockets that are not {@code stopped}: started with
	 * the context or by hand, and not stopped since
	 */
	public Set<String> getRunningSocketNames() {
		Set<String> names = new LinkedHashSet<>();
		for (Managed entry : this.managed) {
			if (entry.socket.state() != SocketState.STOPPED) {
				names.add(entry.socket.name());
			}
		}
		return names;
	}

	/**
	 * Starts the managed sockets of the given names, whatever their auto-startup setting;
	 * the others are left as they are.
	 * @param names the names of the sockets to start
	 */
	public void startSockets(Collection<String> names) {
		for (Managed entry : this.managed) {
			if (names.contains(entry.socket.name())) {
				entry.abandoned = false;
				entry.socket.start();
			}
		}
	}

	/**
	 * Stops every managed socket, all at once. Each is waited for at most its stop
	 * timeout, by the wall clock, even when its factory's {@code destroy()} hangs on one
	 * of the socket threads; a socket not stopped by then is logged at WARN and no longer
	 * waited for.
	 * @return completed, never exceptionally, once every socket stopped or timed out
	 */
	public CompletableFuture<Void> stopSockets() {
		List<CompletableFuture<Void>> stops = new ArrayList<>(this.managed.size());
		for (Managed entry : this.managed) {
			stops.add(stop(entry));
		}
		return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new));
	}

	/**
	 * Stops whatever still runs (when the context is closed without stopping its
	 * lifecycle beans, for one), without publishing further events, and removes the
	 * sockets from the registry.
	 */
	@Override
	public void destroy() {
		// Listener beans may be destroyed already: events now would reach half-dead
		// beans.
		this.publishEvents = false;
		List<CompletableFuture<Void>> stops = new ArrayList<>();
		for (Managed entry : this.managed) {
			if (entry.socket.state() != SocketState.STOPPED && !entry.abandoned) {
				stops.add(stop(entry));
			}
		}
		CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
		for (Managed entry : this.managed) {
			String name = entry.socket.name();
			if (this.registry.find(name).orElse(null) == entry.socket) {
				this.registry.unregister(name);
			}
		}
	}

	private CompletableFuture<Void> stop(Managed entry) {
		ReconnectingSocket<?> socket = entry.socket;
		Duration timeout = socket.stopTimeout().orElse(Duration.ZERO);
		CompletableFuture<Void> stopped = new CompletableFuture<>();
		try {
			socket.stop().whenComplete((result, ex) -> stopped.complete(null));
		}
		catch (RuntimeException ex) {
			entry.log().warn("Failed to stop reconnecting socket '" + socket.name() + "'", ex);
			stopped.complete(null);
		}
		if (socket.stopTimeout().isEmpty()) {
			return stopped; // configured to wait for good
		}
		// The core bounds the wait itself; this second bound guards the application's
		// shutdown
		// against a custom executor that never runs the stop's completion.
		return stopped.orTimeout(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).exceptionally((ex) -> {
			SocketState state = socket.state();
			if (state != SocketState.STOPPED) {
				entry.abandoned = true;
				if (!timeout.isZero()) {
					entry.log()
						.warn("Reconnecting socket '" + socket.name() + "' did not stop within its stop timeout of "
								+ ReconnectingSocketSettings.print(timeout) + " (still " + state.seedName()
								+ "): no longer waiting for it");
				}
			}
			return null;
		});
	}

	/**
	 * One line for the whole application, so that an operator sees at start-up what it
	 * connects to: each socket's name and its factory's {@code toString()}, which a
	 * factory can make name its peer.
	 */
	private void logSockets() {
		if (!logger.isInfoEnabled() || this.managed.isEmpty()) {
			return;
		}
		List<String> sockets = new ArrayList<>();
		for (Managed entry : this.managed) {
			sockets.add(entry.socket.name() + " -> " + entry.factory
					+ (entry.settings.autoStartup() ? "" : " (auto-startup off)"));
		}
		sockets.sort(null);
		logger.info("Managing " + sockets.size() + " reconnecting socket" + ((sockets.size() == 1) ? "" : "s") + ": "
				+ String.join(", ", sockets));
	}

	private void onStateChange(Managed entry, StateChange change) {
		Log log = entry.log();
		if (change.to() == SocketState.FAILED) {
			if (log.isWarnEnabled()) {
				Throwable error = change.lastError();
				String message = "Reconnecting socket '" + change.name() + "' gave up after "
						+ entry.socket.snapshot().consecutiveFailures() + " consecutive failed attempts"
						+ ((error != null) ? "; last error: " + describe(error) : "");
				// A refused or timed-out connection is what this library expects to see:
				// its stack
				// trace says nothing more. Anything else may be a bug in the factory:
				// keep the trace.
				if (error == null || isOrdinary(error)) {
					log.warn(message);
					if (error != null && log.isDebugEnabled()) {
						log.debug("Last error of reconnecting socket '" + change.name() + "'", error);
					}
				}
				else {
					log.warn(message, error);
				}
			}
		}
		else if (log.isDebugEnabled()) {
			log.debug(change);
		}
		if (this.eventPublisher == null || !this.publishEvents) {
			return;
		}
		ReconnectingSocketStateChangedEvent event = ReconnectingSocketStateChangedEvent.of(entry.socket, change);
		try {
			this.eventPublisher.publishEvent(event);
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			// The machine would survive it anyway; this makes the listener's bug visible.
			entry.log().warn("An application listener failed to handle " + event + "; the socket carries on", ex);
		}
	}

	/**
	 * {@code java.net.ConnectException: Connection refused}, and its root cause if not
	 * already shown.
	 */
	private static String describe(Throwable error) {
		String described = error.toString();
		Throwable root = error;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root != error && !described.contains(root.toString())) ? described + " (caused by " + root + ")"
				: described;
	}

	/**
	 * An I/O error or a timeout, itself or as its cause: the weather of networks, not a
	 * bug.
	 */
	private static boolean isOrdinary(Throwable error) {
		for (Throwable candidate = error; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof IOException || candidate instanceof TimeoutException) {
				return true;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return false;
	}

	private static final class Managed {

		final ReconnectingSocket<?> socket;

		final ReconnectingSocketSettings settings;

		final SocketFactory<?> factory;

		private volatile @Nullable Log log;

		volatile boolean abandoned;

		Managed(ReconnectingSocket<?> socket, ReconnectingSocketSettings settings, SocketFactory<?> factory) {
			this.socket = socket;
			this.settings = settings;
			this.factory = factory;
		}

		/**
		 * The socket's own logger, made when first needed: on the socket's lane, when it
		 * first has something to say, rather than on the thread that refreshes the
		 * context (a logger per socket is a logging system's lookup and allocation each).
		 */
		Log log() {
			Log log = this.log;
			if (log == null) {
				log = LogFactory.getLog(LOGGER_PREFIX + this.socket.name());
				this.log = log;
			}
			return log;
		}

	}

}
