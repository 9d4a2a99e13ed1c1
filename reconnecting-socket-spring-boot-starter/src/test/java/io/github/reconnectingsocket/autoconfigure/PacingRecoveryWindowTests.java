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
 * {@code reconnecting-socket.pacing.recovery-window} reaches the starter's JVM-wide
 * pacer. Each test has a group of its own, since a named pacer is shared by the whole
 * JVM.
 */
class PacingRecoveryWindowTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketAutoConfiguration.class))
		.withUserConfiguration(VirtualClockConfiguration.class, PacingObservabilityTests.TwoFactories.class);

	@Test
	void theStarterTurnsTheRecoveryWindowOnAtTwoSeconds(TestInfo test) {
		this.runner.withPropertyValues("reconnecting-socket.pacing.group=" + groupOf(test))
			.run((context) -> assertThat(pacer(context).recoveryWindow()).isEqualTo(Duration.ofSeconds(2)));
	}

	@Test
	void thePropertyReachesThePacer(TestInfo test) {
		this.runner
			.withPropertyValues("reconnecting-socket.pacing.group=" + groupOf(test),
					"reconnecting-socket.pacing.recovery-window=750ms")
			.run((context) -> {
				assertThat(pacer(context).name()).isEqualTo(groupOf(test));
				assertThat(pacer(context).recoveryWindow()).isEqualTo(Duration.ofMillis(750));
			});
	}

	@Test
	void zeroKeepsToTheBackoff(TestInfo test) {
		this.runner
			.withPropertyValues("reconnecting-socket.pacing.group=" + groupOf(test),
					"reconnecting-socket.pacing.recovery-window=0")
			.run((context) -> assertThat(pacer(context).recoveryWindow()).isZero());
	}

	@Test
	void aNegativeWindowFailsNamingThePropertyTheValueAndWhatIsAllowed(TestInfo test) {
		this.runner
			.withPropertyValues("reconnecting-socket.pacing.group=" + groupOf(test),
					"reconnecting-socket.pacing.recovery-window=-1s")
			.run((context) -> {
				FailureAnalysis analysis = FailureAnalysisSupport.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: reconnecting-socket.pacing.recovery-window",
						"Value: \"-1s\"", "Allowed: 0 (off) or a positive duration");
			});
	}

	private static String groupOf(TestInfo test) {
		return "pacing-recovery-" + test.getTestMethod().orElseThrow().getName();
	}

	private static ConnectionPacer pacer(AssertableApplicationContext context) {
		ReconnectingSocket<?> socket = context.getBean("firstReconnectingSocket", ReconnectingSocket.class);
		return socket.pacer().orElseThrow();
	}

}
