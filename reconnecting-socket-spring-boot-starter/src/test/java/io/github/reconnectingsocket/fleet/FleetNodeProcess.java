package io.github.reconnectingsocket.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One {@link FleetNode} in a child JVM started with this JVM's class path, its output in
 * a log file.
 */
final class FleetNodeProcess implements AutoCloseable {

	final String instance;

	private final Process process;

	private final Path log;

	private volatile int httpPort;

	private FleetNodeProcess(String instance, Process process, Path log) {
		this.instance = instance;
		this.process = process;
		this.log = log;
	}

	static FleetNodeProcess start(String instance, Path logs, List<String> arguments) throws IOException {
		String java = ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		List<String> command = new ArrayList<>(List.of(java, "-Xmx192m", "-Xss512k", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-Dfleet.parent-pid=" + ProcessHandle.current().pid(), "-cp",
				System.getProperty("java.class.path"), FleetNode.class.getName()));
		command.add("--fleet.instance=" + instance);
		command.addAll(arguments);
		Files.createDirectories(logs);
		Path log = logs.resolve(instance + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new FleetNodeProcess(instance, process, log);
	}

	/** Waits until the instance's web server listens, and keeps its port. */
	FleetNodeProcess awaitReady(Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.instance + " exited with " + this.process.exitValue() + ":\n"
						+ Files.readString(this.log));
			}
			for (String line : Files.readAllLines(this.log)) {
				if (line.startsWith(FleetNode.READY)) {
					this.httpPort = Integer.parseInt(line.substring(FleetNode.READY.length()).trim());
					return true;
				}
			}
			return false;
		});
		return this;
	}

	int httpPort() {
		return this.httpPort;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** SIGKILL: no shutdown hook, no lock released; the kernel closes its connections. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/** SIGTERM: Spring Boot's shutdown hook closes the context gracefully. */
	void stopGracefully(Duration timeout) throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly();
			throw new AssertionError(this.instance + " did not stop within " + timeout);
		}
	}

	String log() throws IOException {
		return Files.readString(this.log);
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
