package io.github.reconnectingsocket.test.spring;

import java.util.concurrent.Executor;

import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import io.github.reconnectingsocket.core.VirtualClock;
import io.github.reconnectingsocket.spring.ReconnectingSocketBuilderCustomizer;

import org.springframework.core.Ordered;

/**
 * Puts every managed socket on one {@link VirtualClock}: its time and its delays, and
 * with it the health contributor's {@code down-after}, which reads each socket's own
 * clock. By default it also runs the sockets' code on the calling thread, so that each
 * signal is handled before the call that raised it returns, and fixes the jitter's random
 * number at 0.5, so that delays are exact. Ordered last, so that it wins over the
 * starter's executor.
 */
public class VirtualClockCustomizer implements ReconnectingSocketBuilderCustomizer, Ordered {

	private final VirtualClock clock;

	private final Executor executor;

	/**
	 * @param clock the clock of every socket, with a direct executor
	 */
	public VirtualClockCustomizer(VirtualClock clock) {
		this(clock, Runnable::run);
	}

	/**
	 * @param clock the clock of every socket
	 * @param executor what runs the sockets' code
	 */
	public VirtualClockCustomizer(VirtualClock clock, Executor executor) {
		this.clock = clock;
		this.executor = executor;
	}

	@Override
	public void customize(String name, ReconnectingSocketBuilder<?> builder) {
		builder.virtualClock(this.clock).executor(this.executor).random(() -> 0.5);
	}

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	/**
	 * @return the clock
	 */
	public VirtualClock getClock() {
		return this.clock;
	}

}
