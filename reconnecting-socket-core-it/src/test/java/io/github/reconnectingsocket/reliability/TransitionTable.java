package io.github.reconnectingsocket.reliability;

import java.util.List;

import io.github.reconnectingsocket.core.SocketState;

import static io.github.reconnectingsocket.core.SocketState.CLOSED;
import static io.github.reconnectingsocket.core.SocketState.CLOSING;
import static io.github.reconnectingsocket.core.SocketState.FAILED;
import static io.github.reconnectingsocket.core.SocketState.OPENED;
import static io.github.reconnectingsocket.core.SocketState.OPENING;
import static io.github.reconnectingsocket.core.SocketState.REOPENING;
import static io.github.reconnectingsocket.core.SocketState.STOPPED;

/**
 * The test model of the transition table: every transition the machine may publish, with
 * what causes it. {@code error(t)} changes no state, so it has no row; "start during
 * CLOSING" is the {@link On#STOPPED} row followed by a {@link On#START} row. Its (from,
 * to) pairs must be exactly the edges of {@link SocketState#successors()} and of the
 * README's diagram: {@link TransitionTableAgreementTest} checks it.
 */
final class TransitionTable {

	/** What causes a transition. */
	enum On {

		/**
		 * {@code start()} from STOPPED or FAILED, or a start made during CLOSING once
		 * STOPPED.
		 */
		START,

		/** {@code open()} of the current attempt. */
		OPEN,

		/** {@code close()} of the open socket. */
		CLOSE,

		/**
		 * A failed attempt: {@code close()} while connecting, the open timeout,
		 * {@code create()} or {@code connect()} threw, or the connect's stage failed;
		 * FAILED once {@code failAfter} is reached or the retry policy gives up.
		 */
		FAILED_ATTEMPT,

		/** The backoff delay elapsed. */
		DELAY_ELAPSED,

		/** {@code stop()} in any state but STOPPED. */
		STOP,

		/**
		 * The socket closed during CLOSING, or the stop timeout elapsed, or there was no
		 * socket.
		 */
		STOPPED,

		/** {@code reconnect()} in OPENED, or in CLOSED (skips the rest of the delay). */
		RECONNECT,

		/** {@code reviveAfter} elapsed in FAILED: an automatic {@code start()}. */
		REVIVE,

		/**
		 * The open socket was silent ({@code alive()} not called) for the liveness
		 * timeout.
		 */
		LIVENESS

	}

	/** One row: {@code from} --{@code on}--> {@code to}. */
	record Row(SocketState from, On on, SocketState to) {

		@Override
		public String toString() {
			return this.from.seedName() + " --" + this.on + "--> " + this.to.seedName();
		}

	}

	static final List<Row> ROWS = List.of(new Row(STOPPED, On.START, OPENING), new Row(FAILED, On.START, OPENING),
			new Row(OPENING, On.OPEN, OPENED), new Row(REOPENING, On.OPEN, OPENED), new Row(OPENED, On.CLOSE, CLOSED),
			new Row(OPENING, On.FAILED_ATTEMPT, CLOSED), new Row(OPENING, On.FAILED_ATTEMPT, FAILED),
			new Row(REOPENING, On.FAILED_ATTEMPT, CLOSED), new Row(REOPENING, On.FAILED_ATTEMPT, FAILED),
			new Row(CLOSED, On.DELAY_ELAPSED, REOPENING), new Row(OPENING, On.STOP, CLOSING),
			new Row(OPENED, On.STOP, CLOSING), new Row(CLOSED, On.STOP, CLOSING), new Row(REOPENING, On.STOP, CLOSING),
			new Row(FAILED, On.STOP, CLOSING), new Row(CLOSING, On.STOPPED, STOPPED),
			new Row(OPENED, On.RECONNECT, REOPENING), new Row(CLOSED, On.RECONNECT, REOPENING),
			new Row(FAILED, On.REVIVE, OPENING), new Row(OPENED, On.LIVENESS, CLOSED));

	private TransitionTable() {
	}

	/**
	 * @param from the state left
	 * @param to the state entered
	 * @return the rows that allow it, empty when it is illegal
	 */
	static List<Row> rows(SocketState from, SocketState to) {
		return ROWS.stream().filter((row) -> row.from() == from && row.to() == to).toList();
	}

}
