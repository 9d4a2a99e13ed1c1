package io.github.reconnectingsocket.benchmarks.sidebyside;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process that speaks the scenario's line protocol: its output lines are read on
 * a thread of their own into a queue, so that the harness waits for a given line with a
 * deadline.
 */
final class ChildProcess implements AutoCloseable {

	// /proc/<pid>/stat counts CPU in clock ticks; 100 per second on every Linux this runs
	// on.
	private static final long NANOS_PER_TICK = 10_000_000L;

	private final Process process;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private ChildProcess(Process process) {
		this.process = process;
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				// the child is gone
			}
		}, "side-by-side-reader-" + process.pid());
		reader.setDaemon(true);
		reader.start();
	}

	static ChildProcess start(List<String> command, Path directory) throws IOException {
		return new ChildProcess(new ProcessBuilder(command).directory(directory.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start());
	}

	/**
	 * @param prefix the first word of the awaited line
	 * @param timeout how long to wait
	 * @return the line's words after the first
	 * @throws IllegalStateException when the line does not come in time, or the child
	 * said ERROR
	 */
	String[] await(String prefix, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			String line = this.lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (line == null) {
				throw new IllegalStateException("Timed out after " + timeout + " waiting for " + prefix + " from "
						+ this.process.info().command().orElse("a child"));
			}
			if (line.startsWith("ERROR")) {
				throw new IllegalStateException("The child said: " + line);
			}
			if (line.startsWith(prefix + " ") || line.equals(prefix)) {
				String[] words = line.split(" ");
				return java.util.Arrays.copyOfRange(words, 1, words.length);
			}
		}
	}

	void send(String line) throws IOException {
		OutputStream in = this.process.getOutputStream();
		in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
		in.flush();
	}

	/**
	 * @return user plus system CPU time of the child so far, in ns, to the clock tick
	 */
	long cpuNanos() {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(this.process.pid()), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** Kills the child as a crash would (SIGKILL): the kernel closes its sockets. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/**
	 * Closes its standard input (it exits on end of input), then kills whatever is left.
	 */
	@Override
	public void close() throws InterruptedException {
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// it is gone already
		}
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			kill();
		}
	}

}
