package io.github.reconnectingsocket.actuate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.Registration;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StateChange;
import io.github.reconnectingsocket.core.StateListener;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * One Micrometer {@link Observation} per attempt to open a managed socket, driven by its
 * state changes: an attempt begins when the state becomes {@code opening} or
 * {@code reopening}, and ends at the next {@code opened}, {@code closed}, {@code failed}
 * or {@code stopped}, with its outcome and, when it failed with one, its error. Its
 * latency and outcome reach whatever the observation registry feeds: tracing, a timer.
 */
public class ReconnectingSocketObservations implements ReconnectingSocketRegistry.Listener, AutoCloseable {

	private static final ReconnectingSocketAttemptObservationConvention DEFAULT_CONVENTION = new DefaultReconnectingSocketAttemptObservationConvention();

	private final ObservationRegistry observationRegistry;

	private final @Nullable ReconnectingSocketAttemptObservationConvention convention;

	private final Map<String, Registration> tracking = new ConcurrentHashMap<>();

	private final Registration registration;

	/**
	 * Observes every socket of the registry, those registered later included.
	 * @param sockets the sockets
	 * @param observationRegistry where the observations go
	 * @param convention names and tags the observations, or {@code null} for the default
	 */
	public ReconnectingSocketObservations(ReconnectingSocketRegistry sockets, ObservationRegistry observationRegistry,
			@Nullable ReconnectingSocketAttemptObservationConvention convention) {
		this.observationRegistry = observationRegistry;
		this.convention = convention;
		this.registration = sockets.addListener(this);
	}

	@Override
	public void registered(ReconnectingSocket<?> socket) {
		this.tracking.computeIfAbsent(socket.name(), (name) -> socket.addStateListener(new Attempts(socket)));
	}

	@Override
	public void unregistered(ReconnectingSocket<?> socket) {
		Registration removed = this.tracking.remove(socket.name());
		if (removed != null) {
			removed.remove();
		}
	}

	/** Stops observing; an attempt under way is left unrecorded. */
	@Override
	public void close() {
		this.registration.remove();
		this.tracking.values().forEach(Registration::remove);
		this.tracking.clear();
	}

	/** The attempts of one socket; state changes come one at a time, in order. */
	private final class Attempts implements StateListener {

		private final ReconnectingSocket<?> socket;

		private @Nullable Observation current;

		private @Nullable ReconnectingSocketAttemptContext context;

		/**
		 * The last error when the attempt began: an error kept from before is not this
		 * one's.
		 */
		private @Nullable Throwable errorBefore;

		Attempts(ReconnectingSocket<?> socket) {
			this.socket = socket;
		}

		@Override
		public synchronized void onStateChange(StateChange change) {
			switch (change.to()) {
				case OPENING, REOPENING -> {
					end(null, change);
					begin(change);
				}
				case OPENED -> end(ReconnectingSocketAttemptContext.OPENED, change);
				case CLOSED, FAILED -> end(ReconnectingSocketAttemptContext.FAILED, change);
				case STOPPED -> end(ReconnectingSocketAttemptContext.STOPPED, change);
				default -> {
					// closing: the attempt, if any, ends at stopped
				}
			}
		}

		private void begin(StateChange change) {
			ReconnectingSocketAttemptContext attempt = new ReconnectingSocketAttemptContext(this.socket.name(),
					change.attempt(), change.to() == SocketState.OPENING);
			this.context = attempt;
			this.errorBefore = change.lastError();
			this.current = Observation
				.createNotStarted(ReconnectingSocketObservations.this.convention, DEFAULT_CONVENTION, () -> attempt,
						ReconnectingSocketObservations.this.observationRegistry)
				.start();
		}

		private void end(@Nullable String outcome, StateChange change) {
			Observation observation = this.current;
			ReconnectingSocketAttemptContext attempt = this.context;
			if (observation == null || attempt == null) {
				return;
			}
			this.current = null;
			this.context = null;
			attempt.setOutcome(outcome);
			Throwable error = change.lastError();
			if (error != null && error != this.errorBefore
					&& !ReconnectingSocketAttemptContext.OPENED.equals(outcome)) {
				observation.error(error);
			}
			observation.stop();
		}

	}

}
