package io.github.reconnectingsocket.actuate;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default convention: observations named {@value #NAME}, with the low-cardinality
 * keys {@code name} (the socket), {@code attempt.kind} ({@code first} or {@code retry}),
 * {@code outcome} ({@code opened}, {@code failed}, {@code stopped}) and {@code error}
 * (the error's simple class name, or {@code none}), and the high-cardinality key
 * {@code attempt} (its number since the last start).
 */
public class DefaultReconnectingSocketAttemptObservationConvention
		implements ReconnectingSocketAttemptObservationConvention {

	/** The observation's name; its timer in Micrometer has the same name. */
	public static final String NAME = "reconnecting.socket.attempt";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ReconnectingSocketAttemptContext context) {
		return "reconnecting socket " + context.getSocketName() + " attempt";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ReconnectingSocketAttemptContext context) {
		String outcome = context.getOutcome();
		Throwable error = context.getError();
		return KeyValues.of(KeyValue.of("name", context.getSocketName()),
				KeyValue.of("attempt.kind", context.isFirstAttempt() ? "first" : "retry"),
				KeyValue.of("outcome", (outcome != null) ? outcome : "unknown"),
				KeyValue.of("error", (error != null) ? error.getClass().getSimpleName() : "none"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ReconnectingSocketAttemptContext context) {
		return KeyValues.of(KeyValue.of("attempt", String.valueOf(context.getAttempt())));
	}

}
