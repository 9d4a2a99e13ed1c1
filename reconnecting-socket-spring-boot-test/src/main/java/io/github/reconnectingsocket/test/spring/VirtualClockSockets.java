package io.github.reconnectingsocket.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Puts every managed socket of a Spring test ({@code @SpringBootTest}, a test
 * configuration, or {@code ApplicationContextRunner.withUserConfiguration}) on one
 * {@link io.github.reconnectingsocket.core.VirtualClock} bean, which the test injects and
 * advances: delays, timeouts and health's {@code down-after} follow it, and each signal
 * is handled before the call that raised it returns. No {@code Clock} bean is needed.
 *
 * @see VirtualClockCustomizer
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(VirtualClockSocketsConfiguration.class)
public @interface VirtualClockSockets {

}
