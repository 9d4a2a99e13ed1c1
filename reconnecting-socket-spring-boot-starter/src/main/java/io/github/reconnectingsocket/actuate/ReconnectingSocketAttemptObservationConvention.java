package io.github.reconnectingsocket.actuate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of each attempt to open a socket. Declare a bean of this
 * type to replace the {@link DefaultReconnectingSocketAttemptObservationConvention
 * default}.
 */
public interface ReconnectingSocketAttemptObservationConvention
		extends ObservationConvention<ReconnectingSocketAttemptContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ReconnectingSocketAttemptContext;
	}

}
