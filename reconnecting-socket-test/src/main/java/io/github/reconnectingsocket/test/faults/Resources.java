package io.github.reconnectingsocket.test.faults;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import org.jspecify.annotations.Nullable;

/**
 * What a test opened, closed after it in reverse order (machines are stopped before the
 * factories and servers they use are closed), so that no socket, thread or timer outlives
 * its test. Use with JUnit's {@code @AutoClose}.
 */
public final class Resources implements AutoCloseable {

	private final Deque<AutoCloseable> opened = new ArrayDeque<>();

	/**
	 * @param <T> the resource type
	 * @param resource closed after the test
	 * @return the resource
	 */
	public <T extends AutoCloseable> T use(T resource) {
		this.opened.push(resource);
		return resource;
	}

	/**
	 * @param <S> the socket type
	 * @param machine stopped after the test, waiting at most its stop timeout and 5 s
	 * more
	 * @return the machine
	 */
	public <S> ReconnectingSocket<S> use(ReconnectingSocket<S> machine) {
		this.opened.push(() -> machine.stop()
			.toCompletableFuture()
			.get(machine.stopTimeout().orElse(java.time.Duration.ZERO).toMillis() + 5_000, TimeUnit.MILLISECONDS));
		return machine;
	}

	@Override
	public void close() throws Exception {
		Exception failure = null;
		while (!this.opened.isEmpty()) {
			try {
				this.opened.pop().close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Closes a resource and ignores any failure: for clean-up paths, where closing is
	 * best effort and a failure must not hide the test's own.
	 * @param resource what to close
	 */
	public static void closeQuietly(AutoCloseable resource) {
		try {
			resource.close();
		}
		catch (Exception ex) {
			// closing is best effort
		}
	}

	/**
	 * Waits at most 5 s for a fixture's own thread to end, once it was told to stop (its
	 * socket closed, its loop flagged). Returns at once for {@code null} or the calling
	 * thread; an interrupt ends the wait and is kept.
	 * @param thread the thread, or {@code null} if it never started
	 */
	public static void join(@Nullable Thread thread) {
		if (thread == null || thread == Thread.currentThread()) {
			return;
		}
		try {
			thread.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
