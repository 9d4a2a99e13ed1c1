package io.github.reconnectingsocket.benchmarks.throughput;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.github.reconnectingsocket.backoff.Backoff;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.ReconnectingSocketBuilder;
import io.github.reconnectingsocket.core.Scheduler;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;
import io.github.reconnectingsocket.core.SocketState;

/**
 * Scenario 3, transition throughput. One operation is one full cycle of an open socket:
 * its {@code open()} and {@code close()} signals and the 0 ms backoff delay, that is
 * three transitions (REOPENING to OPENED, OPENED to CLOSED, CLOSED to REOPENING) and one
 * {@code create()}. Everything runs on the calling thread: executor {@code Runnable::run}
 * and a scheduler that runs a 0 ms delay at once, so only the machine is measured.
 *
 * <p>
 * {@code listener=false}: no state listener, so no event is published; {@code true}: one
 * listener that consumes every event.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class TransitionBenchmark {

	/** Transitions in one operation. */
	public static final int TRANSITIONS_PER_OP = 3;

	/**
	 * Runs a 0 ms delay at once, on the calling thread. The only other delay here is the
	 * stop timeout of the tear-down, which the socket's close always beats: it never
	 * falls due.
	 */
	static final Scheduler DIRECT = (task, delayMillis) -> {
		if (delayMillis == 0) {
			task.run();
		}
		return () -> {
		};
	};

	/** An in-memory socket: the handle of the attempt is the socket. */
	static final class Factory implements SocketFactory<Factory.Sock> {

		SocketHandle handle;

		@Override
		public Sock create(SocketHandle handle, boolean firstOpen) {
			this.handle = handle;
			return Sock.INSTANCE;
		}

		@Override
		public void destroy(Sock socket) {
			this.handle.close();
		}

		enum Sock {

			INSTANCE

		}

	}

	static ReconnectingSocket<Factory.Sock> newSocket(Factory factory, String name, Blackhole events) {
		ReconnectingSocketBuilder<Factory.Sock> builder = ReconnectingSocket.builder(factory)
			.name(name)
			.backoff(Backoff.builder().strategy("fixed").initialDelay(Duration.ZERO).build())
			.openTimeout(null)
			.executor(Runnable::run)
			.scheduler(DIRECT);
		if (events != null) {
			builder.stateListener(events::consume);
		}
		ReconnectingSocket<Factory.Sock> socket = builder.build();
		socket.start();
		return socket;
	}

	/** One instance, cycled over and over. */
	@State(Scope.Thread)
	public static class One {

		@Param({ "false", "true" })
		public boolean listener;

		final Factory factory = new Factory();

		ReconnectingSocket<Factory.Sock> socket;

		@Setup(Level.Trial)
		public void setUp(Blackhole blackhole) {
			this.socket = newSocket(this.factory, "one", this.listener ? blackhole : null);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			check(this.socket);
			this.socket.stop();
		}

	}

	/** Many instances, cycled round-robin, so that each cycle touches a cold instance. */
	@State(Scope.Thread)
	public static class Many {

		@Param({ "10000" })
		public int instances;

		@Param({ "false" })
		public boolean listener;

		Factory[] factories;

		ReconnectingSocket<Factory.Sock>[] sockets;

		int next;

		@Setup(Level.Trial)
		@SuppressWarnings("unchecked")
		public void setUp(Blackhole blackhole) {
			this.factories = new Factory[this.instances];
			this.sockets = new ReconnectingSocket[this.instances];
			for (int i = 0; i < this.instances; i++) {
				this.factories[i] = new Factory();
				this.sockets[i] = newSocket(this.factories[i], "many-" + i, this.listener ? blackhole : null);
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			for (ReconnectingSocket<Factory.Sock> socket : this.sockets) {
				check(socket);
				socket.stop();
			}
		}

	}

	static void check(ReconnectingSocket<?> socket) {
		if (socket.state() != SocketState.REOPENING && socket.state() != SocketState.OPENING) {
			throw new IllegalStateException("Expected a socket waiting to open, was " + socket.snapshot());
		}
	}

	static void cycle(Factory factory) {
		SocketHandle handle = factory.handle;
		handle.open();
		handle.close();
	}

	@Benchmark
	public void oneInstance(One state) {
		cycle(state.factory);
	}

	@Benchmark
	public void manyInstances(Many state) {
		int i = state.next;
		state.next = (i + 1 == state.instances) ? 0 : i + 1;
		cycle(state.factories[i]);
	}

}
