package io.github.reconnectingsocket.autoconfigure;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.ResolvableType;

/**
 * The known {@code reconnecting-socket.*} property names, read from
 * {@link ReconnectingSocketProperties} itself so that they cannot drift from what is
 * bound, and the nearest known name to a misspelt one.
 */
final class ReconnectingSocketPropertyNames {

	static final String PREFIX = "reconnecting-socket";

	private static final String SOCKETS = "sockets";

	/** Stands for a socket's name in {@link #KNOWN}. */
	private static final String ANY_SOCKET = "*";

	/**
	 * Relative to the prefix, dashed, a socket's name as {@code *}:
	 * {@code sockets.*.backoff.max-delay}.
	 */
	static final List<String> KNOWN = collect(ReconnectingSocketProperties.class, "", new ArrayList<>());

	private static final String UNIFORM_PREFIX = PREFIX.replace("-", "");

	private ReconnectingSocketPropertyNames() {
	}

	/**
	 * The known property nearest to an unknown one: the same key with a typo, or, for a
	 * key that is only the start of known ones (such as {@code sockets.echo.health}), its
	 * first known child.
	 * @param name an unknown name under the prefix, or under a misspelt prefix
	 * @return the full name to suggest, or {@code null} when nothing is near enough
	 */
	static @Nullable String suggest(ConfigurationPropertyName name) {
		Relative relative = Relative.of(name);
		if (relative == null) {
			return null;
		}
		if (relative.key.isEmpty()) {
			return null;
		}
		List<String> children = KNOWN.stream().filter((known) -> known.startsWith(relative.key + ".")).toList();
		if (!children.isEmpty()) {
			String child = children.stream()
				.filter((known) -> known.endsWith(".enabled"))
				.findFirst()
				.orElse(children.get(0));
			return relative.full(child);
		}
		String nearest = KNOWN.stream()
			.min(Comparator.comparingInt((String known) -> distance(known, relative.key)))
			.orElseThrow();
		String lastElement = relative.key.substring(relative.key.lastIndexOf('.') + 1);
		int allowed = Math.max(2, lastElement.length() / 3);
		return (distance(nearest, relative.key) <= allowed) ? relative.full(nearest) : null;
	}

	/**
	 * The known keys beside an unknown one, for when none is near enough to suggest.
	 * @param name an unknown name
	 * @return full names of the known keys under the same parent, or the top-level ones
	 */
	static List<String> siblings(ConfigurationPropertyName name) {
		Relative relative = Relative.of(name);
		String parent = (relative != null && relative.key.contains("."))
				? relative.key.substring(0, relative.key.lastIndexOf('.') + 1) : "";
		List<String> siblings = KNOWN.stream()
			.filter((known) -> known.startsWith(parent))
			.map((known) -> known.substring(parent.length()))
			.map((known) -> known.contains(".") ? known.substring(0, known.indexOf('.')) + ".*" : known)
			.distinct()
			.map((known) -> (relative != null) ? relative.full(parent + known) : PREFIX + "." + parent + known)
			.toList();
		return siblings;
	}

	/**
	 * Whether a name's first element is a near miss of the prefix
	 * ({@code reconnecting-sockets}, {@code reconecting-socket},
	 * {@code reconnecting.socket}), but not the prefix itself.
	 * @param name any configured name
	 * @return whether it looks like a misspelt {@code reconnecting-socket.*} property
	 */
	static boolean hasMisspeltPrefix(ConfigurationPropertyName name) {
		return misspeltPrefixLength(name) > 0;
	}

	/** The number of elements that make the misspelt prefix, or 0 when it is not one. */
	private static int misspeltPrefixLength(ConfigurationPropertyName name) {
		if (name.getNumberOfElements() == 0) {
			return 0;
		}
		String first = name.getElement(0, Form.UNIFORM);
		if (first.equals(UNIFORM_PREFIX)) {
			return 0;
		}
		if (first.length() > 2 && distance(first, UNIFORM_PREFIX) <= 2) {
			return 1;
		}
		if (name.getNumberOfElements() > 1 && distance(first + name.getElement(1, Form.UNIFORM), UNIFORM_PREFIX) <= 1) {
			return 2;
		}
		return 0;
	}

	private static List<String> collect(Class<?> type, String prefix, List<String> keys) {
		for (RecordComponent component : type.getRecordComponents()) {
			String key = prefix + DataObjectPropertyName.toDashedForm(component.getName());
			Class<?> componentType = component.getType();
			if (componentType.isRecord()) {
				collect(componentType, key + ".", keys);
			}
			else if (Map.class.isAssignableFrom(componentType)) {
				Class<?> valueType = ResolvableType.forType(component.getGenericType()).asMap().resolveGeneric(1);
				if (valueType != null && valueType.isRecord()) {
					collect(valueType, key + "." + ANY_SOCKET + ".", keys);
				}
				else {
					keys.add(key);
				}
			}
			else {
				keys.add(key);
			}
		}
		return List.copyOf(keys);
	}

	/** Optimal string alignment distance: a swap of two neighbours counts as one edit. */
	static int distance(String a, String b) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
				}
			}
		}
		return d[a.length()][b.length()];
	}

	/**
	 * A name relative to the (possibly misspelt) prefix, with a socket's name replaced by
	 * {@code *}.
	 */
	private record Relative(String key, @Nullable String socket) {

		static @Nullable Relative of(ConfigurationPropertyName name) {
			int skip = misspeltPrefixLength(name);
			if (skip == 0) {
				if (name.getNumberOfElements() == 0 || !name.getElement(0, Form.UNIFORM).equals(UNIFORM_PREFIX)) {
					return null;
				}
				skip = 1;
			}
			List<String> elements = new ArrayList<>();
			String socket = null;
			for (int i = skip; i < name.getNumberOfElements(); i++) {
				if (i == skip + 1 && elements.get(0).equals(SOCKETS)) {
					socket = name.getElement(i, Form.ORIGINAL);
					elements.add(ANY_SOCKET);
				}
				else {
					elements.add(name.getElement(i, Form.DASHED).toLowerCase(Locale.ROOT));
				}
			}
			return new Relative(String.join(".", elements), socket);
		}

		String full(String known) {
			if (this.socket != null && known.startsWith(SOCKETS + "." + ANY_SOCKET)) {
				return ReconnectingSocketSettingsResolver.socketsProperty(this.socket)
						+ known.substring((SOCKETS + "." + ANY_SOCKET).length());
			}
			return PREFIX + "." + known;
		}

	}

}
