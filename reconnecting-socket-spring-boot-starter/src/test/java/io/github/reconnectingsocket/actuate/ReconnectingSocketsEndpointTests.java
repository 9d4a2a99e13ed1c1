package io.github.reconnectingsocket.actuate;

import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.BackoffDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.CommandRejected;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.CommandResponse;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.PacingGroupDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.SocketDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.SocketsDescriptor;
import io.github.reconnectingsocket.actuate.ReconnectingSocketsDescriptors.TransitionDescriptor;
import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ConnectionPacer;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

@ExtendWith(OutputCaptureExtension.class)
class ReconnectingSocketsEndpointTests {

	private final TestSockets sockets = new TestSockets();

	private final ReconnectingSocketsEndpoint endpoint = new ReconnectingSocketsEndpoint(this.sockets.registry);

	@Test
	void listsEverySocketByNameSorted() {
		this.sockets.add("zulu");
		this.sockets.add("alpha");
		assertThat(this.endpoint.sockets().sockets()).containsOnlyKeys("alpha", "zulu");
		assertThat(this.endpoint.sockets().sockets().keySet()).containsExactly("alpha", "zulu");
	}

	@Test
	void describesAStoppedSocket() {
		this.sockets.add("alpha");
		SocketDescriptor alpha = this.endpoint.socket("alpha");
		assertThat(alpha.state()).isEqualTo("stopped");
		assertThat(alpha.since()).isEqualTo("2000-01-01T00:00:00Z");
		assertThat(alpha.attempt()).isZero();
		assertThat(alpha.lastError()).isNull();
		assertThat(alpha.nextAttemptAt()).isNull();
		assertThat(alpha.disconnectedSince()).isNull();
		assertThat(alpha.counters()).isEqualTo(new ReconnectingSocketsDescriptors.CountersDescriptor(0, 0, 0, 0, 0));
		assertThat(alpha.recentTransitions()).isEmpty();
	}

	@Test
	void describesADroppedConnectionWaitingForTheNextAttempt() {
		this.sockets.add("alpha").start();
		this.sockets.open("alpha");
		this.sockets.advance(5000);
		this.sockets.error("alpha", "reset by peer");
		this.sockets.drop("alpha");
		SocketDescriptor alpha = this.endpoint.socket("alpha");
		assertThat(alpha.state()).isEqualTo("closed");
		assertThat(alpha.since()).isEqualTo("2000-01-01T00:00:05Z");
		assertThat(alpha.attempt()).isEqualTo(1);
		assertThat(alpha.consecutiveFailures()).isZero();
		assertThat(alpha.lastError()).isEqualTo(new ReconnectingSocketsDescriptors.ErrorDescriptor(
				"java.io.IOException", "reset by peer", "2000-01-01T00:00:05Z"));
		assertThat(alpha.nextAttemptAt()).isEqualTo("2000-01-01T00:00:06Z");
		assertThat(alpha.disconnectedSince()).isEqualTo("2000-01-01T00:00:05Z");
		assertThat(alpha.counters()).isEqualTo(new ReconnectingSocketsDescriptors.CountersDescriptor(1, 1, 0, 1, 0));
		assertThat(alpha.recentTransitions()).containsExactly(
				new TransitionDescriptor("2000-01-01T00:00:05Z", "opened", "closed", 1),
				new TransitionDescriptor("2000-01-01T00:00:00Z", "opening", "opened", 1),
				new TransitionDescriptor("2000-01-01T00:00:00Z", "stopped", "opening", 1));
	}

	@Test
	void countsFailedAttemptsAndGivingUp() {
		this.sockets.add("alpha",
				(b) -> b.backoff(Backoff.builder()
					.strategy("fixed")
					.initialDelay(Duration.ofSeconds(1))
					.jitter("none")
					.failAfter(2)
					.build()))
			.start();
		this.sockets.drop("alpha");
		this.sockets.advance(1000);
		this.sockets.drop("alpha");
		SocketDescriptor alpha = this.endpoint.socket("alpha");
		assertThat(alpha.state()).isEqualTo("failed");
		assertThat(alpha.since()).isEqualTo("2000-01-01T00:00:01Z");
		assertThat(alpha.disconnectedSince()).isEqualTo("2000-01-01T00:00:00Z");
		assertThat(alpha.consecutiveFailures()).isEqualTo(2);
		assertThat(alpha.counters()).isEqualTo(new ReconnectingSocketsDescriptors.CountersDescriptor(2, 0, 2, 0, 1));
	}

