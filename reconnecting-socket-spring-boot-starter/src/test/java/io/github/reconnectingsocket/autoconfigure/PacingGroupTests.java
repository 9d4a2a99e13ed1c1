package io.github.reconnectingsocket.autoconfigure;

import java.time.Duration;

import io.github.reconnectingsocket.core.ConnectionPacer;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code reconnecting-socket.sockets.<name>.pacing-group} puts a socket in a pacing group
 * of its own, with the {@code pacing.*} limits. Each test has groups of its own, since a
 * named pacer is shared by the whole JVM.
 */
class PacingGroupTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketAutoConfiguration.class))
		.withUserConfiguration(VirtualClockConfiguration.class, PacingObservabilityTests.TwoFactories.class);

	@Test
	void aSocketWithAGroupOfItsOwnIsPacedApartWithTheSameLimits(TestInfo test) {
		this.runner
			.withPropertyValues("reconnecting-socket.pacing.group=" + group(test, "shared"),
					"reconnecting-socket.pacing.max-in-flight=7", "reconnecting-socket.pacing.recovery-window=3s",
					"reconnecting-socket.sockets.second.pacing-group=" + group(test, "own"))
			.run((context) -> {
				ConnectionPacer first = pacer(context, "first");
				ConnectionPacer second = pacer(context, "second");
				assertThat(first.name()).isEqualTo(group(test, "shared"));
				assertThat(second.name()).isEqualTo(group(test, "own"));
				assertThat(second).isNotSameAs(first);
				for (ConnectionPacer pacer : new ConnectionPacer[] { first, second }) {
					assertThat(pacer.maxInFlight()).isEqualTo(7);
					assertThat(pacer.recoveryWindow()).isEqualTo(Duration.ofSeconds(3));
				}
			});
	}

	@Test
	void socketsWithoutAGroupShareTheDefaultOne(TestInfo test) {
		this.runner.withPropertyValues("reconnecting-socket.pacing.group=" + group(test, "shared"))
			.run((context) -> assertThat(pacer(context, "second")).isSameAs(pacer(context, "first")));
	}

	@Test
	void anEmptyGroupFailsNamingThePropertyAndWhatIsAllowed(TestInfo test) {
		this.runner
			.withPropertyValues("reconnecting-socket.pacing.group=" + group(test, "shared"),
					"reconnecting-socket.sockets.second.pacing-group=")
			.run((context) -> {
				FailureAnalysis analysis = FailureAnalysisSupport.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains(
						"Property: reconnecting-socket.sockets.second.pacing-group",
						"Allowed: a group name without surrounding spaces");
			});
	}

	private static String group(TestInfo test, String which) {
		return "pacing-group-" + test.getTestMethod().orElseThrow().getName() + "-" + which;
	}

	private static ConnectionPacer pacer(AssertableApplicationContext context, String factory) {
		ReconnectingSocket<?> socket = context.getBean(factory + "ReconnectingSocket", ReconnectingSocket.class);
		return socket.pacer().orElseThrow();
	}

}
