package io.github.reconnectingsocket.spring;

import java.util.List;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The registry of managed sockets. */
class ReconnectingSocketRegistryTests {

	@Test
	void namesAreSortedWhateverTheRegistrationOrder() {
		ReconnectingSocketRegistry registry = new ReconnectingSocketRegistry();
		// Enough names, registered out of order, that a hash-ordered set would not come
		// out sorted.
		List<String> names = List.of("zulu", "echo", "alpha", "mike", "quebec", "bravo", "yankee", "charlie", "kilo",
				"delta", "xray", "foxtrot", "lima", "golf", "hotel", "india");
		for (String name : names) {
			registry.register(socket(name));
		}
		assertThat(registry.names()).containsExactlyElementsOf(names.stream().sorted().toList());
		assertThat(registry.sockets()).extracting(ReconnectingSocket::name)
			.containsExactlyElementsOf(names.stream().sorted().toList());
	}

	@Test
	void namesAreACopy() {
		ReconnectingSocketRegistry registry = new ReconnectingSocketRegistry();
		registry.register(socket("beta"));
		var names = registry.names();
		registry.register(socket("alpha"));
		assertThat(names).containsExactly("beta");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> names.add("gamma"));
	}

	private static ReconnectingSocket<Object> socket(String name) {
		return ReconnectingSocket.<Object>builder()
			.name(name)
			.create((handle, firstOpen) -> new Object())
			.destroy((socket) -> {
			})
			.build();
	}

}
