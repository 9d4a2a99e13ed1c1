package io.github.reconnectingsocket.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * Every call into user code of one instance, kept off the machine's thread. The machine's
 * steps queue callbacks here; they run after the step, in the order queued, on the
 * instance's executor:
 * <ul>
 * <li>{@code create()} or {@code connect()}, the hooks, the listeners and the completions
 * of the command stages run one at a time on the lane;</li>
 * <li>{@code destroy()} is started from the lane, in order, as a task of its own, and the
 * lane does not wait for it, so that a {@code destroy()} that blocks holds up
 * nothing.</li>
 * </ul>
 * The outcomes of {@code create()}, {@code connect()} and {@code destroy()} come back to
 * the machine as signals. A step that must not wait behind a blocked callback detaches
 * the lane: the lane leaves the callback still running behind, on its thread, and goes on
 * on a fresh one. The stop timeout does, the open timeout of an attempt whose
 * {@code create()} blocks, a command issued from inside a callback (which may wait for
 * it), and the watchdog of a callback slower than the slow-call threshold. Otherwise
 * callbacks never overlap.
 *
 * @param <S> the socket type
 */
final class Callbacks<S> {

	private final Options<S> options;

	private final SerialExecutor lane;

	private final List<StateListener> stateListeners;

	private final List<InfoListener> infoListeners;

	private final SlowCalls slowCalls;

	// Confined to the machine's context: set by a step, read once it is over.
	private boolean detach;

	private boolean queued;

	private final List<CompletionStage<S>> cancellations = new ArrayList<>(1);

	// The hooks of a transition, reused: a kind still queued or running when it is
	// needed again is queued as a task of its own.
	private final OnOpen onOpenTask = new OnOpen();

	private final OnClose onCloseTask = new OnClose();

	private final Creation<S> creation;

	Callbacks(Options<S> options) {
		this.options = options;
		this.slowCalls = new SlowCalls(options.name(), options.slowCallMillis(), this::slow);
		this.stateListeners = new CopyOnWriteArrayList<>(options.stateListeners());
		this.infoListeners = new CopyOnWriteArrayList<>(options.infoListeners());
		this.lane = new SerialExecutor(options.executor(), (thread, ex) -> Machine.LOGGER.log(System.Logger.Level.ERROR,
				"Unexpected failure in a callback of '" + options.name() + "'", ex));
		this.creation = new Creation<>(options, this.lane, this.slowCalls);
	}

	List<StateListener> stateListeners() {
		return this.stateListeners;
	}

	List<InfoListener> infoListeners() {
		return this.infoListeners;
	}

	// ---------------------------------------------------------------- queued by the
	// machine's steps

	void stateChanged(StateChange change) {
		queue(() -> {
			for (StateListener listener : this.stateListeners) {
				call("state listener", () -> listener.onStateChange(change));
			}
		});
	}

	boolean wantsInfo() {
		return !this.infoListeners.isEmpty();
	}

	void info(Info.Kind kind, String message) {
		if (wantsInfo()) {
			Info info = new Info(this.options.name(), kind, message);
			queue(() -> deliver(info));
		}
	}

	void onOpen(S socket, boolean firstOpen) {
		OnOpen task = this.onOpenTask.claim() ? this.onOpenTask : new OnOpen();
		task.socket = socket;
		task.firstOpen = firstOpen;
		queue(task);
	}

	void onClose(S socket) {
		OnClose task = this.onCloseTask.claim() ? this.onCloseTask : new OnClose();
		task.socket = socket;
		queue(task);
	}

	void onFail(@Nullable Throwable lastError) {
		queue(() -> call("onFail()", () -> this.options.factory().onFail(lastError)));
	}

	<T> void complete(CompletableFuture<T> stage, T value) {
		queue(() -> call("a stage's dependent", () -> stage.complete(value)));
	}

	/**
	 * Completes a stage on the lane, cancelling first the timer that would complete it
	 * apart: whoever waits on the stage sees no timer of the machine left pending.
	 */
	<T> void complete(CompletableFuture<T> stage, T value, Scheduler.@Nullable Cancellable guard) {
		queue(() -> call("a stage's dependent", () -> {
			if (guard != null) {
				guard.cancel();
			}
			stage.complete(value);
		}));
	}

	<T> void fail(CompletableFuture<T> stage, Throwable error) {
		queue(() -> call("a stage's dependent", () -> stage.completeExceptionally(error)));
	}

	/**
	 * Calls {@code create()} or {@code connect()} on the lane; its outcome comes back as
	 * a signal.
	 */
	void create(Attempt<S> attempt, boolean firstOpen, Machine<S> machine) {
		queue(this.creation.task(attempt, firstOpen, machine));
	}

	/** Starts {@code destroy()} from the lane; its outcome comes back as a signal. */
	void destroy(Attempt<S> attempt, S socket, Machine<S> machine) {
		queue(() -> this.options.executor().execute(() -> {
			Throwable failure = watched("destroy()", false, () -> this.options.factory().destroy(socket));
			machine.signal(() -> machine.signals.destroyReturned(attempt, failure));
		}));
	}

	/**
	 * Cancels a connect's stage after the step, on a task of its own: cancelling runs the
	 * client's code, which must not run on the machine's thread, nor wait behind a
	 * callback that blocks.
	 */
	void cancel(CompletionStage<S> stage) {
		this.cancellations.add(stage);
	}

	/**
	 * What the step in progress queued must not wait behind the callback the lane is in:
	 * a stop timeout that fell due, or a command from inside a callback (which may wait
	 * for it).
	 */
	void detach() {
		this.detach = true;
	}

