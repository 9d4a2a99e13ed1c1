package io.github.reconnectingsocket.benchmarks.startup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
	void childJvmReportsItsFigures() throws Exception {
		long[] result = StartupBenchmark.launch("starter", "2");
		assertThat(result).hasSize(6);
		assertThat(result[0]).as("start nanos").isPositive();
		assertThat(result[1]).as("loaded classes").isGreaterThan(1000);
		assertThat(result[2]).as("managed sockets").isEqualTo(2);
	}

}
