package io.github.reconnectingsocket.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.reconnectingsocket.core.SocketState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transition table lives in three places: in main code as data
 * ({@link SocketState#successors()}, which {@code Steps.transition()} enforces), in the
 * README's {@code stateDiagram-v2}, and in the test model ({@link TransitionTable#ROWS})
 * that the random interleavings hold every published transition to. This test checks that
 * the three have exactly the same edges.
 */
class TransitionTableAgreementTest {

	private static final Pattern EDGE = Pattern.compile("^\\s*(\\S+)\\s*-->\\s*([^\\s:]+)\\s*(?::.*)?$");

	/** One edge of the table, whatever its causes. */
	record Edge(SocketState from, SocketState to) {

		@Override
		public String toString() {
			return this.from.seedName() + " --> " + this.to.seedName();
		}

	}

	@Test
	void theReadmeDiagramTheEnumAndTheTestModelHaveTheSameEdges() throws IOException {
		Set<Edge> readme = readmeEdges(readme());
		Set<Edge> table = tableEdges();
		Set<Edge> model = modelEdges();
		assertThat(table).as("SocketState.successors() has the edges of the README's diagram")
			.containsExactlyInAnyOrderElementsOf(readme);
		assertThat(model).as("TransitionTable.ROWS has the edges of SocketState.successors()")
			.containsExactlyInAnyOrderElementsOf(table);
		// Not vacuous: the diagram was found and is the table we know (17 edges, every
		// state on one).
		assertThat(readme).hasSize(17);
		Set<SocketState> drawn = EnumSet.noneOf(SocketState.class);
		readme.forEach((edge) -> {
			drawn.add(edge.from());
			drawn.add(edge.to());
		});
		assertThat(drawn).containsExactlyInAnyOrder(SocketState.values());
	}

	@Test
	void canMoveToIsSuccessors() {
		for (SocketState from : SocketState.values()) {
			for (SocketState to : SocketState.values()) {
				assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(from.successors().contains(to));
			}
		}
	}

	@Test
	void theParserReadsEdgesWithAndWithoutLabelsAndSkipsTheInitialArrow() {
		String text = String.join("\n", "# Title", "```mermaid", "stateDiagram-v2", "    [*] --> stopped",
				"    stopped --> opening: start()", "    closing --> stopped", "```", "", "```mermaid", "graph TD",
				"    a --> b", "```");
		assertThat(readmeEdges(text)).containsExactlyInAnyOrder(new Edge(SocketState.STOPPED, SocketState.OPENING),
				new Edge(SocketState.CLOSING, SocketState.STOPPED));
	}

	/**
	 * The README of the repository: one directory above the module that Maven runs the
	 * tests in.
	 */
	static String readme() throws IOException {
		Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
		Path readme = module.resolve("../README.md").normalize();
		assertThat(readme).as("the repository's README, from the module %s", module).isRegularFile();
		return Files.readString(readme, StandardCharsets.UTF_8);
	}

	/**
	 * The edges of the one mermaid {@code stateDiagram-v2} block; {@code [*] -->} is not
	 * an edge.
	 */
	static Set<Edge> readmeEdges(String markdown) {
		List<List<String>> diagrams = new ArrayList<>();
		List<String> block = null;
		boolean mermaid = false;
		for (String line : markdown.split("\\R")) {
			String trimmed = line.trim();
			if (block == null && trimmed.equals("```mermaid")) {
				mermaid = true;
				block = new ArrayList<>();
			}
			else if (block != null && trimmed.startsWith("```")) {
				if (!block.isEmpty() && block.get(0).equals("stateDiagram-v2")) {
					diagrams.add(block.subList(1, block.size()));
				}
				block = null;
				mermaid = false;
			}
			else if (mermaid && !trimmed.isEmpty()) {
				block.add(trimmed);
			}
		}
		assertThat(diagrams).as("one mermaid stateDiagram-v2 block").hasSize(1);
		Set<Edge> edges = new LinkedHashSet<>();
		for (String line : diagrams.get(0)) {
			Matcher matcher = EDGE.matcher(line);
			assertThat(matcher.matches()).as("a diagram line is an edge: %s", line).isTrue();
			if (!matcher.group(1).equals("[*]")) {
				Edge edge = new Edge(SocketState.fromName(matcher.group(1)), SocketState.fromName(matcher.group(2)));
				assertThat(edges.add(edge)).as("%s drawn once", edge).isTrue();
			}
		}
		return edges;
	}

	static Set<Edge> tableEdges() {
		Set<Edge> edges = new LinkedHashSet<>();
		for (SocketState from : SocketState.values()) {
			for (SocketState to : SocketState.values()) {
				if (from.canMoveTo(to)) {
					edges.add(new Edge(from, to));
				}
			}
		}
		return edges;
	}

	static Set<Edge> modelEdges() {
		Set<Edge> edges = new LinkedHashSet<>();
		for (TransitionTable.Row row : TransitionTable.ROWS) {
			edges.add(new Edge(row.from(), row.to()));
		}
		return edges;
	}

}
