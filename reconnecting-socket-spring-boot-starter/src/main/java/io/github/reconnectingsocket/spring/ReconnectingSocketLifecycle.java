package io.github.reconnectingsocket.spring;

import java.util.concurrent.CompletableFuture;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the managed sockets once the application context is refreshed, and stops them
 * when it closes. Only sockets whose settings say auto-startup are started; every managed
 * socket is stopped, including one started by hand. Stopping is asynchronous: the
 * callback runs once every socket is STOPPED or its stop timeout has passed, even when a
 * factory's {@code destroy()} hangs.
 */
public class ReconnectingSocketLifecycle implements SmartLifecycle {

	private final ReconnectingSocketManager manager;

	private final int phase;

	private volatile boolean running;

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
		this.manager.startAutoStartupSockets();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.manager.stopSockets().join();
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		CompletableFuture<Void> stopped;
		try {
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

	@Override
	public int getPhase() {
		return this.phase;
	}

}
