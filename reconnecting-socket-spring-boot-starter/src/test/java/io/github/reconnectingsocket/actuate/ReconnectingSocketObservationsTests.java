package io.github.reconnectingsocket.actuate;

import java.io.IOException;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;

/** One observation per attempt, driven by the socket's state changes. */
class ReconnectingSocketObservationsTests {

	private static final String NAME = DefaultReconnectingSocketAttemptObservationConvention.NAME;

	private final TestSockets sockets = new TestSockets();

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final ReconnectingSocketObservations observer = new ReconnectingSocketObservations(this.sockets.registry,
			this.observations, null);

	@AfterEach
	void close() {
		this.observer.close();
	}

	@Test
	void anAttemptThatOpensIsOneObservationFromOpeningToOpened() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha");
		alpha.start();
		assertThat(this.observations).hasObservationWithNameEqualTo(NAME).that().hasBeenStarted().isNotStopped();
		this.sockets.open("alpha");
		assertThat(this.observations).hasNumberOfObservationsEqualTo(1)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasBeenStopped()
			.hasContextualNameEqualTo("reconnecting socket alpha attempt")
			.hasLowCardinalityKeyValue("name", "alpha")
			.hasLowCardinalityKeyValue("attempt.kind", "first")
			.hasLowCardinalityKeyValue("outcome", "opened")
			.hasLowCardinalityKeyValue("error", "none")
			.hasHighCardinalityKeyValue("attempt", "1")
			.doesNotHaveError();
	}

	@Test
	void aFailedAttemptEndsFailedWithItsErrorAndTheRetryIsANewObservation() {
		this.sockets.add("alpha").start();
		this.sockets.error("alpha", "Connection refused");
		this.sockets.drop("alpha");
		this.sockets.advance(1000);
		this.sockets.open("alpha");
		assertThat(this.observations).hasNumberOfObservationsEqualTo(2)
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("outcome", "failed")
				.hasLowCardinalityKeyValue("attempt.kind", "first")
				.hasLowCardinalityKeyValue("error", "IOException")
				.assertThatError()
				.isInstanceOf(IOException.class)
				.hasMessage("Connection refused"))
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("outcome", "opened")
				.hasLowCardinalityKeyValue("attempt.kind", "retry")
				.hasHighCardinalityKeyValue("attempt", "2")
				.doesNotHaveError());
	}

	@Test
	void anErrorKeptFromAnEarlierAttemptIsNotTheErrorOfTheNextOne() {
		this.sockets.add("alpha").start();
		this.sockets.error("alpha", "Connection refused");
		this.sockets.drop("alpha");
		this.sockets.advance(1000);
		this.sockets.drop("alpha"); // closed without a new error: the last error is still
									// the first one
		assertThat(this.observations).hasNumberOfObservationsEqualTo(2)
			.hasNumberOfObservationsWithNameEqualTo(NAME, 2)
			.hasAnObservation((observation) -> observation.hasHighCardinalityKeyValue("attempt", "2")
				.hasLowCardinalityKeyValue("outcome", "failed")
				.hasLowCardinalityKeyValue("error", "none")
				.doesNotHaveError());
	}

	@Test
	void stoppingDuringAnAttemptEndsItStopped() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha");
		alpha.start();
		alpha.stop();
		assertThat(this.observations).hasSingleObservationThat()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "stopped");
	}

	@Test
	void socketsRegisteredLaterAreObservedAndClosingStopsObserving() {
		ReconnectingSocket<?> late = this.sockets.add("late");
		late.start();
		this.sockets.open("late");
		this.observer.close();
		this.sockets.drop("late");
		this.sockets.advance(1000);
		assertThat(this.observations).hasSingleObservationThat().hasLowCardinalityKeyValue("name", "late");
	}

}
