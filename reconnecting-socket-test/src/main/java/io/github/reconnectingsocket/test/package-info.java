/**
 * Test support for reconnecting sockets, with the core only:
 * {@link ScriptedSocketFactory}, a factory whose sockets a test drives signal by signal,
 * and, in {@code faults}, the loopback fault toolkit. The virtual clock is the core's own
 * {@link io.github.reconnectingsocket.core.VirtualClock}; for Spring Boot tests,
 * {@code reconnecting-socket-spring-boot-test} adds {@code @VirtualClockSockets}.
 */
@NullMarked
package io.github.reconnectingsocket.test;

import org.jspecify.annotations.NullMarked;
