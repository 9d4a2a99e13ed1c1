package io.github.reconnectingsocket.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.InvalidOptionException;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
		assertThat(defaultOf("reconnecting-socket.pacing.recovery-window")).isEqualTo("2s");
		assertThat(defaultOf("reconnecting-socket.backoff.initial-delay")).isEqualTo("1s");
		assertThat(defaultOf("reconnecting-socket.backoff.max-delay")).isEqualTo("20s");
	}

	@Test
	void everySharedKeyHasTheCoresDefaultInTheMetadata() {
		assertThat(SocketSetting.ALL).allSatisfy((setting) -> {
			String name = "reconnecting-socket." + setting.key();
			Object documented = defaultOf(name);
			assertThat((documented != null) ? parsed(documented.toString(), setting.defaultValue()) : null)
				.as("default of %s", name)
				.isEqualTo(setting.defaultValue());
		});
		// The table's defaults are the core's own, not copies that could drift.
		assertThat(SocketSetting.OPEN_TIMEOUT.defaultValue()).isEqualTo(ReconnectingSocketBuilder.DEFAULT_OPEN_TIMEOUT);
		assertThat(SocketSetting.STOP_TIMEOUT.defaultValue()).isEqualTo(ReconnectingSocketBuilder.DEFAULT_STOP_TIMEOUT);
		assertThat(SocketSetting.SLOW_CALL_THRESHOLD.defaultValue())
			.isEqualTo(ReconnectingSocketBuilder.DEFAULT_SLOW_CALL_THRESHOLD);
		assertThat(SocketSetting.MAX_DELAY.defaultValue()).isEqualTo(Backoff.DEFAULTS.maxDelay());
		assertThat(SocketSetting.REVIVE_AFTER.defaultValue()).isEqualTo(Backoff.DEFAULTS.reviveAfter());
	}

	@Test
	void theReadmeAndStarterTablesShowTheCoresDefaults() throws IOException {
		for (Path doc : List.of(Path.of("../README.md"), Path.of("../docs/STARTER.md"))) {
			Map<String, String> table = defaultsTable(Files.readString(doc));
			assertThat(SocketSetting.ALL).as(doc.toString()).allSatisfy((setting) -> {
				String name = "reconnecting-socket." + setting.key();
				assertThat(table).as("%s row of %s", doc, name).containsKey(name);
				String shown = table.get(name);
				if (setting.defaultValue() == null) {
					assertThat(shown).as("%s default of %s", doc, name).startsWith("empty");
				}
				else {
					Matcher code = Pattern.compile("^`([^`]+)`").matcher(shown);
					assertThat(code.find()).as("%s default of %s: %s", doc, name, shown).isTrue();
					assertThat(parsed(code.group(1), setting.defaultValue())).as("%s default of %s", doc, name)
						.isEqualTo(setting.defaultValue());
				}
			});
		}
	}

	/** A documented value, read as the binder would read it for the default's type. */
	private static Object parsed(String documented, @Nullable Object like) {
		if (like instanceof Duration) {
			return DurationStyle.detectAndParse(documented);
		}
		if (like instanceof Double) {
			return Double.valueOf(documented);
		}
		if (like instanceof Boolean) {
			return Boolean.valueOf(documented);
		}
		return documented;
	}

	@Test
	void strategyAndJitterHintsListExactlyWhatTheCoreAccepts() {
		List<Object> strategies = hintValues("reconnecting-socket.backoff.strategy");
		List<Object> jitters = hintValues("reconnecting-socket.backoff.jitter");
		assertThat(strategies).allSatisfy((name) -> Backoff.builder().strategy((String) name).build());
		assertThat(jitters).allSatisfy((name) -> Backoff.builder().jitter((String) name).build());
		assertThatExceptionOfType(InvalidOptionException.class)
			.isThrownBy(() -> Backoff.builder().strategy("none-such").build())
			.satisfies((ex) -> assertThat(listed(ex.allowed())).containsExactlyInAnyOrderElementsOf(strategies));
		assertThatExceptionOfType(InvalidOptionException.class)
			.isThrownBy(() -> Backoff.builder().jitter("none-such").build())
			.satisfies((ex) -> assertThat(listed(ex.allowed())).containsExactlyInAnyOrderElementsOf(jitters));
	}

	private static List<Object> listed(String allowed) {
		return List.of((Object[]) allowed.replaceFirst("^one of ", "").split(",\\s*"));
	}

	/** The Default column of a Markdown table of properties, by property name. */
	private static Map<String, String> defaultsTable(String markdown) {
		Map<String, String> defaults = new LinkedHashMap<>();
		Matcher row = Pattern.compile("(?m)^\\| `(reconnecting-socket\\.[a-z.-]+)` \\| ([^|]*) \\|").matcher(markdown);
		while (row.find()) {
			defaults.putIfAbsent(row.group(1), row.group(2).strip());
		}
		return defaults;
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
