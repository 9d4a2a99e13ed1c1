package io.github.reconnectingsocket.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A socket factory whose sockets do nothing by themselves: the test raises each signal
 * through the socket's handle. Every call and every transition lands in one log, so tests
 * assert exact order.
 */
final class ScriptedFactory implements SocketFactory<ScriptedFactory.Sock> {

	final List<String> log = new ArrayList<>();

	final List<Sock> sockets = new ArrayList<>();

	/**
	 * Runs inside create(), after the socket exists: for signals raised before create()
	 * returns.
	 */
	Consumer<Sock> duringCreate = (sock) -> {
	};

	RuntimeException createFailure;

	RuntimeException destroyFailure;

	RuntimeException hookFailure;

	boolean closeOnDestroy = true;

	@Override
	public Sock create(SocketHandle handle, boolean firstOpen) {
		int id = this.sockets.size() + 1;
		this.log.add("create #" + id + (firstOpen ? " first" : ""));
		if (this.createFailure != null) {
			this.sockets.add(null);
			throw this.createFailure;
		}
		Sock sock = new Sock(id, handle);
		this.sockets.add(sock);
		this.duringCreate.accept(sock);
		return sock;
	}

	@Override
	public void destroy(Sock socket) {
		this.log.add("destroy #" + socket.id);
		socket.destroyed++;
		if (this.destroyFailure != null) {
			throw this.destroyFailure;
		}
		if (this.closeOnDestroy) {
			socket.handle.close();
		}
	}

	@Override
	public void onOpen(Sock socket, boolean firstOpen) {
		this.log.add("onOpen #" + socket.id + (firstOpen ? " first" : ""));
		failHook();
	}

	@Override
	public void onClose(Sock socket) {
		this.log.add("onClose #" + socket.id);
		socket.closedHooks++;
		failHook();
	}

	@Override
	public void onFail(Throwable lastError) {
		this.log.add("onFail " + ((lastError != null) ? lastError.getMessage() : null));
		failHook();
	}

	private void failHook() {
		if (this.hookFailure != null) {
			throw this.hookFailure;
		}
	}

	Sock last() {
		return this.sockets.get(this.sockets.size() - 1);
	}

	Sock socket(int id) {
		return this.sockets.get(id - 1);
	}

	/** The log since the last call, then cleared. */
	List<String> drain() {
		List<String> copy = List.copyOf(this.log);
		this.log.clear();
		return copy;
	}

	static final class Sock {

		final int id;

		final SocketHandle handle;

		int destroyed;

		int closedHooks;

		Sock(int id, SocketHandle handle) {
			this.id = id;
			this.handle = handle;
		}

		void open() {
			this.handle.open();
		}

		void close() {
			this.handle.close();
		}

		void error(String message) {
			this.handle.error(new java.io.IOException(message));
		}

		@Override
		public String toString() {
			return "Sock#" + this.id;
		}

	}

}
