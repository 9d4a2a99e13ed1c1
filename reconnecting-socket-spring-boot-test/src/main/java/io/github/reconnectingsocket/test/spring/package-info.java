/**
 * Spring Boot test support: {@link VirtualClockSockets} and
 * {@link VirtualClockCustomizer} put every managed socket on one
 * {@link io.github.reconnectingsocket.core.VirtualClock} that health reads too.
 */
@NullMarked
package io.github.reconnectingsocket.test.spring;

import org.jspecify.annotations.NullMarked;
