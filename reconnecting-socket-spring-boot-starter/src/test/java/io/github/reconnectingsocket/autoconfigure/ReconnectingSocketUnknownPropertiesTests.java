package io.github.reconnectingsocket.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unknown key under {@code reconnecting-socket.}, or under a misspelt prefix, stops
 * start-up, and the failure analysis names the nearest known key.
 */
class ReconnectingSocketUnknownPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketAutoConfiguration.class))
		.withUserConfiguration(VirtualClockConfiguration.class, FactoriesConfiguration.Echo.class);

	@Test
	void aMisspeltBackoffKeyFailsWithTheNearestKnownKey() {
		assertUnknown("reconnecting-socket.backoff.initial-dealy", "5s", "reconnecting-socket.backoff.initial-delay",
				"reconnecting-socket.backoff.initial-dealy=5s");
	}

	@Test
	void theUsSpellingOfRandomisationFactorNamesTheKeyToUse() {
		assertUnknown("reconnecting-socket.backoff.randomization-factor", "0.5",
				"reconnecting-socket.backoff.randomisation-factor",
				"reconnecting-socket.backoff.randomization-factor=0.5");
	}

	@Test
	void aMisspeltKeyOfOneSocketNamesTheSocketsKey() {
		assertUnknown("reconnecting-socket.sockets.echo.backoff.fail-afer", "3",
				"reconnecting-socket.sockets.echo.backoff.fail-after",
				"reconnecting-socket.sockets.echo.backoff.fail-afer=3");
	}

	@Test
	void aMisspeltHealthKeyOfOneSocketNamesTheSocketsKey() {
		assertUnknown("reconnecting-socket.sockets.echo.health.down-aftr", "5s",
				"reconnecting-socket.sockets.echo.health.down-after",
				"reconnecting-socket.sockets.echo.health.down-aftr=5s");
	}

	@Test
	void theFormerBooleanHealthKeyOfOneSocketNamesItsEnabledKey() {
		this.contextRunner.withPropertyValues("reconnecting-socket.sockets.echo.health=false").run((context) -> {
			FailureAnalysis analysis = analysis(context.getStartupFailure());
			assertThat(analysis.getDescription()).startsWith("Unknown configuration property for reconnecting sockets")
				.contains("Property: reconnecting-socket.sockets.echo.health\n")
				.contains("Did you mean: reconnecting-socket.sockets.echo.health.enabled");
		});
	}

	@Test
	void aMisspeltTopLevelKeyFails() {
		assertUnknown("reconnecting-socket.stop-timout", "1s", "reconnecting-socket.stop-timeout",
				"reconnecting-socket.stop-timout=1s");
	}

	@Test
	void aMisspeltPrefixIsReportedWithTheKeyItWasMeantToBe() {
		assertUnknown("reconnecting-sockets.backoff.initial-delay", "2s", "reconnecting-socket.backoff.initial-delay",
				"reconnecting-sockets.backoff.initial-delay=2s");
	}

	@Test
	void aPrefixWithADotForTheDashIsReportedToo() {
		assertUnknown("reconnecting.socket.backoff.fail-after", "2", "reconnecting-socket.backoff.fail-after",
				"reconnecting.socket.backoff.fail-after=2");
	}

	@Test
	void aKeyNearNothingListsTheKnownKeysBesideIt() {
		this.contextRunner.withPropertyValues("reconnecting-socket.backoff.colour=red").run((context) -> {
			FailureAnalysis analysis = analysis(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: reconnecting-socket.backoff.colour\n")
				.doesNotContain("Did you mean")
				.contains("Known: reconnecting-socket.backoff.strategy, reconnecting-socket.backoff.initial-delay,");
			assertThat(analysis.getAction()).contains("remove 'reconnecting-socket.backoff.colour'");
		});
	}

	@Test
	void everyUnknownKeyIsReportedAtOnce() {
		this.contextRunner
			.withPropertyValues("reconnecting-socket.backoff.initial-dealy=5s", "reconnecting-socket.open-timout=1s")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("Unknown configuration properties for reconnecting sockets")
				.contains("Did you mean: reconnecting-socket.backoff.initial-delay")
				.contains("Did you mean: reconnecting-socket.open-timeout"));
	}

	@Test
	void knownKeysAndUnrelatedNamesStartAsUsual() {
		this.contextRunner.withPropertyValues("reconnecting-socket.backoff.initial-delay=2s",
				"reconnecting-socket.sockets.echo.backoff.max-delay=30s",
				"management.health.reconnectingsockets.enabled=false", "reconnecting.other=1", "socket.reconnecting=2")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private void assertUnknown(String property, String value, String suggestion, String... properties) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analysis(context.getStartupFailure());
			assertThat(analysis.getDescription()).startsWith("Unknown configuration property for reconnecting sockets")
				.contains("Property: " + property + "\n")
				.contains("Value: \"" + value + "\"\n")
				.contains("Origin: \"" + property + "\" from property source")
				.contains("Did you mean: " + suggestion);
			assertThat(analysis.getAction()).contains("rename '" + property + "' to '" + suggestion + "'");
		});
	}

	private static FailureAnalysis analysis(Throwable failure) {
		FailureAnalysis analysis = FailureAnalysisSupport.analyze(failure);
		assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
		return analysis;
	}

}
