package io.github.reconnectingsocket.core;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * An attempt's {@code create()} or {@code connect()} on the instance's lane, and its
 * outcome back to the machine as a signal. The lane's task and the signal of a created
 * socket are reused from one attempt to the next: one still queued or running when the
 * next is needed is replaced by a task of its own.
 *
 * @param <S> the socket type
 */
final class Creation<S> {

	private final Options<S> options;

	private final SerialExecutor lane;

	private final SlowCalls slowCalls;

	private final Create createTask = new Create();

	private final Created createdSignal = new Created();

	/**
	 * The attempt whose {@code create()} or {@code connect()} the lane is in, or null.
	 */
	private volatile @Nullable Attempt<S> creating;

	Creation(Options<S> options, SerialExecutor lane, SlowCalls slowCalls) {
		this.options = options;
		this.lane = lane;
		this.slowCalls = slowCalls;
	}

	/**
	 * @return the lane's task that creates the attempt's socket
	 */
	TaskQueue.Task task(Attempt<S> attempt, boolean firstOpen, Machine<S> machine) {
		Create task = this.createTask.claim() ? this.createTask : new Create();
		task.attempt = attempt;
		task.firstOpen = firstOpen;
		task.machine = machine;
		return task;
	}

	/**
	 * @return whether the lane is in this attempt's {@code create()} or {@code connect()}
	 */
	boolean isCreating(Attempt<S> attempt) {
		return this.creating == attempt;
	}

	private void createNow(Attempt<S> attempt, boolean firstOpen, Machine<S> machine) {
		if (attempt.givenUp) {
			// Given up while waiting its turn: a socket nobody wants is not made.
			machine.signal(() -> machine.signals.createFailed(attempt,
					new CancellationException("attempt " + attempt.id + " was given up before create() ran")));
			return;
		}
		this.creating = attempt;
		try {
			runCreate(attempt, firstOpen, machine);
		}
		finally {
			this.creating = null;
		}
	}

	private void runCreate(Attempt<S> attempt, boolean firstOpen, Machine<S> machine) {
		SocketFactory<S> factory = this.options.factory();
		boolean async = factory instanceof AsyncSocketFactory;
		SlowCalls.Call slow = this.slowCalls.begin(async ? "connect()" : "create()", true);
		Object result = null;
		Throwable failure = null;
		try {
			result = async ? ((AsyncSocketFactory<S>) factory).connect(attempt, firstOpen)
					: factory.create(attempt, firstOpen);
		}
		catch (Throwable ex) {
			failure = ex;
		}
		finally {
			this.slowCalls.end(slow);
		}
		if (failure == null && result == null) {
			failure = new IllegalStateException(
					"SocketFactory." + (async ? "connect()" : "create()") + " returned null");
		}
		if (failure != null) {
			Throwable error = failure;
			machine.signal(() -> machine.signals.createFailed(attempt, error));
		}
		else if (async) {
			@SuppressWarnings("unchecked")
			CompletionStage<S> stage = (CompletionStage<S>) result;
			machine.signal(() -> machine.signals.connecting(attempt, stage));
			stage.whenComplete((socket, error) -> delivered(attempt, socket, error, machine));
		}
		else {
			@SuppressWarnings("unchecked")
			S socket = (S) result;
			created(attempt, socket, machine);
		}
	}

	/** Signals a created socket; with the reused signal unless it is still queued. */
	private void created(Attempt<S> attempt, S socket, Machine<S> machine) {
		Created signal = this.createdSignal;
		if (signal.claim()) {
			signal.attempt = attempt;
			signal.socket = socket;
			signal.machine = machine;
			machine.signal(signal);
		}
		else {
			machine.signal(() -> machine.signals.created(attempt, socket));
		}
	}

	private void delivered(Attempt<S> attempt, @Nullable S socket, @Nullable Throwable error, Machine<S> machine) {
		if (error == null && socket != null) {
			created(attempt, socket, machine);
		}
		else {
			Throwable cause = (error instanceof CompletionException && error.getCause() != null) ? error.getCause()
					: (error != null) ? error : new IllegalStateException("connect() completed with null");
			machine.signal(() -> machine.signals.createFailed(attempt, cause));
		}
	}

	// ---------------------------------------------------------------- reused tasks

	/** {@code create()} or {@code connect()} on the lane. */
	private final class Create extends TaskQueue.Reusable {

		@Nullable Attempt<S> attempt;

		boolean firstOpen;

		@Nullable Machine<S> machine;

		private final Runnable call = () -> createNow(this.attempt, this.firstOpen, this.machine);

		@Override
		public void run() {
			try {
				Creation.this.lane.runDetachable(this.call);
			}
			finally {
				this.attempt = null;
				this.machine = null;
				release();
			}
		}

	}

	/** The signal of a socket that {@code create()} returned: a step on the machine. */
	private final class Created extends TaskQueue.Reusable {

		@Nullable Attempt<S> attempt;

		@Nullable S socket;

		@Nullable Machine<S> machine;

		@Override
		public void run() {
			Attempt<S> created = this.attempt;
			S socket = this.socket;
			Machine<S> machine = this.machine;
			this.attempt = null;
			this.socket = null;
			this.machine = null;
			release();
			machine.signals.created(created, socket);
		}

	}

}
