package io.github.reconnectingsocket.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.github.reconnectingsocket.autoconfigure.ReconnectingSocketProperties.Jitter;
import io.github.reconnectingsocket.autoconfigure.ReconnectingSocketProperties.Strategy;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated configuration metadata, as an IDE reads it. */
class ReconnectingSocketConfigurationMetadataTests {

	private final Map<String, Object> metadata = read();

	@Test
	void everyPropertyHasASentenceAsItsDescription() {
		// The endpoint contributes management.endpoint.reconnectingsockets.* as well;
		// Boot words those.
		List<Map<String, Object>> ours = properties().stream()
			.filter((property) -> String.valueOf(property.get("sourceType"))
				.startsWith(ReconnectingSocketProperties.class.getName()))
			.toList();
		assertThat(ours).hasSizeGreaterThanOrEqualTo(15).allSatisfy((property) -> {
			assertThat((String) property.get("name")).startsWith("reconnecting-socket.");
			assertThat((String) property.get("description")).as("description of %s", property.get("name"))
				.matches("[A-Z].*\\.")
				.doesNotContain("{@");
		});
	}

	@Test
	void defaultsAreDocumented() {
		assertThat(defaultOf("reconnecting-socket.enabled")).isEqualTo(true);
		assertThat(defaultOf("reconnecting-socket.auto-startup")).isEqualTo(true);
		assertThat(defaultOf("reconnecting-socket.phase")).isEqualTo(ReconnectingSocketProperties.DEFAULT_PHASE);
		assertThat(defaultOf("reconnecting-socket.open-timeout")).isEqualTo("30s");
		assertThat(defaultOf("reconnecting-socket.stop-timeout")).isEqualTo("10s");
		assertThat(defaultOf("reconnecting-socket.backoff.strategy")).isEqualTo("fibonacci");
		assertThat(defaultOf("reconnecting-socket.backoff.jitter")).isEqualTo("decorrelated");
		assertThat(defaultOf("reconnecting-socket.pacing.enabled")).isEqualTo(true);
		assertThat(defaultOf("reconnecting-socket.pacing.max-in-flight")).isEqualTo(256);
		assertThat(defaultOf("reconnecting-socket.backoff.initial-delay")).isEqualTo("1s");
		assertThat(defaultOf("reconnecting-socket.backoff.max-delay")).isEqualTo("20s");
	}

	@Test
	void strategyAndJitterHintsListEveryEnumValue() {
		assertThat(hintValues("reconnecting-socket.backoff.strategy"))
			.containsExactlyElementsOf(names(Strategy.values()));
		assertThat(hintValues("reconnecting-socket.backoff.jitter")).containsExactlyElementsOf(names(Jitter.values()));
	}

	@Test
	@SuppressWarnings("unchecked")
	void theHealthSwitchAndTheUsSpellingOfRandomisationFactorAreDescribed() {
		assertThat(defaultOf("management.health.reconnectingsockets.enabled")).isEqualTo(true);
		Map<String, Object> us = property("reconnecting-socket.backoff.randomization-factor");
		assertThat((Map<String, Object>) us.get("deprecation")).containsEntry("level", "error")
			.containsEntry("replacement", "reconnecting-socket.backoff.randomisation-factor");
	}

	@Test
	void socketKeysAreHintedWithTheSocketFactoryBeans() {
		assertThat(this.metadata.toString()).contains("reconnecting-socket.sockets.keys")
			.contains("io.github.reconnectingsocket.core.SocketFactory");
	}

	private Map<String, Object> property(String name) {
		return properties().stream().filter((property) -> name.equals(property.get("name"))).findFirst().orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> properties() {
		return (List<Map<String, Object>>) this.metadata.get("properties");
	}

	private Object defaultOf(String name) {
		return properties().stream()
			.filter((property) -> name.equals(property.get("name")))
			.findFirst()
			.orElseThrow()
			.get("defaultValue");
	}

	@SuppressWarnings("unchecked")
	private List<Object> hintValues(String name) {
		List<Map<String, Object>> hints = (List<Map<String, Object>>) this.metadata.get("hints");
		Map<String, Object> hint = hints.stream().filter((h) -> name.equals(h.get("name"))).findFirst().orElseThrow();
		return ((List<Map<String, Object>>) hint.get("values")).stream().map((value) -> value.get("value")).toList();
	}

	private static List<String> names(Enum<?>[] values) {
		return Arrays.stream(values).map((value) -> value.name().toLowerCase(Locale.ROOT)).toList();
	}

	private static Map<String, Object> read() {
		try (InputStream input = new ClassPathResource("META-INF/spring-configuration-metadata.json")
			.getInputStream()) {
			return JsonPath.parse(new String(input.readAllBytes(), StandardCharsets.UTF_8)).read("$");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
