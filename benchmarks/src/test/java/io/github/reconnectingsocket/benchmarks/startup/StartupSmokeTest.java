package io.github.reconnectingsocket.benchmarks.startup;

import java.io.OutputStream;
import java.io.PrintStream;

import io.github.reconnectingsocket.benchmarks.Options;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The start-up scenario's application, in this JVM and once in a child JVM, with a few
 * factories.
 */
class StartupSmokeTest {

	@Test
	void starterManagesEveryFactoryAndExcludingItManagesNone() throws Exception {
		assertThat(StartupApp.start(true, 3)[2]).isEqualTo(3);
		assertThat(StartupApp.start(false, 3)[2]).isZero();
	}

	@Test
	void baselineThatIsNotAFileIsRejectedNamingTheOption() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StartupBenchmark.run(
					Options.parse(new String[] { "--baseline=/no/such/benchmarks.jar" }, StartupBenchmark.OPTIONS),
					new PrintStream(OutputStream.nullOutputStream())))
			.withMessageContaining("baseline")
			.withMessageContaining("/no/such/benchmarks.jar");
	}

	@Test
	void childJvmReportsItsFigures() throws Exception {
		long[] result = StartupBenchmark.launch("starter", "2");
		assertThat(result).hasSize(6);
		assertThat(result[0]).as("start nanos").isPositive();
		assertThat(result[1]).as("loaded classes").isGreaterThan(1000);
		assertThat(result[2]).as("managed sockets").isEqualTo(2);
	}

}
