package io.github.reconnectingsocket.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginProvider;

/**
 * A {@code reconnecting-socket} configuration property has a value outside what is
 * allowed. It stops the application from starting; its failure analysis names the
 * property, the value, where the value came from and what is allowed.
 */
public class InvalidReconnectingSocketPropertyException extends RuntimeException implements OriginProvider {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final transient @Nullable Object value;

	private final String allowed;

	private final transient @Nullable Origin origin;

	private final transient List<RelatedProperty> related;

	/**
	 * Creates the exception.
	 * @param property the full property name, for example
	 * {@code reconnecting-socket.sockets.echo.backoff.max-delay}
	 * @param value the rejected value, as configured when known
	 * @param allowed what is allowed, for example
	 * {@code "a number from 0 to 1 inclusive"}
	 * @param origin where the value came from, when known
	 * @param cause the underlying exception, if any
	 */
	public InvalidReconnectingSocketPropertyException(String property, @Nullable Object value, String allowed,
			@Nullable Origin origin, @Nullable Throwable cause) {
		this(property, value, allowed, origin, List.of(), cause);
	}

	/**
	 * Creates the exception for a value that is bad only together with others.
	 * @param property the full property name
	 * @param value the rejected value, as configured when known
	 * @param allowed what is allowed
	 * @param origin where the value came from, when known
	 * @param related the other properties the value conflicts with
	 * @param cause the underlying exception, if any
	 */
	public InvalidReconnectingSocketPropertyException(String property, @Nullable Object value, String allowed,
			@Nullable Origin origin, List<RelatedProperty> related, @Nullable Throwable cause) {
		super("Invalid value for configuration property '" + property + "': " + value + " (allowed: " + allowed + ")",
				cause);
		this.property = property;
		this.value = value;
		this.allowed = allowed;
		this.origin = origin;
		this.related = List.copyOf(related);
	}

	/**
	 * @return the full property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * @return the rejected value
	 */
	public @Nullable Object getValue() {
		return this.value;
	}

	/**
	 * @return what is allowed
	 */
	public String getAllowed() {
		return this.allowed;
	}

	@Override
	public @Nullable Origin getOrigin() {
		return this.origin;
	}

	/**
	 * @return the other properties that the value conflicts with, each with its value and
	 * origin
	 */
	public List<RelatedProperty> getRelated() {
		return this.related;
	}

	/**
	 * Another property that the rejected value conflicts with.
	 *
	 * @param property its full name
	 * @param value its value, as configured, or its default
	 * @param origin where it was set, or {@code null} when it was not (the default)
	 */
	public record RelatedProperty(String property, @Nullable Object value, @Nullable Origin origin) {

	}

}
