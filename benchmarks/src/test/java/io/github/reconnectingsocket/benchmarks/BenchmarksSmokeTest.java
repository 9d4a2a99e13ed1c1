package io.github.reconnectingsocket.benchmarks;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.benchmarks.clients.ClientThroughput;
import io.github.reconnectingsocket.benchmarks.crowd.CrowdSpread;
import io.github.reconnectingsocket.benchmarks.isolation.IsolationBenchmark;
import io.github.reconnectingsocket.benchmarks.latency.ReactionLatency;
import io.github.reconnectingsocket.benchmarks.scale.ScaleBenchmark;
import io.github.reconnectingsocket.benchmarks.sidebyside.SideBySide;
import io.github.reconnectingsocket.benchmarks.throughput.CpuThroughput;
import io.github.reconnectingsocket.benchmarks.throughput.TransitionBenchmarkAccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Each scenario, run for about a second with a small N, so that the benchmark code cannot
 * rot. The figures themselves are not checked against the targets here: that is what the
 * benchmarks are for.
 */
class BenchmarksSmokeTest {

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	private final PrintStream out = new PrintStream(this.output, true, StandardCharsets.UTF_8);

	@Test
	void scaleOpensAllThenReopensAllAfterTheServerIsKilledAndRestarted() throws Exception {
		ScaleBenchmark.Result result = ScaleBenchmark.run(Options.defaults()
			.with("n", 20)
			.with("outage", "300ms")
			.with("initial-delay", "100ms")
			.with("max-delay", "200ms")
			.with("timeout", "30s"), this.out);
		assertThat(result.n()).isEqualTo(20);
		assertThat(result.allOpenNanos()).isPositive();
		assertThat(result.reopenNanos()).isPositive();
		assertThat(result.attemptsDuringOutage()).isPositive();
		assertThat(result.attemptsAfterReturn()).isPositive();
		assertThat(result.peakAttemptsPer10ms()).isBetween(1, 20 * 2);
		assertThat(result.backoffBoundMillis()).isBetween(1L, 240L);
		assertThat(result.libraryThreadsPeak()).isBetween(1, 4);
		assertThat(result.libraryHeapPerInstance()).isPositive();
		assertThat(this.output.toString(StandardCharsets.UTF_8)).contains("all 20 reopened");
	}

	@Test
	void isolationOpensTheThirdAndStopsAllThreeWhileTwoAreBlockedInCreate() throws Exception {
		IsolationBenchmark.Result result = IsolationBenchmark
			.run(Options.defaults().with("rounds", 1).with("block", "3s").with("stop-timeout", "200ms"), this.out);
		assertThat(result.rounds()).isEqualTo(1);
		assertThat(result.openNanos()[0]).isPositive().isLessThan(2_000_000_000L);
		assertThat(result.stopNanos()[0]).isPositive().isLessThan(2_000_000_000L);
		assertThat(this.output.toString(StandardCharsets.UTF_8)).contains("third instance open: median");
	}

	@Test
	void clientsEchoThroughBothClients() throws Exception {
		List<ClientThroughput.Row> rows = ClientThroughput.run(Options.defaults()
			.with("connections", "1,20")
			.with("warmup", "200ms")
			.with("duration", "500ms")
			.with("rounds", 1), this.out);
		assertThat(rows).extracting(ClientThroughput.Row::client)
			.containsExactly("plain NIO", "TcpClient", "plain NIO", "TcpClient");
		assertThat(rows).allSatisfy((row) -> {
			assertThat(row.perSecond()).isPositive();
			assertThat(row.p99Micros()).isGreaterThanOrEqualTo(row.p50Micros());
		});
		assertThat(this.output.toString(StandardCharsets.UTF_8)).contains("throughput ratio");
	}

	@Test
	void latencyTimesEveryCycle() throws Exception {
		ReactionLatency.Result result = ReactionLatency.run(Options.defaults().with("cycles", 2000).with("warmup", 200),
				this.out);
		assertThat(result.cycles()).isEqualTo(2000);
		assertThat(result.p50()).isPositive().isLessThanOrEqualTo(result.p99());
		assertThat(result.p99()).isLessThanOrEqualTo(result.p999());
		assertThat(result.p999()).isLessThanOrEqualTo(result.max());
	}

