package io.github.reconnectingsocket.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.reconnectingsocket.core.SocketState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The transition table lives in main code as data ({@link SocketState#successors()}); it must agree
 * with the test model ({@link TransitionTable}, the table of DESIGN.md) and with the README's state
 * diagram, pair by pair over all 49 pairs of states.
 */
class TransitionTableAgreementTest {

	private static final Pattern DIAGRAM_EDGE = Pattern.compile("^\\s*(\\w+) --> (\\w+)(:.*)?$");

	@Test
	void canMoveToOverAllPairsEqualsTheTestModel() {
		for (SocketState from : SocketState.values()) {
			for (SocketState to : SocketState.values()) {
				assertThat(from.canMoveTo(to)).as("%s -> %s", from.seedName(), to.seedName())
					.isEqualTo(!TransitionTable.rows(from, to).isEmpty());
				assertThat(from.successors().contains(to)).isEqualTo(from.canMoveTo(to));
			}
		}
	}

	@Test
	void theTableHasSeventeenEdgesAndEveryStateIsLeftAndReached() {
		Set<SocketState> reached = EnumSet.noneOf(SocketState.class);
		int edges = 0;
		for (SocketState from : SocketState.values()) {
			assertThat(from.successors()).as("%s is left", from).isNotEmpty();
			assertThat(from.successors()).as("no self-loop").doesNotContain(from);
			reached.addAll(from.successors());
			edges += from.successors().size();
		}
		assertThat(edges).isEqualTo(17);
		assertThat(reached).containsExactlyInAnyOrder(SocketState.values());
	}

	@Test
	void successorsCannotBeChangedFromOutside() {
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> SocketState.STOPPED.successors().add(SocketState.OPENED));
		assertThat(SocketState.STOPPED.canMoveTo(SocketState.OPENED)).isFalse();
	}

	@Test
	void theReadmeDiagramDrawsExactlyTheTable() throws IOException {
		Path readme = Path.of("..", "README.md");
		Set<String> drawn = new HashSet<>();
		boolean inDiagram = false;
		for (String line : Files.readAllLines(readme)) {
			if (line.contains("stateDiagram")) {
				inDiagram = true;
			}
			else if (inDiagram && line.startsWith("```")) {
				break;
			}
			else if (inDiagram) {
				Matcher edge = DIAGRAM_EDGE.matcher(line);
				if (edge.matches()) {
					drawn.add(edge.group(1) + " -> " + edge.group(2));
				}
			}
		}
		Set<String> table = new HashSet<>();
		for (SocketState from : SocketState.values()) {
			for (SocketState to : from.successors()) {
				table.add(from.seedName() + " -> " + to.seedName());
			}
		}
		assertThat(drawn).as("edges of the README's state diagram").isEqualTo(table);
	}

}
