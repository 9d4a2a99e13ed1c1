package io.github.reconnectingsocket.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import io.github.reconnectingsocket.core.SocketSnapshot;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.core.VirtualClock;
import io.github.reconnectingsocket.reliability.TransitionTable.On;
import io.github.reconnectingsocket.reliability.TransitionTable.Row;

/**
 * Plays one scenario (options, factory behaviour, and a sequence of commands, socket
 * signals and clock advances) against a machine on a {@link VirtualClock} with a direct
 * executor, and checks every invariant of DESIGN.md after every step; a violation throws
 * an {@link AssertionError} that names the step and shows the trace. Independent of any
 * test framework: the property test feeds it random scenarios.
 */
final class Interleaving {

	/**
	 * Creates past this many within one step behave {@link CreateMode#PENDING}: a 0 ms
	 * backoff and attempts that fail at once would otherwise loop forever inside one
	 * clock advance.
	 */
	private static final int MAX_CREATES_PER_STEP = 25;

	/** What {@code create()} does, taken in turn from the scenario's list. */
	enum CreateMode {

		/** Returns a socket that waits for the test's signals. */
		PENDING,

		/** Returns a socket that has already signalled {@code open()}. */
		OPEN_AT_ONCE,

		/**
		 * Returns a socket that has already signalled {@code error()} and
		 * {@code close()}.
		 */
		FAIL_AT_ONCE,

		/** Throws. */
		THROW,

		/** Returns {@code null}. */
		NULL

	}

	/** What {@code destroy()} does, taken in turn from the scenario's list. */
	enum DestroyMode {

		/** Signals {@code close()} from inside destroy. */
		CLOSE,

		/**
		 * Does nothing: only a later {@code close()} signal or the stop timeout ends the
		 * socket.
		 */
		NOTHING,

		/** Throws. */
		THROW

	}

	/** A socket signal. */
	enum Signal {

		OPEN, ERROR, CLOSE

	}

	/** One step of a scenario. */
	sealed interface Step permits Start, Stop, Reconnect, Raise, Advance, AdvanceToNext, FinalStop {

	}

	record Start() implements Step {
	}

	record Stop() implements Step {
	}

	record Reconnect() implements Step {
	}

	/**
	 * A signal through a handle: {@code pick} 0 is the latest attempt's, 1 the one
	 * before, and so on.
	 */
	record Raise(Signal signal, int pick) implements Step {
	}

	record Advance(long millis) implements Step {
	}

	record AdvanceToNext() implements Step {
	}

	/** The end of every run: {@code stop()}, then the clock run out. */
	record FinalStop() implements Step {
	}

	/** Everything a run depends on; the random seed makes jitter exact. */
	record Scenario(Backoff backoff, Duration openTimeout, Duration stopTimeout, List<CreateMode> creates,
			List<DestroyMode> destroys, boolean hooksThrow, long seed, List<Step> steps) {
	}

	private static final Set<On> CREATE_CHAIN = EnumSet.of(On.OPEN, On.CLOSE, On.FAILED_ATTEMPT);

	private final Scenario scenario;

	private final VirtualClock clock = new VirtualClock();

	private final ReconnectingSocket<Sock> machine;

	private final List<StateChange> changes = new ArrayList<>();

	private final List<Sock> attempts = new ArrayList<>();

	private final List<CompletableFuture<Void>> stops = new ArrayList<>();

	private final List<String> trace = new ArrayList<>();

	private final Set<Row> covered;

	private int creates;

	private int destroys;

	private int createsThisStep;

	private int onOpens;

	private int onFails;

	private int opened;

	private int failed;

	private boolean pendingStart;

	// The time of the last transition out of STOPPED or OPENED into a state without a
	// connection.
	private Instant outageBegan;

	private int stepIndex = -1;