	@Test
	void throughputBenchmarkMethodsCycleTheMachine() {
		assertThat(TransitionBenchmarkAccess.cyclesOfOneInstance(10_000, true)).isEqualTo(10_000);
		assertThat(TransitionBenchmarkAccess.cyclesOfOneInstance(10_000, false)).isEqualTo(10_000);
		assertThat(TransitionBenchmarkAccess.cyclesOfManyInstances(100, 10_000)).isEqualTo(10_000);
		CpuThroughput.Result result = CpuThroughput
			.run(Options.defaults().with("cycles", 20_000).with("rounds", 2).with("instances", 100), this.out);
		assertThat(result.transitionsPerCpuSecondOne()).isPositive();
		assertThat(result.bytesPerTransitionMany()).isPositive();
	}

	@Test
	void crowdSimulatesEveryJitterModeAndDrawsTheChart(@TempDir Path dir) throws Exception {
		Path image = dir.resolve("crowd.png");
		List<CrowdSpread.Run> runs = CrowdSpread
			.run(Options.defaults().with("n", 300).with("rate", 100).with("image", image), this.out);
		assertThat(runs).extracting(CrowdSpread.Run::mode).containsExactlyElementsOf(CrowdSpread.MODES);
		for (CrowdSpread.Run run : runs) {
			assertThat(run.attempts()).isGreaterThan(300);
			assertThat(run.allBackMillis()).isGreaterThanOrEqualTo(2000);
			assertThat(run.peak()).isPositive();
		}
		// The simulation is exact: the same seed gives the same run.
		assertThat(CrowdSpread.simulate(Backoff.builder().jitter("full").build(), 300, 100, 1).bins())
			.isEqualTo(runs.get(1).bins());
		BufferedImage png = ImageIO.read(image.toFile());
		assertThat(png.getWidth()).isEqualTo(1200);
	}

	@Test
	void sideBySideRunsThisLibrarysClientAgainstTheNodeServer(@TempDir Path work) throws Exception {
		// The npm client is left out: it would install a package from the registry on
		// every build.
		Assumptions.assumeTrue(nodeAvailable(), "node is not on the PATH");
		List<SideBySide.Run> runs = SideBySide.run(Options.defaults()
			.with("clients", "java")
			.with("n", 20)
			.with("runs", 1)
			.with("pacing", "256:0:300")
			.with("outage", "300ms")
			.with("settle", "100ms")
			.with("timeout", "30s")
			.with("work", work), this.out);
		assertThat(runs).singleElement().satisfies((run) -> {
			assertThat(run.client()).isEqualTo("java");
			assertThat(run.reopenNanos()).isPositive();
			assertThat(run.attempts()).isGreaterThan(20);
			assertThat(run.cpuNanos()).isPositive();
		});
		assertThat(this.output.toString(StandardCharsets.UTF_8)).contains("| restart -> all reopened, ms |");
	}

	private static boolean nodeAvailable() {
		try {
			Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
			node.getInputStream().readAllBytes();
			return node.waitFor() == 0;
		}
		catch (Exception ex) {
			return false;
		}
	}

	@Test
	void badOptionNamesTheOptionTheValueAndWhatIsAllowed() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> ScaleBenchmark.run(Options.parse(new String[] { "--n=zero" }, ScaleBenchmark.OPTIONS), this.out))
			.withMessage("--n=zero is not allowed: an integer of 1 or more");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Options.parse(new String[] { "--size=3" }, ScaleBenchmark.OPTIONS))
			.withMessageStartingWith("Unknown option '--size'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SideBySide.run(Options.defaults().with("pacing", "256:0:soon"), this.out))
			.withMessage("--pacing=256:0:soon is not allowed: none, or maxInFlight:attemptsPerSecond (0 for no limit),"
					+ " optionally followed by :recoveryWindowMillis (0 for off), e.g. 256:0 or 256:0:500");
	}

}
