package io.github.reconnectingsocket.spring;

import java.time.Instant;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Published for every state change of a managed {@link ReconnectingSocket}, in order, on
 * the socket's own thread. The change into {@link SocketState#FAILED FAILED} is published
 * as the subclass {@link ReconnectingSocketFailedEvent}, so a listener of this type still
 * sees every transition exactly once.
 */
public class ReconnectingSocketStateChangedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final transient StateChange change;

	/**
	 * Creates an event.
	 * @param socket the socket whose state changed
	 * @param change the transition
	 */
	public ReconnectingSocketStateChangedEvent(ReconnectingSocket<?> socket, StateChange change) {
		super(socket);
		this.change = change;
	}

	/**
	 * The event for a transition: a {@link ReconnectingSocketFailedEvent} when it enters
	 * FAILED.
	 * @param socket the socket whose state changed
	 * @param change the transition
	 * @return the event
	 */
	public static ReconnectingSocketStateChangedEvent of(ReconnectingSocket<?> socket, StateChange change) {
		return (change.to() == SocketState.FAILED) ? new ReconnectingSocketFailedEvent(socket, change)
				: new ReconnectingSocketStateChangedEvent(socket, change);
	}

	/**
	 * @return the socket whose state changed
	 */
	public ReconnectingSocket<?> getSocket() {
		return (ReconnectingSocket<?>) getSource();
	}

	/**
	 * @return the transition as the core reports it
	 */
	public StateChange getChange() {
		return this.change;
	}

	/**
	 * @return the socket's name
	 */
	public String getName() {
		return this.change.name();
	}

	/**
	 * @return the state left
	 */
	public SocketState getFrom() {
		return this.change.from();
	}

	/**
	 * @return the state entered
	 */
	public SocketState getTo() {
		return this.change.to();
	}

	/**
	 * The state left, spelt as everywhere else in the starter (endpoint, health, tags,
	 * logs): {@code getFrom()} is the core's enum, whose {@code toString()} is upper
	 * case.
	 * @return the state left, in lower case: {@code opened}
	 */
	public String getFromName() {
		return this.change.from().seedName();
	}

	/**
	 * The state entered, in lower case, for logs and listener conditions such as
	 * {@code @EventListener(condition = "#event.toName == 'failed'")}.
	 * @return the state entered, in lower case: {@code closed}
	 */
	public String getToName() {
		return this.change.to().seedName();
	}

	/**
	 * @return the number of attempts since the last start, counting the current one
	 */
	public int getAttempt() {
		return this.change.attempt();
	}

	/**
	 * @return the last error reported, or {@code null}
	 */
	public @Nullable Throwable getLastError() {
		return this.change.lastError();
	}

	/**
	 * @return when the transition happened, by the socket's clock
	 */
	public Instant getTime() {
		return this.change.time();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.change + "]";
	}

}
