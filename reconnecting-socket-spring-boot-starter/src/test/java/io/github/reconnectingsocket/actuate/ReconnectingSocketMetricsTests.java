package io.github.reconnectingsocket.actuate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ConnectionPacer;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectingSocketMetricsTests {

	private final TestSockets sockets = new TestSockets();

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final ReconnectingSocketMetrics metrics = new ReconnectingSocketMetrics(this.sockets.registry);

	@Test
	void oneStateGaugeIsOneAndTheOthersZero() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha");
		this.metrics.bindTo(this.meters);
		assertThat(this.meters.find(ReconnectingSocketMetrics.STATE).tag("name", "alpha").gauges()).hasSize(7);
		assertStates("alpha", SocketState.STOPPED);
		alpha.start();
		assertStates("alpha", SocketState.OPENING);
		this.sockets.open("alpha");
		assertStates("alpha", SocketState.OPENED);
		this.sockets.drop("alpha");
		assertStates("alpha", SocketState.CLOSED);
		this.sockets.advance(1000);
		assertStates("alpha", SocketState.REOPENING);
	}

	@Test
	void countsAttemptsByOutcomeDisconnectionsAndFailures() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha",
				(b) -> b.backoff(Backoff.builder()
					.strategy("fixed")
					.initialDelay(Duration.ofSeconds(1))
					.jitter("none")
					.failAfter(2)
					.build()));
		this.metrics.bindTo(this.meters);
		alpha.start();
		this.sockets.open("alpha");
		this.sockets.drop("alpha");
		this.sockets.advance(1000);
		this.sockets.drop("alpha");
		this.sockets.advance(1000);
		this.sockets.drop("alpha");
		assertThat(alpha.state()).isEqualTo(SocketState.FAILED);
		assertThat(count(ReconnectingSocketMetrics.ATTEMPTS, "outcome", "opened")).isEqualTo(1);
		assertThat(count(ReconnectingSocketMetrics.ATTEMPTS, "outcome", "failed")).isEqualTo(2);
		assertThat(count(ReconnectingSocketMetrics.DISCONNECTIONS)).isEqualTo(1);
		assertThat(count(ReconnectingSocketMetrics.FAILURES)).isEqualTo(1);
	}

	@Test
	void countersIncludeWhatHappenedBeforeBinding() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha");
		alpha.start();
		this.sockets.open("alpha");
		this.metrics.bindTo(this.meters);
		assertThat(count(ReconnectingSocketMetrics.ATTEMPTS, "outcome", "opened")).isEqualTo(1);
	}

	@Test
	void downtimeRunsFromLosingTheConnectionToHavingItBackAndTheInitialConnectIsTimedApart() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha");
		this.metrics.bindTo(this.meters);
		alpha.start();
		this.sockets.advance(250);
		this.sockets.open("alpha");
		this.sockets.advance(60_000);
		this.sockets.drop("alpha");
		this.sockets.advance(1000);
		this.sockets.drop("alpha");
		this.sockets.advance(1000);
		this.sockets.advance(300);
		this.sockets.open("alpha");
		Timer downtime = this.meters.get(ReconnectingSocketMetrics.DOWNTIME).tag("name", "alpha").timer();
		assertThat(downtime.count()).isEqualTo(1);
		assertThat(downtime.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2300);
		assertThat(initialConnect().count()).isEqualTo(1);
		assertThat(initialConnect().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
	}

	@Test
	void stoppingAbandonsTheOutageUnrecorded() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha");
		this.metrics.bindTo(this.meters);
		alpha.start();
		this.sockets.advance(3000);
		alpha.stop();
		alpha.start();
		this.sockets.advance(200);
		this.sockets.open("alpha");
		assertThat(initialConnect().count()).isEqualTo(1);
		assertThat(initialConnect().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(200);
		assertThat(downtime().count()).isZero();
	}

	@Test
	void anOutageGoesOnThroughFailedAndARestartFromIt() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha",
				(b) -> b.backoff(Backoff.builder()
					.strategy("fixed")
					.initialDelay(Duration.ofSeconds(1))
					.jitter("none")
					.failAfter(1)
					.build()));
		this.metrics.bindTo(this.meters);
		alpha.start();
		this.sockets.open("alpha");
		this.sockets.drop("alpha"); // a lost connection: the outage begins
		this.sockets.advance(1000);
		this.sockets.drop("alpha");
		assertThat(alpha.state()).isEqualTo(SocketState.FAILED);
		this.sockets.advance(60_000);
		alpha.start();
		this.sockets.advance(1000);
		this.sockets.open("alpha");
		assertThat(downtime().count()).isEqualTo(1);
		assertThat(downtime().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(62_000);
		assertThat(initialConnect().count()).isEqualTo(1);
		assertThat(initialConnect().totalTime(TimeUnit.MILLISECONDS)).isZero();
	}

	@Test
	void anOutageUnderWayWhenBoundIsRecordedInFullWhenItEnds() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha");
		alpha.start();
		this.sockets.advance(100);
		this.sockets.open("alpha"); // an outage over before binding: not recorded
		this.sockets.advance(2000);
		this.sockets.drop("alpha");
		// longer than the registry's history of 20 transitions
		for (int i = 0; i < 30; i++) {
			this.sockets.advance(1000);
			this.sockets.drop("alpha");
		}
		this.sockets.advance(1500);
		assertThat(alpha.state()).isEqualTo(SocketState.REOPENING);
		// no transition between binding and the open: the start comes from the snapshot
		// at binding
		this.metrics.bindTo(this.meters);
		this.sockets.advance(500);
		this.sockets.open("alpha");
		assertThat(downtime().count()).isEqualTo(1);
		assertThat(downtime().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(32_000);
	}

	@Test
	void aSocketRegisteredDuringItsInitialConnectIsRecordedFromItsStart() {
		this.metrics.bindTo(this.meters);
		ReconnectingSocket<?> alpha = this.sockets.build("alpha", UnaryOperator.identity());
		alpha.start();
		this.sockets.advance(700);
		this.sockets.registry.register(alpha);
		this.sockets.advance(300);
		this.sockets.open("alpha");
		assertThat(initialConnect().count()).isEqualTo(1);
		assertThat(initialConnect().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1000);
		assertThat(downtime().count()).isZero();
	}

	@Test
	void socketsRegisteredLaterGetMetersAndUnregisteredOnesLoseThem() {
		this.sockets.add("alpha");
		this.metrics.bindTo(this.meters);
		ReconnectingSocket<?> late = this.sockets.add("late");
		late.start();
		assertStates("late", SocketState.OPENING);
		assertThat(this.meters.find(ReconnectingSocketMetrics.DOWNTIME).tag("name", "late").timer()).isNotNull();
		this.sockets.registry.unregister("late");
		assertThat(this.meters.find("reconnecting.socket.state").tag("name", "late").meters()).isEmpty();
		assertThat(this.meters.getMeters()).allMatch((meter) -> "alpha".equals(meter.getId().getTag("name")));
		assertThat(this.meters.getMeters()).hasSize(7 + 2 + 1 + 1 + 2);
		// The socket lives on unmeasured: no listener is left behind.
		this.sockets.open("late");
		assertThat(this.meters.find(ReconnectingSocketMetrics.DOWNTIME).tag("name", "late").timer()).isNull();
	}

	@Test
	void closingRemovesEveryMeterAndListener() {
		ReconnectingSocket<?> alpha = this.sockets.add("alpha");
		this.metrics.bindTo(this.meters);
		this.metrics.close();
		assertThat(this.meters.getMeters()).isEmpty();
		this.sockets.add("late");
		alpha.start();
		assertThat(this.meters.getMeters()).isEmpty();
	}

	private void assertStates(String name, SocketState current) {
		for (SocketState state : SocketState.values()) {
			double value = this.meters.get(ReconnectingSocketMetrics.STATE)
				.tag("name", name)
				.tag("state", state.seedName())
				.gauge()
				.value();
			assertThat(value).as(state.seedName()).isEqualTo((state == current) ? 1.0 : 0.0);
		}
	}

	@Test
	void withoutPerSocketMetersOneSetOfMetersWithoutTheNameTagCoversEverySocket() {
		ReconnectingSocketMetrics aggregate = new ReconnectingSocketMetrics(this.sockets.registry, false);
		ReconnectingSocket<?> alpha = this.sockets.add("alpha");
		ReconnectingSocket<?> beta = this.sockets.add("beta");
		this.sockets.add("gamma");
		aggregate.bindTo(this.meters);
		assertThat(this.meters.getMeters()).hasSize(7 + 4 + 2)
			.allSatisfy((meter) -> assertThat(meter.getId().getTag("name")).isNull());
		alpha.start();
		beta.start();
		this.sockets.advance(100);
		this.sockets.open("alpha");
		assertThat(stateCount("opened")).isEqualTo(1);
		assertThat(stateCount("opening")).isEqualTo(1);
		assertThat(stateCount("stopped")).isEqualTo(1);
		this.sockets.advance(100);
		this.sockets.open("beta");
		this.sockets.drop("alpha");
		this.sockets.advance(1000);
		this.sockets.advance(500);
		this.sockets.open("alpha");
		assertThat(
				this.meters.get(ReconnectingSocketMetrics.ATTEMPTS).tag("outcome", "opened").functionCounter().count())
			.isEqualTo(3);
		assertThat(this.meters.get(ReconnectingSocketMetrics.DISCONNECTIONS).functionCounter().count()).isEqualTo(1);
		Timer initial = this.meters.get(ReconnectingSocketMetrics.INITIAL_CONNECT).timer();
		assertThat(initial.count()).isEqualTo(2);
		assertThat(initial.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100 + 200);
		Timer downtime = this.meters.get(ReconnectingSocketMetrics.DOWNTIME).timer();
		assertThat(downtime.count()).isEqualTo(1);
		assertThat(downtime.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1500);
		// An unregistered socket's totals stay counted: a counter never goes down.
		this.sockets.registry.unregister("alpha");
		assertThat(
				this.meters.get(ReconnectingSocketMetrics.ATTEMPTS).tag("outcome", "opened").functionCounter().count())
			.isEqualTo(3);
		assertThat(stateCount("opened")).isEqualTo(1);
		aggregate.close();
		assertThat(this.meters.getMeters()).isEmpty();
	}

	@Test
	void thePacingGroupsMetersFollowItsAttemptsInFlightAndWaiting() {
		ConnectionPacer pacer = ConnectionPacer.of(1, 0, this.sockets.clock);
		ReconnectingSocket<?> alpha = this.sockets.add("alpha", (b) -> b.pacer(pacer));
		ReconnectingSocket<?> beta = this.sockets.add("beta", (b) -> b.pacer(pacer));
		this.metrics.bindTo(this.meters);
		assertPacing("unnamed", 0, 0, 0);
		alpha.start();
		beta.start();
		assertPacing("unnamed", 1, 1, 1);
		this.sockets.open("alpha");
		assertPacing("unnamed", 1, 0, 1);
		this.sockets.open("beta");
		assertPacing("unnamed", 0, 0, 1);
		assertThat(this.meters.find(ReconnectingSocketMetrics.PACING_WAITING).gauges()).singleElement()
			.satisfies((gauge) -> assertThat(gauge.getId().getTag("name")).isNull());
	}

	@Test
	void withoutPerSocketMetersThePacingGroupsHaveTheSameMeters() {
		ConnectionPacer pacer = ConnectionPacer.of(1, 0, this.sockets.clock);
		this.sockets.add("alpha", (b) -> b.pacer(pacer)).start();
		this.sockets.add("beta", (b) -> b.pacer(pacer)).start();
		new ReconnectingSocketMetrics(this.sockets.registry, false).bindTo(this.meters);
		assertPacing("unnamed", 1, 1, 1);
		assertThat(this.meters.getMeters()).hasSize(7 + 4 + 2 + 3);
	}

	@Test
	void pacersOfOneNameShareTheirMetersAndAddUp() {
		ConnectionPacer one = ConnectionPacer.of(1, 0, this.sockets.clock);
		ConnectionPacer two = ConnectionPacer.of(1, 0, this.sockets.clock);
		this.metrics.bindTo(this.meters);
		for (String name : List.of("a1", "a2", "b1", "b2")) {
			ConnectionPacer pacer = name.startsWith("a") ? one : two;
			this.sockets.add(name, (b) -> b.pacer(pacer)).start();
		}
		assertPacing("unnamed", 2, 2, 2);
	}

	@Test
	void aPacingGroupsMetersOutliveItsSocketsAndGoWithTheBinding() {
		ConnectionPacer pacer = ConnectionPacer.of(1, 0, this.sockets.clock);
		this.metrics.bindTo(this.meters);
		this.sockets.add("alpha", (b) -> b.pacer(pacer)).start();
		this.sockets.add("beta", (b) -> b.pacer(pacer)).start();
		this.sockets.registry.unregister("alpha");
		this.sockets.registry.unregister("beta");
		assertPacing("unnamed", 1, 1, 1);
		this.metrics.close();
		assertThat(this.meters.getMeters()).isEmpty();
	}

	@Test
	void withoutPacingNoPacingMeterIsRegistered() {
		this.sockets.add("alpha").start();
		this.metrics.bindTo(this.meters);
		new ReconnectingSocketMetrics(this.sockets.registry, false).bindTo(this.meters);
		assertThat(this.meters.getMeters()).isNotEmpty()
			.noneMatch((meter) -> meter.getId().getName().startsWith("reconnecting.socket.pacing"));
	}

	private void assertPacing(String group, double inFlight, double waiting, double paced) {
		assertThat(this.meters.get(ReconnectingSocketMetrics.PACING_IN_FLIGHT).tag("group", group).gauge().value())
			.as("in flight")
			.isEqualTo(inFlight);
		assertThat(this.meters.get(ReconnectingSocketMetrics.PACING_WAITING).tag("group", group).gauge().value())
			.as("waiting")
			.isEqualTo(waiting);
		assertThat(
				this.meters.get(ReconnectingSocketMetrics.PACING_PACED).tag("group", group).functionCounter().count())
			.as("paced")
			.isEqualTo(paced);
	}

	private double stateCount(String state) {
		return this.meters.get(ReconnectingSocketMetrics.STATE).tag("state", state).gauge().value();
	}

	private Timer initialConnect() {
		return this.meters.get(ReconnectingSocketMetrics.INITIAL_CONNECT).tag("name", "alpha").timer();
	}

	private Timer downtime() {
		return this.meters.get(ReconnectingSocketMetrics.DOWNTIME).tag("name", "alpha").timer();
	}

	private double count(String meter, String... tags) {
		return this.meters.get(meter).tag("name", "alpha").tags(tags).functionCounter().count();
	}

}
