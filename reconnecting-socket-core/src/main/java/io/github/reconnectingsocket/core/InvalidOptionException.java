package io.github.reconnectingsocket.core;

/**
 * An option was given a value outside its allowed range.
 *
 * <p>
 * The message names the option, the value and what is allowed; the parts are also
 * available separately so that an integration (the Spring Boot starter, for one) can
 * restate them in its own vocabulary, such as a property name.
 */
public final class InvalidOptionException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String option;

	private final transient Object value;

	private final String allowed;

	/**
	 * Creates the exception.
	 * @param option the option's name, for example {@code backoff.maxDelay}
	 * @param value the rejected value
	 * @param allowed what is allowed, for example
	 * {@code "greater than backoff.initialDelay (1000 ms)"}
	 */
	public InvalidOptionException(String option, Object value, String allowed) {
		super("Invalid value for option '" + option + "': " + value + " (allowed: " + allowed + ")");
		this.option = option;
		this.value = value;
		this.allowed = allowed;
	}

	/**
	 * @return the option's name, for example {@code backoff.maxDelay}
	 */
	public String option() {
		return this.option;
	}

	/**
	 * @return the rejected value
	 */
	public Object value() {
		return this.value;
	}

	/**
	 * @return a description of the allowed values
	 */
	public String allowed() {
		return this.allowed;
	}

}