	@Test
	void keepsTheLastTwentyTransitionsNewestFirst() {
		this.sockets.add("alpha").start();
		for (int i = 0; i < 15; i++) {
			this.sockets.open("alpha");
			this.sockets.drop("alpha");
			this.sockets.advance(1000);
		}
		var transitions = this.endpoint.socket("alpha").recentTransitions();
		assertThat(transitions).hasSize(ReconnectingSocketRegistry.HISTORY_SIZE);
		assertThat(transitions.get(0))
			.isEqualTo(new TransitionDescriptor("2000-01-01T00:00:15Z", "closed", "reopening", 16));
	}

	@Test
	void describesTheEffectiveSettings() {
		this.sockets
			.add("expo",
					(b) -> b.backoff(Backoff.builder()
						.strategy("exponential")
						.initialDelay(Duration.ofMillis(500))
						.maxDelay(Duration.ofSeconds(30))
						.factor(3)
						.randomisationFactor(0.25)
						.failAfter(7)
						.resetAfter(Duration.ofMinutes(1))
						.build()).openTimeout(Duration.ofSeconds(5)).stopTimeout(Duration.ofSeconds(2)));
		this.sockets.add("fibo", (b) -> b.backoff(Backoff.builder().jitter("full").build()));
		SocketDescriptor expo = this.endpoint.socket("expo");
		assertThat(expo.backoff()).isEqualTo(
				new BackoffDescriptor("exponential", "PT0.5S", "PT30S", 3.0, 0.25, "proportional", 7, "PT1M", null));
		assertThat(expo.openTimeout()).isEqualTo("PT5S");
		assertThat(expo.stopTimeout()).isEqualTo("PT2S");
		SocketDescriptor fibo = this.endpoint.socket("fibo");
		assertThat(fibo.backoff())
			.isEqualTo(new BackoffDescriptor("fibonacci", "PT1S", "PT20S", null, null, "full", null, null, null));
		assertThat(fibo.openTimeout()).isNull();
		assertThat(fibo.stopTimeout()).isEqualTo("PT10S");
	}

	@Test
	void listsThePacingGroupWithItsFiguresWhileAnAttemptWaitsForAPermit() {
		ConnectionPacer pacer = ConnectionPacer.of(1, 0, this.sockets.clock);
		this.sockets.add("alpha", (b) -> b.pacer(pacer)).start();
		this.sockets.add("beta", (b) -> b.pacer(pacer)).start();
		SocketsDescriptor all = this.endpoint.sockets();
		assertThat(all.pacing()).containsOnlyKeys("unnamed")
			.containsEntry("unnamed", new PacingGroupDescriptor(1, null, 1, 1, 1));
		assertThat(all.sockets().get("alpha").waitingForPermit()).isFalse();
		assertThat(all.sockets().get("alpha").pacingGroup()).isEqualTo("unnamed");
		// alpha's outcome hands the permit on to beta's attempt
		this.sockets.open("alpha");
		assertThat(this.endpoint.sockets().pacing()).containsEntry("unnamed",
				new PacingGroupDescriptor(1, null, 1, 0, 1));
		assertThat(this.endpoint.socket("beta").waitingForPermit()).isFalse();
		this.sockets.open("beta");
		assertThat(this.endpoint.sockets().pacing()).containsEntry("unnamed",
				new PacingGroupDescriptor(1, null, 0, 0, 1));
	}

	@Test
	void aSocketWaitingForAPermitSaysSoAndNamesItsGroup() {
		ConnectionPacer pacer = ConnectionPacer.of(1, 0, this.sockets.clock);
		this.sockets.add("alpha", (b) -> b.pacer(pacer)).start();
		this.sockets.add("beta", (b) -> b.pacer(pacer)).start();
		SocketDescriptor beta = this.endpoint.socket("beta");
		assertThat(beta.state()).isEqualTo("opening");
		assertThat(beta.waitingForPermit()).isTrue();
		assertThat(beta.pacingGroup()).isEqualTo("unnamed");
		assertThat(this.sockets.created("beta")).isZero();
	}

	@Test
	void pacersOfOneNameAreOneGroupWhoseLimitsAddUpUnlessOneHasNone() {
		ConnectionPacer one = ConnectionPacer.of(1, 10, this.sockets.clock);
		ConnectionPacer two = ConnectionPacer.of(2, 0, this.sockets.clock);
		ConnectionPacer named = ConnectionPacer.named("endpoint-tests-group", 0, 50);
		this.sockets.add("alpha", (b) -> b.pacer(one));
		this.sockets.add("beta", (b) -> b.pacer(two));
		this.sockets.add("gamma", (b) -> b.pacer(two));
		this.sockets.add("delta", (b) -> b.pacer(named));
		assertThat(this.endpoint.sockets().pacing()).containsExactly(
				entry("endpoint-tests-group", new PacingGroupDescriptor(null, 50, 0, 0, 0)),
				entry("unnamed", new PacingGroupDescriptor(3, null, 0, 0, 0)));
		assertThat(this.endpoint.socket("delta").pacingGroup()).isEqualTo("endpoint-tests-group");
	}

