package io.github.reconnectingsocket.benchmarks.startup;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import io.github.reconnectingsocket.benchmarks.Measure;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.core.SocketHandle;

/**
 * One measured start-up, in a fresh JVM: a plain {@link SpringApplication} (no web
 * server) with {@code factories} {@link SocketFactory} beans registered programmatically,
 * with the starter's auto-configurations or with all of them excluded. Prints
 * {@code RESULT <start nanos> <loaded classes> <managed sockets> <JVM uptime ms> <main thread CPU nanos>
 * <process CPU nanos>}, all taken once {@code run()} returned.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StartupApp {

	private static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

	/**
	 * @param args {@code starter} or {@code none}, then the number of factories
	 * @throws IOException when the auto-configuration lists cannot be read
	 */
	public static void main(String[] args) throws IOException {
		boolean starter = switch (args[0]) {
			case "starter" -> true;
			case "none" -> false;
			default -> throw new IllegalArgumentException("Variant '" + args[0] + "': starter or none");
		};
		long[] result = start(starter, Integer.parseInt(args[1]));
		System.out
			.println("RESULT " + Arrays.stream(result).mapToObj(String::valueOf).collect(Collectors.joining(" ")));
	}

	/**
	 * Starts the application, reads the figures, and closes it.
	 * @param starter whether the starter's auto-configurations run
	 * @param factories the number of {@link SocketFactory} beans
	 * @return start nanos, loaded classes, managed sockets, JVM uptime ms, main-thread
	 * CPU nanos, process CPU nanos
	 * @throws IOException when the auto-configuration lists cannot be read
	 */
	public static long[] start(boolean starter, int factories) throws IOException {
		long started = System.nanoTime();
		long mainCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
		SpringApplication application = new SpringApplication(StartupApp.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		Map<String, Object> properties = new HashMap<>();
		properties.put("logging.level.root", "warn");
		if (!starter) {
			properties.put("spring.autoconfigure.exclude", String.join(",", starterAutoConfigurations()));
		}
		application.setDefaultProperties(properties);
		application.addInitializers((context) -> {
			for (int i = 0; i < factories; i++) {
				((GenericApplicationContext) context).registerBean("socket" + i, InMemoryFactory.class,
						InMemoryFactory::new);
			}
		});
		try (ConfigurableApplicationContext context = application.run()) {
			long startNanos = System.nanoTime() - started;
			long mainCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - mainCpu;
			long processCpuNanos = Measure.processCpuNanos();
			int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
			long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
			int managed = context.getBeansOfType(ReconnectingSocket.class).size();
			return new long[] { startNanos, classes, managed, uptime, mainCpuNanos, processCpuNanos };
		}
	}

	/**
	 * @return the starter's auto-configurations, as listed in its imports file
	 */
	static List<String> starterAutoConfigurations() throws IOException {
		List<String> names = new ArrayList<>();
		Enumeration<URL> resources = StartupApp.class.getClassLoader().getResources(IMPORTS);
		while (resources.hasMoreElements()) {
			try (InputStream in = resources.nextElement().openStream()) {
				for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
					if (line.trim().startsWith("io.github.reconnectingsocket.")) {
						names.add(line.trim());
					}
				}
			}
		}
		if (names.isEmpty()) {
			throw new IllegalStateException("The starter's auto-configurations are not on the class path");
		}
		return names;
	}

	/**
	 * A socket in memory that opens at once: the starter's cost, not a network's, is
	 * measured.
	 */
	public static final class InMemoryFactory implements SocketFactory<SocketHandle> {

		@Override
		public SocketHandle create(SocketHandle handle, boolean firstOpen) {
			handle.open();
			return handle;
		}

		@Override
		public void destroy(SocketHandle socket) {
			socket.close();
		}

	}

}