	/**
	 * @param scenario what to play
	 * @param covered collects the table rows the run went through
	 */
	Interleaving(Scenario scenario, Set<Row> covered) {
		this.scenario = scenario;
		this.covered = covered;
		Random random = new Random(scenario.seed());
		this.machine = ReconnectingSocket.builder(new Factory())
			.name("interleaving")
			.backoff(scenario.backoff())
			.openTimeout(scenario.openTimeout())
			.stopTimeout(scenario.stopTimeout())
			.virtualClock(this.clock)
			.executor(Runnable::run)
			.random(random::nextDouble)
			.stateListener((change) -> {
				this.changes.add(change);
				this.trace.add(change.from().seedName() + ">" + change.to().seedName());
				if (change.to() == SocketState.OPENED) {
					this.opened++;
				}
				if (change.to() == SocketState.FAILED) {
					this.failed++;
				}
				if ((change.from() == SocketState.STOPPED || change.from() == SocketState.OPENED)
						&& isWithoutConnection(change.to())) {
					this.outageBegan = change.time();
				}
			})
			.build();
	}

	/**
	 * Plays every step, checking after each; then stops, runs the clock out and checks
	 * the end.
	 */
	void run() {
		for (Step step : this.scenario.steps()) {
			this.stepIndex++;
			apply(step);
		}
		this.stepIndex = -1;
		this.pendingStart = false;
		int before = this.changes.size();
		SocketState stateBefore = this.machine.state();
		this.trace.add("[final stop]");
		this.stops.add(this.machine.stop().toCompletableFuture());
		for (int i = 0; i < 1_000 && this.clock.advanceToNextTask() != null; i++) {
			// runs out the stop timeout, if destroy() never led to close()
		}
		checkTransitions(new FinalStop(), before, stateBefore);
		checkState();
		check(this.machine.state() == SocketState.STOPPED, () -> "STOPPED after a final stop and the clock run out");
		check(this.stops.stream().allMatch(CompletableFuture::isDone), () -> "every stop() completed");
		for (Sock sock : this.attempts) {
			if (sock.returned) {
				check(sock.onCloses == 1, () -> sock + " got onClose exactly once, got " + sock.onCloses);
			}
		}
	}

	private void apply(Step step) {
		int before = this.changes.size();
		SocketState stateBefore = this.machine.state();
		this.createsThisStep = 0;
		this.trace.add("[" + step + "]");
		if (step instanceof Start) {
			if (stateBefore == SocketState.CLOSING) {
				this.pendingStart = true;
			}
			this.machine.start();
		}
		else if (step instanceof Stop) {
			this.pendingStart = false;
			this.stops.add(this.machine.stop().toCompletableFuture());
		}
		else if (step instanceof Reconnect) {
			this.machine.reconnect();
		}
		else if (step instanceof Raise raise) {
			if (!this.attempts.isEmpty()) {
				Sock sock = this.attempts.get(this.attempts.size() - 1 - (raise.pick() % this.attempts.size()));
				switch (raise.signal()) {
					case OPEN -> sock.handle.open();
					case ERROR -> sock.handle.error(new java.io.IOException("error of " + sock));
					case CLOSE -> sock.handle.close();
				}
			}
		}
		else if (step instanceof Advance advance) {
			this.clock.advance(Duration.ofMillis(advance.millis()));
		}
		else {
			this.clock.advanceToNextTask();
		}
		checkTransitions(step, before, stateBefore);
		checkState();
	}

