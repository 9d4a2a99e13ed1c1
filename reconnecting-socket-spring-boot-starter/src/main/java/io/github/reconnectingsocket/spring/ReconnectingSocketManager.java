package io.github.reconnectingsocket.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
 * Builds the managed {@link ReconnectingSocket sockets}, one per {@link SocketFactory} bean, and
 * owns them: registers each in the {@link ReconnectingSocketRegistry}, republishes its state
 * changes as {@link ReconnectingSocketStateChangedEvent application events}, logs it, starts and
 * stops it for the {@link ReconnectingSocketLifecycle}, and stops whatever still runs when the
 * application context destroys its beans.
 *
 * <p>Each socket logs to its own logger, {@value #LOGGER_PREFIX}{@code <name>}: info messages and
 * transitions at DEBUG, giving up (FAILED) and failing event listeners at WARN.
 */
public class ReconnectingSocketManager implements DisposableBean {

	/** The prefix of every socket's logger name; the socket's name follows. */
	public static final String LOGGER_PREFIX = "io.github.reconnectingsocket.socket.";

	private final ReconnectingSocketRegistry registry;

	private final Function<String, ReconnectingSocketSettings> settings;

	private final List<ReconnectingSocketBuilderCustomizer> customizers;

	private final @Nullable ApplicationEventPublisher eventPublisher;

	private final List<Managed> managed = new CopyOnWriteArrayList<>();

	private volatile boolean publishEvents = true;

	/**
	 * Creates a manager.
	 * @param registry where every socket is registered
	 * @param settings the effective settings of the socket of a given name
	 * @param customizers applied, in order, to every socket's builder
	 * @param eventPublisher where state changes are published, or {@code null} for none
	 */
	public ReconnectingSocketManager(ReconnectingSocketRegistry registry,
			Function<String, ReconnectingSocketSettings> settings, List<ReconnectingSocketBuilderCustomizer> customizers,
			@Nullable ApplicationEventPublisher eventPublisher) {
		this.registry = registry;
		this.settings = settings;
		this.customizers = List.copyOf(customizers);
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Builds, wires and registers the managed socket of one factory; it is left STOPPED. The bean
	 * definitions that the auto-configuration registers for {@link SocketFactory} beans call this.
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
		Managed entry = new Managed(socket, socketSettings);
		socket.addInfoListener((info) -> {
			if (entry.log.isDebugEnabled()) {
				entry.log.debug(info.message());
			}
		});
		socket.addStateListener((change) -> onStateChange(entry, change));
		// Managed first, so that registry listeners (meters, leadership) can read its settings.
		this.managed.add(entry);
		try {
			this.registry.register(socket);
		}
		catch (RuntimeException ex) {
			this.managed.remove(entry);
			throw ex;
		}
		return socket;
	}

	/** @return the managed sockets, in the order they were created */
	public List<ReconnectingSocket<?>> getSockets() {
		List<ReconnectingSocket<?>> sockets = new ArrayList<>(this.managed.size());
		for (Managed entry : this.managed) {
			sockets.add(entry.socket);
		}
		return sockets;
	}

	/**
	 * @param name a managed socket's name
	 * @return the settings it was built with, or {@code null} if no managed socket has that name
	 */
	public @Nullable ReconnectingSocketSettings getSettings(String name) {
		for (Managed entry : this.managed) {
			if (entry.socket.name().equals(name)) {
				return entry.settings;
			}
		}
		return null;
	}

	/**
	 * Starts every managed socket whose settings say auto-startup and that has no leader role; the
	 * others are left as they are. A socket with a leader role is started when this instance is
	 * granted the role (see {@code io.github.reconnectingsocket.leader.LeaderRoleCoordinator}).
	 */
	public void startAutoStartupSockets() {
		for (Managed entry : this.managed) {
			if (entry.settings.autoStartup() && entry.settings.leaderRole() == null) {
				entry.abandoned = false;
				entry.socket.start();
			}
		}
	}

	/**
	 * Stops every managed socket, all at once. Each is waited for at most its stop timeout, by the
	 * wall clock, even when its factory's {@code destroy()} hangs on one of the socket threads; a
	 * socket not stopped by then is logged at WARN and no longer waited for.
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
	 * Stops whatever still runs (when the context is closed without stopping its lifecycle beans,
	 * for one), without publishing further events, and removes the sockets from the registry.
	 */
	@Override
	public void destroy() {
		// Listener beans may be destroyed already: events now would reach half-dead beans.
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
			entry.log.warn("Failed to stop reconnecting socket '" + socket.name() + "'", ex);
			stopped.complete(null);
		}
		if (socket.stopTimeout().isEmpty()) {
			return stopped; // configured to wait for good
		}
		// The core bounds the wait itself; this second bound guards the application's shutdown against a
		// custom executor that never runs the stop's completion.
		return stopped.orTimeout(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).exceptionally((ex) -> {
			SocketState state = socket.state();
			if (state != SocketState.STOPPED) {
				entry.abandoned = true;
				if (!timeout.isZero()) {
					entry.log.warn("Reconnecting socket '" + socket.name() + "' did not stop within its stop timeout of "
							+ ReconnectingSocketSettings.print(timeout) + " (still " + state.seedName()
							+ "): no longer waiting for it");
				}
			}
			return null;
		});
	}

	private void onStateChange(Managed entry, StateChange change) {
		if (change.to() == SocketState.FAILED) {
			if (entry.log.isWarnEnabled()) {
				entry.log.warn("Reconnecting socket '" + change.name() + "' gave up after "
						+ entry.socket.snapshot().consecutiveFailures() + " consecutive failed attempts",
						change.lastError());
			}
		}
		else if (entry.log.isDebugEnabled()) {
			entry.log.debug(change);
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
			entry.log.warn("An application listener failed to handle " + event + "; the socket carries on", ex);
		}
	}


	private static final class Managed {

		final ReconnectingSocket<?> socket;

		final ReconnectingSocketSettings settings;

		final Log log;

		volatile boolean abandoned;

		Managed(ReconnectingSocket<?> socket, ReconnectingSocketSettings settings) {
			this.socket = socket;
			this.settings = settings;
			this.log = LogFactory.getLog(LOGGER_PREFIX + socket.name());
		}

	}

}
