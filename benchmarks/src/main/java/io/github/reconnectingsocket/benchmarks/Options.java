package io.github.reconnectingsocket.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the form {@code --name=value}. An unknown name or a bad value
 * is an error that names the option, the value and what is allowed.
 */
public final class Options {

	private final Map<String, String> values = new LinkedHashMap<>();

	private Options(Map<String, String> values) {
		this.values.putAll(values);
	}

	/**
	 * @param args the arguments
	 * @param known the option names the scenario accepts
	 * @return the parsed options
	 * @throws IllegalArgumentException for an argument that is not {@code --name=value}
	 * or an unknown name
	 */
	public static Options parse(String[] args, Set<String> known) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 3) {
				throw new IllegalArgumentException(
						"Argument '" + arg + "' is not of the form --name=value; options: " + known);
			}
			String name = arg.substring(2, equals);
			if (!known.contains(name)) {
				throw new IllegalArgumentException("Unknown option '--" + name + "'; options: " + known);
			}
			values.put(name, arg.substring(equals + 1));
		}
		return new Options(values);
	}

	/**
	 * @return no options: every default
	 */
	public static Options defaults() {
		return new Options(Map.of());
	}

	/**
	 * @param name the option
	 * @param value its value
	 * @return a copy with the option set
	 */
	public Options with(String name, Object value) {
		Options copy = new Options(this.values);
		copy.values.put(name, String.valueOf(value));
		return copy;
	}

	public int intValue(String name, int defaultValue, int min) {
		String text = this.values.get(name);
		if (text == null) {
			return defaultValue;
		}
		try {
			int value = Integer.parseInt(text.replace("_", "").replace(",", ""));
			if (value >= min) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(
				"--" + name + "=" + text + " is not allowed: an integer of " + min + " or more");
	}

	public Duration duration(String name, Duration defaultValue) {
		String text = this.values.get(name);
		if (text == null) {
			return defaultValue;
		}
		try {
			if (text.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
			}
			if (text.endsWith("s")) {
				return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(
				"--" + name + "=" + text + " is not allowed: a duration such as 500ms or 2s");
	}

	public String string(String name, String defaultValue) {
		return this.values.getOrDefault(name, defaultValue);
	}

}
