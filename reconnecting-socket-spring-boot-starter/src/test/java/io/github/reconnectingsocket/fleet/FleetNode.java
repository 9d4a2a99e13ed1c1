package io.github.reconnectingsocket.fleet;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * One application instance of the fleet test, run in its own JVM: two sockets with leader
 * roles ({@code quotes} and {@code orders}, set on the command line) over a
 * {@link JdbcLockRegistry} on the shared PostgreSQL. The starter builds the leader
 * initiators; this class only declares what an application would.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class FleetNode {

	/** Printed once the web server listens, followed by its port. */
	static final String READY = "FLEET-NODE-READY http-port=";

	@Bean
	HikariDataSource dataSource(@Value("${fleet.jdbc-url}") String url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setUsername("postgres");
		dataSource.setMaximumPoolSize(3);
		// Losing the database must be noticed within a heart-beat or two, well inside the
		// lock's
		// time-to-live: do not wait 30 s for a connection.
		dataSource.setConnectionTimeout(1000);
		dataSource.setValidationTimeout(500);
		dataSource.setInitializationFailTimeout(-1);
		return dataSource;
	}

	@Bean
	DataSourceTransactionManager transactionManager(DataSource dataSource) {
		return new DataSourceTransactionManager(dataSource);
	}

	@Bean
	DefaultLockRepository lockRepository(DataSource dataSource) {
		return new DefaultLockRepository(dataSource);
	}

	@Bean
	JdbcLockRegistry lockRegistry(DefaultLockRepository lockRepository, @Value("${fleet.lock-ttl}") Duration ttl) {
		return new JdbcLockRegistry(lockRepository, ttl);
	}

	@Bean
	HelloSocketFactory quotes(@Value("${fleet.server-port}") int port, @Value("${fleet.instance}") String instance) {
		return new HelloSocketFactory(port, "quotes", instance);
	}

	@Bean
	HelloSocketFactory orders(@Value("${fleet.server-port}") int port, @Value("${fleet.instance}") String instance) {
		return new HelloSocketFactory(port, "orders", instance);
	}

	@EventListener
	void ready(WebServerInitializedEvent event) {
		System.out.println(READY + event.getWebServer().getPort());
	}

	/**
	 * Runs one instance; it halts when the test JVM that started it is gone, so that no
	 * instance outlives a killed build.
	 * @param args Spring Boot arguments
	 */
	public static void main(String[] args) {
		String parent = System.getProperty("fleet.parent-pid");
		if (parent != null) {
			ProcessHandle.of(Long.parseLong(parent))
				.ifPresentOrElse((handle) -> handle.onExit().thenRun(() -> Runtime.getRuntime().halt(3)),
						() -> Runtime.getRuntime().halt(3));
		}
		SpringApplication.run(FleetNode.class, args);
	}

}