	/**
	 * Completes a stage on a task of its own, off the lane: for a stage whose completion
	 * on the lane waits behind a callback that blocks past a deadline. Does nothing if it
	 * completed meanwhile.
	 */
	<T> void completeApart(CompletableFuture<T> stage, T value) {
		if (!stage.isDone()) {
			this.options.executor().execute(() -> stage.complete(value));
		}
	}

	/**
	 * @return whether the caller is a callback of this instance, on the lane
	 */
	boolean calledFromLane() {
		return this.lane.inCallOnThisThread();
	}

	/**
	 * The open timeout of an attempt whose {@code create()} still blocks the lane: go on
	 * without it.
	 */
	void detachIfCreating(Attempt<S> attempt) {
		if (this.creation.isCreating(attempt)) {
			this.detach = true;
		}
	}

	/**
	 * Runs what the step queued: called by the context after each step, outside its lock.
	 */
	void afterStep() {
		if (!this.cancellations.isEmpty()) {
			for (CompletionStage<S> stage : this.cancellations) {
				this.options.executor().execute(() -> cancelNow(stage));
			}
			this.cancellations.clear();
		}
		if (this.detach) {
			this.detach = false;
			this.queued = false;
			this.lane.drainDetaching();
		}
		else if (this.queued) {
			this.queued = false;
			this.lane.drainLater();
		}
	}

	/**
	 * A call overran the slow-call threshold (on the watchdog's thread): says so once,
	 * and a lane callback is left behind so that the lane goes on without it.
	 */
	private void slow(SlowCalls.Call call) {
		String message = call.what() + " has been running for more than " + this.options.slowCallMillis()
				+ " ms on thread " + call.thread().getName()
				+ (call.inLane() ? ": later callbacks go on without it" : "");
		Machine.LOGGER.log(System.Logger.Level.WARNING,
				"Reconnecting socket '" + this.options.name() + "': " + message);
		if (wantsInfo()) {
			Info info = new Info(this.options.name(), Info.Kind.SLOW_CALL, message);
			this.lane.add(() -> deliver(info));
		}
		if (call.inLane()) {
			this.lane.drainDetaching();
		}
		else {
			this.lane.drainLater();
		}
	}

	// ---------------------------------------------------------------- running user code

	private static void cancelNow(CompletionStage<?> stage) {
		try {
			stage.toCompletableFuture().cancel(true);
		}
		catch (RuntimeException ex) {
			// A stage that cannot be cancelled: its socket, if it comes, is destroyed as
			// a late one.
		}
	}

	private void queue(Runnable callback) {
		this.lane.add(callback);
		this.queued = true;
	}

	/**
	 * A lane callback: reported, never rethrown, so that the lane and the machine go on.
	 */
	private void call(String what, Runnable callback) {
		watchedInLane(what, () -> reporting(what, callback));
	}

	/** Makes a lane call, detachable and watched for slowness. */
	private void watchedInLane(String what, Runnable call) {
		SlowCalls.Call slow = this.slowCalls.begin(what, true);
		try {
			this.lane.runDetachable(call);
		}
		finally {
			this.slowCalls.end(slow);
		}
	}

	private void reporting(String what, Runnable callback) {
		try {
			callback.run();
		}
		catch (Throwable ex) {
			deliver(new Info(this.options.name(), Info.Kind.CALLBACK_FAILED, what + " threw: " + ex));
		}
	}

	/**
	 * @return what the call threw, or null
	 */
	private @Nullable Throwable watched(String what, boolean inLane, ThrowingCall call) {
		SlowCalls.Call slow = this.slowCalls.begin(what, inLane);
		try {
			call.run();
			return null;
		}
		catch (Throwable ex) {
			return ex;
		}
		finally {
			this.slowCalls.end(slow);
		}
	}

	private void deliver(Info info) {
		for (InfoListener listener : this.infoListeners) {
			try {
				listener.onInfo(info);
			}
			catch (Throwable ex) {
				Machine.LOGGER.log(System.Logger.Level.WARNING, "Info listener of '" + info.socketName() + "' threw",
						ex);
			}
		}
	}

	@FunctionalInterface
	private interface ThrowingCall {

		void run() throws Exception;

	}

	/**
	 * A lane callback of one kind, with its arguments: released once its call returned
	 * (by the thread left behind, if the lane went on without it).
	 */
	private abstract class LaneCall extends TaskQueue.Reusable {

		private final String what;

		// Made once per task, so that a call allocates nothing.
		private final Runnable invoke = this::invoke;

		private final Runnable reportingCall;

		LaneCall(String what) {
			this.what = what;
			this.reportingCall = () -> reporting(what, this.invoke);
		}

		@Override
		public final void run() {
			try {
				watchedInLane(this.what, this.reportingCall);
			}
			finally {
				clear();
				release();
			}
		}

		abstract void invoke();

		/** Drops the arguments, so that the task keeps no socket alive. */
		abstract void clear();

	}

	private final class OnOpen extends LaneCall {

		@Nullable S socket;

		boolean firstOpen;

		OnOpen() {
			super("onOpen()");
		}

		@Override
		void invoke() {
			Callbacks.this.options.factory().onOpen(this.socket, this.firstOpen);
		}

		@Override
		void clear() {
			this.socket = null;
		}

	}

	private final class OnClose extends LaneCall {

		@Nullable S socket;

		OnClose() {
			super("onClose()");
		}

		@Override
		void invoke() {
			Callbacks.this.options.factory().onClose(this.socket);
		}

		@Override
		void clear() {
			this.socket = null;
		}

	}

}