	/**
	 * Each transition of the step: continuous, a row of the table, caused by the step; no
	 * command lost.
	 */
	private void checkTransitions(Step step, int before, SocketState stateBefore) {
		List<StateChange> fresh = List.copyOf(this.changes.subList(before, this.changes.size()));
		Set<On> causes = causes(step);
		SocketState previous = stateBefore;
		for (int i = 0; i < fresh.size(); i++) {
			StateChange change = fresh.get(i);
			SocketState left = previous;
			check(change.from() == left, () -> "transition " + change + " follows the state " + left);
			List<Row> rows = TransitionTable.rows(change.from(), change.to());
			check(!rows.isEmpty(), () -> "transition " + change + " is a row of the table");
			Row row = rows.stream().filter((r) -> causes.contains(r.on())).findFirst().orElse(null);
			check(row != null, () -> "transition " + change + " can be caused by " + step);
			this.covered.add(row);
			if (change.from() == SocketState.STOPPED && change.to() == SocketState.OPENING
					&& !(step instanceof Start)) {
				check(i > 0 && fresh.get(i - 1).from() == SocketState.CLOSING,
						() -> "a start without start() only right after CLOSING -> STOPPED");
			}
			if (change.from() == SocketState.CLOSING && change.to() == SocketState.STOPPED && this.pendingStart) {
				check(i + 1 < fresh.size() && fresh.get(i + 1).to() == SocketState.OPENING,
						() -> "a start() made during CLOSING runs once STOPPED");
				this.pendingStart = false;
			}
			previous = change.to();
		}
		// Commands are never lost nor acted on in the wrong state.
		SocketState first = fresh.isEmpty() ? null : fresh.get(0).to();
		boolean stoppedOrFailed = stateBefore == SocketState.STOPPED || stateBefore == SocketState.FAILED;
		if (step instanceof Start) {
			check(stoppedOrFailed ? first == SocketState.OPENING : fresh.isEmpty(), () -> "start() in " + stateBefore);
		}
		else if (step instanceof Stop) {
			check((stateBefore == SocketState.STOPPED || stateBefore == SocketState.CLOSING) ? fresh.isEmpty()
					: first == SocketState.CLOSING, () -> "stop() in " + stateBefore);
		}
		else if (step instanceof Reconnect) {
			check((stateBefore == SocketState.OPENED || stateBefore == SocketState.CLOSED)
					? first == SocketState.REOPENING : fresh.isEmpty(), () -> "reconnect() in " + stateBefore);
		}
	}

	private static Set<On> causes(Step step) {
		Set<On> causes = EnumSet.noneOf(On.class);
		if (step instanceof Start) {
			causes.add(On.START);
		}
		else if (step instanceof Stop || step instanceof FinalStop) {
			causes.addAll(EnumSet.of(On.STOP, On.STOPPED));
		}
		else if (step instanceof Reconnect) {
			causes.add(On.RECONNECT);
		}
		else if (step instanceof Raise raise) {
			if (raise.signal() == Signal.OPEN) {
				causes.add(On.OPEN);
			}
			else if (raise.signal() == Signal.CLOSE) {
				// a close in CLOSING stops, then runs a start made meanwhile
				causes.addAll(EnumSet.of(On.CLOSE, On.FAILED_ATTEMPT, On.STOPPED, On.START));
			}
		}
		else {
			// the backoff delay, the open timeout, the stop timeout (then a start made
			// meanwhile)
			causes.addAll(EnumSet.of(On.DELAY_ELAPSED, On.FAILED_ATTEMPT, On.STOPPED, On.START));
		}
		// whatever calls create() may see the socket open or fail before create() returns
		if (causes.contains(On.START) || causes.contains(On.RECONNECT) || causes.contains(On.DELAY_ELAPSED)) {
			causes.addAll(CREATE_CHAIN);
		}
		return causes;
	}

	/**
	 * The state after a step: reported, socket, timers and sockets all agree with what
	 * was published.
	 */
	private void checkState() {
		SocketState state = this.machine.state();
		SocketState published = this.changes.isEmpty() ? SocketState.STOPPED
				: this.changes.get(this.changes.size() - 1).to();
		check(state == published, () -> "state() " + state + " is the last transition published, " + published);
		SocketSnapshot snapshot = this.machine.snapshot();
		check(snapshot.state() == state, () -> "snapshot().state() is state()");
		Instant disconnectedSince = snapshot.disconnectedSince();
		if (isWithoutConnection(state)) {
			check(disconnectedSince != null && disconnectedSince.equals(this.outageBegan),
					() -> "disconnectedSince " + disconnectedSince + " in " + state + " is the time of the last start "
							+ "or lost connection, " + this.outageBegan);
			check(!disconnectedSince.isAfter(snapshot.since()),
					() -> "disconnectedSince " + disconnectedSince + " is not later than since " + snapshot.since());
		}
		else {
			check(disconnectedSince == null,
					() -> "disconnectedSince is null in " + state + ", got " + disconnectedSince);
		}
		List<Sock> live = this.attempts.stream().filter((s) -> s.returned && s.onCloses == 0).toList();
		check(live.size() <= 1, () -> "at most one live socket, got " + live);
		for (Sock sock : this.attempts) {
			check(sock.destroys <= 1, () -> sock + " destroyed at most once, got " + sock.destroys);
			check(sock.onCloses <= 1, () -> sock + " got onClose at most once, got " + sock.onCloses);
		}
		int pending = this.clock.pendingTasks();
		check(pending <= 1, () -> "at most one timer pending, got " + pending);
		if (state == SocketState.STOPPED || state == SocketState.FAILED) {
			check(pending == 0, () -> "no timer pending in " + state + ", got " + this.clock.pendingDelays());
			check(live.isEmpty(), () -> "no live socket in " + state + ", got " + live);
		}
		if (state == SocketState.CLOSED) {
			check(pending == 1, () -> "the backoff delay is pending in CLOSED");
		}
		if (state == SocketState.OPENED) {
			check(live.size() == 1 && this.machine.socket().orElse(null) == live.get(0),
					() -> "socket() is the one live socket in OPENED");
		}
		else {
			check(this.machine.socket().isEmpty(), () -> "socket() is empty in " + state);
		}
		check(this.onOpens == this.opened, () -> "onOpen ran once per transition to OPENED");
		check(this.onFails == this.failed, () -> "onFail ran once per transition to FAILED");
	}

