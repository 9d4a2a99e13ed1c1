package io.github.reconnectingsocket.spring;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the managed sockets once the application context is refreshed, and stops them
 * when it closes. Only sockets whose settings say auto-startup are started; every managed
 * socket is stopped, including one started by hand. Stopping is asynchronous: the
 * callback runs once every socket is STOPPED or its stop timeout has passed, even when a
 * factory's {@code destroy()} hangs.
 *
 * <p>
 * After a stop ({@code context.stop()}, or {@code context.pause()}: this lifecycle is
 * {@linkplain #isPauseable() pauseable}), the next start restores the sockets that were
 * running when it stopped, those started by hand included, and only those: a socket
 * stopped by hand before stays stopped, whatever its auto-startup setting.
 */
public class ReconnectingSocketLifecycle implements SmartLifecycle {

	private final ReconnectingSocketManager manager;

	private final int phase;

	private volatile boolean running;

	/** The sockets to start again, from the last stop; {@code null} before any stop. */
	private volatile @Nullable Set<String> toRestore;

	/**
	 * Creates the lifecycle.
	 * @param manager the manager of the sockets
	 * @param phase the phase to start and stop in
	 */
	public ReconnectingSocketLifecycle(ReconnectingSocketManager manager, int phase) {
		this.manager = manager;
		this.phase = phase;
	}

	@Override
	public void start() {
		Set<String> restore = this.toRestore;
		if (restore == null) {
			this.manager.startAutoStartupSockets();
		}
		else {
			this.manager.startSockets(restore);
			this.toRestore = null;
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.toRestore = this.manager.getRunningSocketNames();
		this.manager.stopSockets().join();
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		CompletableFuture<Void> stopped;
		try {
			this.toRestore = this.manager.getRunningSocketNames();
			stopped = this.manager.stopSockets();
		}
		catch (RuntimeException | Error ex) {
			callback.run();
			throw ex;
		}
		stopped.whenComplete((result, ex) -> callback.run());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Always {@code true}: the lifecycle must run to stop sockets on shutdown, even when
	 * none of them starts with the context.
	 */
	@Override
	public boolean isAutoStartup() {
		return true;
	}

	/**
	 * {@code true}, on purpose: a paused context (Spring Framework 7's
	 * {@code ConfigurableApplicationContext.pause()}, which the test context cache uses
	 * for contexts not in use) should not hold connections nor reconnect in the
	 * background. Its sockets are stopped, within their stop timeouts, and
	 * {@code restart()} starts again those that were running.
	 */
	@Override
	public boolean isPauseable() {
		return true;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
