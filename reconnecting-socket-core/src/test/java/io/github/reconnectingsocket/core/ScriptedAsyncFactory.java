package io.github.reconnectingsocket.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An {@link AsyncSocketFactory} whose connects complete only when the test says so: each
 * {@code connect()} returns a fresh {@link CompletableFuture} the test completes (or
 * not). Every call and, through the harness, every transition lands in one log, in order.
 */
final class ScriptedAsyncFactory implements AsyncSocketFactory<ScriptedFactory.Sock> {

	final List<String> log = new ArrayList<>();

	final List<CompletableFuture<ScriptedFactory.Sock>> connects = new ArrayList<>();

	final List<SocketHandle> handles = new ArrayList<>();

	/** Hand out {@code minimalCompletionStage()}s: stages the machine cannot cancel. */
	boolean uncancellableStages;

	RuntimeException connectFailure;

	@Override
	public CompletionStage<ScriptedFactory.Sock> connect(SocketHandle handle, boolean firstOpen) {
		int id = this.connects.size() + 1;
		this.log.add("connect #" + id + (firstOpen ? " first" : ""));
		CompletableFuture<ScriptedFactory.Sock> connect = new CompletableFuture<>();
		this.connects.add(connect);
		this.handles.add(handle);
		if (this.connectFailure != null) {
			throw this.connectFailure;
		}
		return this.uncancellableStages ? connect.minimalCompletionStage() : connect;
	}

	/** Completes the n-th connect with a socket numbered n. */
	ScriptedFactory.Sock deliver(int id) {
		ScriptedFactory.Sock sock = new ScriptedFactory.Sock(id, this.handles.get(id - 1));
		this.connects.get(id - 1).complete(sock);
		return sock;
	}

	CompletableFuture<ScriptedFactory.Sock> connect(int id) {
		return this.connects.get(id - 1);
	}

	SocketHandle handle(int id) {
		return this.handles.get(id - 1);
	}

	@Override
	public void destroy(ScriptedFactory.Sock socket) {
		this.log.add("destroy #" + socket.id);
		socket.destroyed++;
	}

	@Override
	public void onOpen(ScriptedFactory.Sock socket, boolean firstOpen) {
		this.log.add("onOpen #" + socket.id + (firstOpen ? " first" : ""));
	}

	@Override
	public void onClose(ScriptedFactory.Sock socket) {
		this.log.add("onClose #" + socket.id);
		socket.closedHooks++;
	}

	@Override
	public void onFail(Throwable lastError) {
		this.log.add("onFail " + ((lastError != null) ? lastError.getClass().getSimpleName() : null));
	}

	/** The log since the last call, then cleared. */
	List<String> drain() {
		List<String> copy = List.copyOf(this.log);
		this.log.clear();
		return copy;
	}

}