	/** Started, and without a connection: the states of an outage. */
	private static boolean isWithoutConnection(SocketState state) {
		return state != SocketState.STOPPED && state != SocketState.CLOSING && state != SocketState.OPENED;
	}

	private void check(boolean holds, Supplier<String> invariant) {
		if (!holds) {
			throw new AssertionError("Invariant broken: " + invariant.get()
					+ ((this.stepIndex >= 0) ? " (after step " + this.stepIndex + ")" : " (at the end)")
					+ "\n  scenario: " + this.scenario + "\n  trace: " + String.join(" ", this.trace));
		}
	}

	/** A socket that does nothing by itself. */
	final class Sock {

		final int id;

		final SocketHandle handle;

		boolean returned;

		int destroys;

		int onCloses;

		Sock(int id, SocketHandle handle) {
			this.id = id;
			this.handle = handle;
		}

		@Override
		public String toString() {
			return "#" + this.id;
		}

	}

	private final class Factory implements SocketFactory<Sock> {

		@Override
		public Sock create(SocketHandle handle, boolean firstOpen) {
			List<CreateMode> modes = Interleaving.this.scenario.creates();
			CreateMode mode = modes.get(Interleaving.this.creates++ % modes.size());
			if (++Interleaving.this.createsThisStep > MAX_CREATES_PER_STEP) {
				mode = CreateMode.PENDING;
			}
			Sock sock = new Sock(Interleaving.this.attempts.size() + 1, handle);
			Interleaving.this.attempts.add(sock);
			Interleaving.this.trace.add("create" + sock + ":" + mode);
			switch (mode) {
				case THROW -> throw new IllegalStateException("create() of " + sock + " fails");
				case NULL -> {
					return null;
				}
				case OPEN_AT_ONCE -> handle.open();
				case FAIL_AT_ONCE -> {
					handle.error(new java.net.ConnectException("refused " + sock));
					handle.close();
				}
				case PENDING -> {
				}
			}
			sock.returned = true;
			return sock;
		}

		@Override
		public void destroy(Sock socket) {
			List<DestroyMode> modes = Interleaving.this.scenario.destroys();
			DestroyMode mode = modes.get(Interleaving.this.destroys++ % modes.size());
			socket.destroys++;
			Interleaving.this.trace.add("destroy" + socket + ":" + mode);
			switch (mode) {
				case CLOSE -> socket.handle.close();
				case THROW -> throw new IllegalStateException("destroy() of " + socket + " fails");
				case NOTHING -> {
				}
			}
		}

		@Override
		public void onOpen(Sock socket, boolean firstOpen) {
			Interleaving.this.onOpens++;
			Interleaving.this.trace.add("onOpen" + socket);
			hookFails();
		}

		@Override
		public void onClose(Sock socket) {
			socket.onCloses++;
			Interleaving.this.trace.add("onClose" + socket);
			hookFails();
		}

		@Override
		public void onFail(Throwable lastError) {
			Interleaving.this.onFails++;
			Interleaving.this.trace.add("onFail");
			hookFails();
		}

		private void hookFails() {
			if (Interleaving.this.scenario.hooksThrow()) {
				throw new IllegalStateException("hook fails");
			}
		}

	}

}