	@Test
	void withoutPacingNoGroupIsListedAndNoSocketNamesOne() {
		this.sockets.add("alpha").start();
		assertThat(this.endpoint.sockets().pacing()).isEmpty();
		SocketDescriptor alpha = this.endpoint.socket("alpha");
		assertThat(alpha.pacingGroup()).isNull();
		assertThat(alpha.waitingForPermit()).isFalse();
	}

	@Test
	void anUnknownNameIsNotFound() {
		this.sockets.add("alpha");
		assertThat(this.endpoint.socket("beta")).isNull();
		assertThat(this.endpoint.command("beta", "start", null, SecurityContext.NONE).getStatus())
			.isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
	}

	@Test
	void startsStopsAndReconnects() {
		ReconnectingSocket<TestSockets.Conn> alpha = this.sockets.add("alpha");
		WebEndpointResponse<?> started = this.endpoint.command("alpha", "start", null, SecurityContext.NONE);
		assertThat(started.getStatus()).isEqualTo(200);
		assertThat(((SocketDescriptor) started.getBody()).state()).isEqualTo("opening");
		this.sockets.open("alpha");
		assertThat(command("alpha", "reconnect").state()).isEqualTo("reopening");
		assertThat(this.sockets.created("alpha")).isEqualTo(2);
		assertThat(command("alpha", " STOP ").state()).isEqualTo("stopped");
		assertThat(alpha.state()).isEqualTo(SocketState.STOPPED);
	}

	@Test
	void aMissingOrUnknownActionIsABadRequestNamingTheAllowedOnes() {
		this.sockets.add("alpha");
		WebEndpointResponse<?> missing = this.endpoint.command("alpha", null, null, SecurityContext.NONE);
		assertThat(missing.getStatus()).isEqualTo(400);
		assertThat(missing.getBody()).isEqualTo(new CommandRejected(400, "Bad Request",
				"Missing action for reconnecting socket 'alpha': give a JSON body "
						+ "{\"action\": \"start\" | \"stop\" | \"reconnect\"}",
				"alpha"));
		WebEndpointResponse<?> unknown = this.endpoint.command("alpha", "restart", null, SecurityContext.NONE);
		assertThat(unknown.getStatus()).isEqualTo(400);
		assertThat(((CommandRejected) unknown.getBody()).message())
			.startsWith("Unknown action 'restart' for reconnecting socket 'alpha'");
		assertThat(this.sockets.created("alpha")).isZero();
	}

	@Test
	void everyWriteRequestIsLoggedAtInfoWithWhoWhatWhichSocketAndTheOutcome(CapturedOutput output) {
		this.sockets.add("alpha");
		SecurityContext alice = new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return () -> "alice";
			}

			@Override
			public boolean isUserInRole(String role) {
				return false;
			}

		};
		this.endpoint.command("alpha", "start", null, alice);
		this.endpoint.command("alpha", "explode", null, SecurityContext.NONE);
		this.endpoint.command("nope", "stop", null, alice);
		assertThat(output)
			.contains("INFO",
					"Actuator request by 'alice' to start reconnecting socket 'alpha': " + "stopped -> opening")
			.contains("Actuator request by an anonymous caller to 'explode' reconnecting socket 'alpha' rejected "
					+ "(400): Unknown action 'explode'")
			.contains("Actuator request by 'alice' to 'stop' reconnecting socket 'nope': no such socket (404)");
	}

	private SocketDescriptor command(String name, String action) {
		return (SocketDescriptor) this.endpoint.command(name, action, null, SecurityContext.NONE).getBody();
	}

	@Test
	void answersOnceAnAsynchronousSocketActedOnTheCommand() throws Exception {
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			// Every task runs 100 ms late on another thread, as on a busy shared
			// executor.
			this.sockets.add("slow", (b) -> b
				.executor((task) -> CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS, pool).execute(task)));
			assertThat(command("slow", "start").state()).isEqualTo("opening");
			// destroy() closes at once, but the close is handled 100 ms later.
			assertThat(command("slow", "stop").state()).isEqualTo("stopped");
			// Ignored when already stopped: answers at once, without waiting for a
			// transition.
			long before = System.nanoTime();
			assertThat(command("slow", "reconnect").state()).isEqualTo("stopped");
			assertThat(Duration.ofNanos(System.nanoTime() - before))
				.isLessThan(ReconnectingSocketsEndpoint.COMMAND_WAIT);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static String state(WebEndpointResponse<?> response) {
		return ((SocketDescriptor) response.getBody()).state();
	}

}
