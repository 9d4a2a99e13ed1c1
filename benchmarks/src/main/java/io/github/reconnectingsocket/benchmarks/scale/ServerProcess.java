package io.github.reconnectingsocket.benchmarks.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link LoopbackServer} in a child JVM: same java, same class path. */
final class ServerProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final long listeningSince;

	private ServerProcess(Process process, int port, long listeningSince) {
		this.process = process;
		this.port = port;
		this.listeningSince = listeningSince;
	}

	/**
	 * Starts the server and waits until it listens.
	 * @param port the port, 0 for an ephemeral one
	 * @param backlog the accept backlog
	 * @return the running server
	 * @throws IOException when it could not listen (a few tries: a port just freed may
	 * still be busy)
	 */
	static ServerProcess start(int port, int backlog) throws IOException {
		String java = ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		List<String> command = List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), LoopbackServer.class.getName(), String.valueOf(port),
				String.valueOf(backlog));
		IOException last = null;
		for (int i = 0; i < 10; i++) {
			long spawned = System.nanoTime();
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			BufferedReader out = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			String line = out.readLine();
			long read = System.nanoTime();
			if (line != null && line.startsWith("LISTENING ")) {
				String[] words = line.split(" ");
				long since = Long.parseLong(words[2]);
				// Trust the child's clock only where it is plainly the same monotonic
				// clock as ours.
				return new ServerProcess(process, Integer.parseInt(words[1]),
						(since >= spawned && since <= read) ? since : read);
			}
			process.destroyForcibly();
			last = new IOException("The loopback server did not start on port " + port + " (said: " + line + ")");
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw last;
			}
		}
		throw last;
	}

	int port() {
		return this.port;
	}

	/**
	 * @return the {@link System#nanoTime()} at which the server began to listen
	 */
	long listeningSince() {
		return this.listeningSince;
	}

	/** Kills the server as a crash would (SIGKILL): the kernel closes its sockets. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws InterruptedException {
		kill();
	}

}
