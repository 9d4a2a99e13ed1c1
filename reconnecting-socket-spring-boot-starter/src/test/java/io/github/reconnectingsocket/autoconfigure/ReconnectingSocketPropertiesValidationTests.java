package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.core.InvalidOptionException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad configuration stops start-up, and the failure analysis names the property the bad
 * value came from (a socket's override or the top-level default), the value and what is
 * allowed.
 */
class ReconnectingSocketPropertiesValidationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketAutoConfiguration.class))
		.withUserConfiguration(VirtualClockConfiguration.class, FactoriesConfiguration.Echo.class);

	@Test
	void negativeInitialDelay() {
		assertInvalid("reconnecting-socket.backoff.initial-delay", "-1s", ">= 1 ms",
				"reconnecting-socket.backoff.initial-delay=-1s");
	}

	@Test
	void negativeFixedDelayOfOneSocket() {
		assertInvalid("reconnecting-socket.sockets.echo.backoff.initial-delay", "-5ms", ">= 0 ms",
				"reconnecting-socket.sockets.echo.backoff.strategy=fixed",
				"reconnecting-socket.sockets.echo.backoff.initial-delay=-5ms");
	}

	@Test
	void maxDelayOfOneSocketBelowTheInitialDelay() {
		assertInvalid("reconnecting-socket.sockets.echo.backoff.max-delay", "500ms",
				"greater than reconnecting-socket.backoff.initial-delay (1s)",
				"reconnecting-socket.sockets.echo.backoff.max-delay=500ms");
	}

	@Test
	void maxDelayEqualToTheInitialDelay() {
		assertInvalid("reconnecting-socket.backoff.max-delay", "2s",
				"greater than reconnecting-socket.backoff.initial-delay (2s)",
				"reconnecting-socket.backoff.initial-delay=2s", "reconnecting-socket.backoff.max-delay=2s");
	}

	@Test
	void initialDelayOfOneSocketAboveTheDefaultMaxDelay() {
		assertInvalid("reconnecting-socket.backoff.max-delay", "20s",
				"greater than reconnecting-socket.sockets.echo.backoff.initial-delay (30s)",
				"reconnecting-socket.sockets.echo.backoff.initial-delay=30s");
	}

	@Test
	void factorOfOne() {
		assertInvalid("reconnecting-socket.backoff.factor", "1", "a finite number greater than 1",
				"reconnecting-socket.backoff.strategy=exponential", "reconnecting-socket.backoff.factor=1");
	}

	@Test
	void factorBelowOneOfOneSocketEvenWithoutTheExponentialStrategy() {
		assertInvalid("reconnecting-socket.sockets.echo.backoff.factor", "0.5", "a finite number greater than 1",
				"reconnecting-socket.sockets.echo.backoff.factor=0.5");
	}

	@Test
	void randomisationFactorAboveOne() {
		assertInvalid("reconnecting-socket.backoff.randomisation-factor", "1.5", "a number from 0 to 1 inclusive",
				"reconnecting-socket.backoff.randomisation-factor=1.5");
	}

	@Test
	void negativeRandomisationFactorOfOneSocket() {
		assertInvalid("reconnecting-socket.sockets.echo.backoff.randomisation-factor", "-0.1",
				"a number from 0 to 1 inclusive", "reconnecting-socket.sockets.echo.backoff.randomisation-factor=-0.1");
	}

	@Test
	void failAfterZero() {
		assertInvalid("reconnecting-socket.backoff.fail-after", "0", "1 or more, or empty to never give up",
				"reconnecting-socket.backoff.fail-after=0");
	}

	@Test
	void negativeFailAfterOfOneSocket() {
		assertInvalid("reconnecting-socket.sockets.echo.backoff.fail-after", "-2",
				"1 or more, or empty to never give up", "reconnecting-socket.sockets.echo.backoff.fail-after=-2");
	}

	@Test
	void resetAfterZero() {
		assertInvalid("reconnecting-socket.backoff.reset-after", "0",
				"a positive duration, or empty to reset as soon as a connection opens",
				"reconnecting-socket.backoff.reset-after=0");
	}

	@Test
	void negativeOpenTimeoutOfOneSocket() {
		assertInvalid("reconnecting-socket.sockets.echo.open-timeout", "-1s", "0 for no limit, or a positive duration",
				"reconnecting-socket.sockets.echo.open-timeout=-1s");
	}

	@Test
	void negativeLivenessTimeoutOfOneSocket() {
		assertInvalid("reconnecting-socket.sockets.echo.liveness-timeout", "-2s",
				"0 for no limit, or a positive duration", "reconnecting-socket.sockets.echo.liveness-timeout=-2s");
	}

	@Test
	void negativeSlowCallThreshold() {
		assertInvalid("reconnecting-socket.slow-call-threshold", "-1ms", "0 to watch nothing, or a positive duration",
				"reconnecting-socket.slow-call-threshold=-1ms");
	}

	@Test
	void reviveAfterZeroOfOneSocket() {
		assertInvalid("reconnecting-socket.sockets.echo.backoff.revive-after", "0",
				"a positive duration, or empty to stay failed until the next start",
				"reconnecting-socket.sockets.echo.backoff.revive-after=0");
	}

	@Test
	void negativeStopTimeout() {
		assertInvalid("reconnecting-socket.stop-timeout", "-10ms", "0 or a positive duration",
				"reconnecting-socket.stop-timeout=-10ms");
	}

	@Test
	void negativeHealthDownAfter() {
		assertInvalid("reconnecting-socket.health.down-after", "-1m", "0 or a positive duration",
				"reconnecting-socket.health.down-after=-1m");
	}

	@Test
	void negativeHealthDownAfterOfOneSocket() {
		assertInvalid("reconnecting-socket.sockets.echo.health.down-after", "-5s",
				"0 or a positive duration, or empty for reconnecting-socket.health.down-after",
				"reconnecting-socket.sockets.echo.health.down-after=-5s");
	}

	@Test
	void socketOverridesThatMatchNoSocketFactoryBean() {
		assertInvalid("reconnecting-socket.sockets.ecoh", "ecoh", "the bean name of a SocketFactory bean (echo)",
				"reconnecting-socket.sockets.ecoh.auto-startup=false");
	}

	@Test
	void socketOverridesWithoutAnySocketFactoryBean() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReconnectingSocketAutoConfiguration.class))
			.withPropertyValues("reconnecting-socket.sockets.echo.backoff.fail-after=3")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("Property: reconnecting-socket.sockets.echo")
				.contains("Allowed: the bean name of a SocketFactory bean (there is none)"));
	}

	@Test
	void unknownStrategyIsReportedWithTheValidValuesInLowerCase() {
		assertInvalid("reconnecting-socket.backoff.strategy", "fibonaci", "one of fibonacci, exponential, fixed",
				"reconnecting-socket.backoff.strategy=fibonaci");
	}

	@Test
	void unknownJitterOfOneSocketIsReportedWithTheValidValuesInLowerCase() {
		assertInvalid("reconnecting-socket.sockets.echo.backoff.jitter", "random",
				"one of proportional, none, full, equal, decorrelated",
				"reconnecting-socket.sockets.echo.backoff.jitter=random");
	}

	@Test
	void aRaisedInitialDelayThatConflictsWithTheDefaultMaxDelayNamesBothKeysAndBothOrigins() {
		this.contextRunner.withPropertyValues("reconnecting-socket.sockets.echo.backoff.initial-delay=30s")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.contains("Property: reconnecting-socket.backoff.max-delay\n", "Value: \"20s\"\n",
							"Origin: none: the default value\n")
					.contains("Conflicts with: reconnecting-socket.sockets.echo.backoff.initial-delay = \"30s\" "
							+ "(origin: \"reconnecting-socket.sockets.echo.backoff.initial-delay\" from property source");
				assertThat(analysis.getAction()).contains("change 'reconnecting-socket.backoff.max-delay' or "
						+ "'reconnecting-socket.sockets.echo.backoff.initial-delay'");
			});
	}

	@Test
	void analysisNamesWhereTheValueCameFrom() {
		this.contextRunner.withPropertyValues("reconnecting-socket.backoff.randomisation-factor=2").run((context) -> {
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(InvalidOptionException.class);
			assertThat(context.getStartupFailure()).cause()
				.cause()
				.isInstanceOf(InvalidReconnectingSocketPropertyException.class)
				.hasMessage(
						"Invalid value for configuration property 'reconnecting-socket.backoff.randomisation-factor': "
								+ "2 (allowed: a number from 0 to 1 inclusive)");
			assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("Origin: \"reconnecting-socket.backoff.randomisation-factor\" from property source");
		});
	}

	private void assertInvalid(String property, String value, String allowed, String... properties) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analysis(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.contains("Invalid value for configuration property '" + property + "'")
				.contains("Property: " + property + "\n")
				.contains("Value: \"" + value + "\"")
				.contains("Allowed: " + allowed);
			assertThat(analysis.getAction())
				.startsWith("Update your application's configuration: change '" + property + "'")
				.endsWith("(" + allowed + ").");
		});
	}

	private static FailureAnalysis analysis(Throwable failure) {
		FailureAnalysis analysis = FailureAnalysisSupport.analyze(failure);
		assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
		return analysis;
	}

}
