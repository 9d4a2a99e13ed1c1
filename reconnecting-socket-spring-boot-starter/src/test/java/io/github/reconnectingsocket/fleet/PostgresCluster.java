package io.github.reconnectingsocket.fleet;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A throwaway PostgreSQL cluster from Debian's {@code postgresql} package: {@code initdb}
 * in a temporary directory, {@code pg_ctl} on a free loopback port, run as the
 * {@code postgres} user (or {@code nobody}) when this JVM runs as root, since PostgreSQL
 * refuses root. Installed with apt-get when missing, as {@code .ci/run} installs
 * Chromium.
 */
final class PostgresCluster implements AutoCloseable {

	private static final Path VERSIONS = Path.of("/usr/lib/postgresql");

	private final Path bin;

	private final Path directory;

	private final Path data;

	private final int port;

	private final List<String> asUser;

	private final Thread cleanup = new Thread(this::stopQuietly, "postgres-cleanup");

	private PostgresCluster(Path bin, Path directory, int port, List<String> asUser) {
		this.bin = bin;
		this.directory = directory;
		this.data = directory.resolve("data");
		this.port = port;
		this.asUser = asUser;
	}

	/**
	 * Creates and starts a cluster, with the tables of spring-integration-jdbc.
	 * @return the running cluster
	 * @throws IOException when PostgreSQL cannot be installed, initialized or started
	 */
	static PostgresCluster start() throws IOException, InterruptedException {
		Path bin = findBin();
		if (bin == null) {
			install();
			bin = findBin();
			if (bin == null) {
				throw new IOException("PostgreSQL is not in " + VERSIONS + " even after apt-get install postgresql");
			}
		}
		List<String> asUser = new ArrayList<>();
		if ("root".equals(System.getProperty("user.name"))) {
			String user = userExists("postgres") ? "postgres" : "nobody";
			asUser.addAll(List.of("runuser", "-u", user, "--"));
		}
		Path directory = Files.createTempDirectory("fleet-postgres-");
		if (!asUser.isEmpty()) {
			run(List.of("chown", asUser.get(2), directory.toString()));
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		PostgresCluster cluster = new PostgresCluster(bin, directory, port, asUser);
		Runtime.getRuntime().addShutdownHook(cluster.cleanup);
		cluster.command("initdb", "-D", cluster.data.toString(), "-U", "postgres", "-A", "trust", "--no-sync", "-E",
				"UTF8");
		cluster.startServer();
		new ResourceDatabasePopulator(
				new ClassPathResource("org/springframework/integration/jdbc/schema-postgresql.sql"))
			.execute(cluster.dataSource());
		return cluster;
	}

	/**
	 * @return the JDBC URL of the {@code postgres} database
	 */
	String url() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres";
	}

	SimpleDriverDataSource dataSource() {
		return new SimpleDriverDataSource(new org.postgresql.Driver(), url(), "postgres", "");
	}

	/** Starts the server (again), and waits until it accepts connections. */
	void startServer() throws IOException, InterruptedException {
		command("pg_ctl", "-D", this.data.toString(), "-l", this.directory.resolve("postgres.log").toString(), "-w",
				"-t", "30", "-o", "-p " + this.port + " -k " + this.directory + " -c listen_addresses=127.0.0.1 "
						+ "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
				"start");
	}

	/**
	 * Stops the server as an operator would (fast: clients are disconnected), data kept.
	 */
	void stopServer() throws IOException, InterruptedException {
		command("pg_ctl", "-D", this.data.toString(), "-m", "fast", "-w", "-t", "30", "stop");
	}

	@Override
	public void close() {
		stopQuietly();
		try {
			Runtime.getRuntime().removeShutdownHook(this.cleanup);
		}
		catch (IllegalStateException ex) {
			// Shutting down already: the hook is running.
		}
	}

	private void stopQuietly() {
		try {
			if (Files.exists(this.data.resolve("postmaster.pid"))) {
				command("pg_ctl", "-D", this.data.toString(), "-m", "immediate", "-w", "stop");
			}
		}
		catch (IOException | InterruptedException ex) {
			System.err.println("Could not stop PostgreSQL in " + this.data + ": " + ex);
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			System.err.println("Could not delete " + this.directory + ": " + ex);
		}
	}

	private void command(String program, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(this.asUser);
		command.add(this.bin.resolve(program).toString());
		command.addAll(Arrays.asList(arguments));
		run(command);
	}

	private static void run(List<String> command) throws IOException, InterruptedException {
		// To a file, not a pipe: the server that pg_ctl starts must not hold our end
		// open.
		Path output = Files.createTempFile("fleet-postgres-command-", ".log");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IOException(String.join(" ", command) + " failed: " + Files.readString(output));
			}
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private static Path findBin() throws IOException {
		if (!Files.isDirectory(VERSIONS)) {
			return null;
		}
		try (Stream<Path> versions = Files.list(VERSIONS)) {
			return versions.map((version) -> version.resolve("bin"))
				.filter((bin) -> Files.isExecutable(bin.resolve("pg_ctl")) && Files.isExecutable(bin.resolve("initdb")))
				.max(Comparator.comparing(Path::toString))
				.orElse(null);
		}
	}

	private static void install() throws IOException, InterruptedException {
		List<String> sudo = "root".equals(System.getProperty("user.name")) ? List.of() : List.of("sudo", "-n");
		List<String> update = new ArrayList<>(sudo);
		update.addAll(List.of("apt-get", "update", "-qq"));
		run(update);
		List<String> install = new ArrayList<>(sudo);
		install.addAll(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq",
				"--no-install-recommends", "postgresql"));
		run(install);
	}

	private static boolean userExists(String user) throws InterruptedException {
		try {
			run(List.of("id", "-u", user));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
