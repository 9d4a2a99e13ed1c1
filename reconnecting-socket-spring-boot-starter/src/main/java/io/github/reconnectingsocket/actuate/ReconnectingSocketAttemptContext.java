package io.github.reconnectingsocket.actuate;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of one attempt to open a socket knows: the socket, which attempt,
 * and once it has ended its outcome. The error, when the attempt failed with one, is the
 * observation's own {@link #getError() error}.
 */
public class ReconnectingSocketAttemptContext extends Observation.Context {

	/** The outcome of an attempt that opened. */
	public static final String OPENED = "opened";

	/** The outcome of an attempt that ended without opening. */
	public static final String FAILED = "failed";

	/** The outcome of an attempt cut short by {@code stop()}. */
	public static final String STOPPED = "stopped";

	private final String socketName;

	private final int attempt;

	private final boolean firstAttempt;

	private volatile @Nullable String outcome;

	/**
	 * @param socketName the socket's name
	 * @param attempt the attempt's number since the last start, from 1
	 * @param firstAttempt whether it is the first attempt after a start
	 * ({@code opening}), not a later one ({@code reopening})
	 */
	public ReconnectingSocketAttemptContext(String socketName, int attempt, boolean firstAttempt) {
		this.socketName = socketName;
		this.attempt = attempt;
		this.firstAttempt = firstAttempt;
	}

	/**
	 * @return the socket's name
	 */
	public String getSocketName() {
		return this.socketName;
	}

	/**
	 * @return the attempt's number since the last start, from 1
	 */
	public int getAttempt() {
		return this.attempt;
	}

	/**
	 * @return whether it is the first attempt after a start
	 */
	public boolean isFirstAttempt() {
		return this.firstAttempt;
	}

	/**
	 * @return {@link #OPENED}, {@link #FAILED} or {@link #STOPPED} once the attempt has
	 * ended, else {@code null}
	 */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	/**
	 * @param outcome how the attempt ended
	 */
	public void setOutcome(@Nullable String outcome) {
		this.outcome = outcome;
	}

}
