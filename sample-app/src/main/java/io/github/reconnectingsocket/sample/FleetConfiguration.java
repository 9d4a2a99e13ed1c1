package io.github.reconnectingsocket.sample;

import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.jdbc.lock.LockRepository;

/**
 * The {@code fleet} profile: a lock registry on the shared database, on which the starter
 * elects the holder of the {@code echo} socket's leader role
 * ({@code application-fleet.yml}). Run two instances: one holds the socket, the other
 * waits as a standby and takes over when the first stops.
 */
@Configuration(proxyBeanMethods = false)
@Profile("fleet")
class FleetConfiguration {

	@Bean
	DefaultLockRepository lockRepository(DataSource dataSource) {
		return new DefaultLockRepository(dataSource);
	}

	@Bean
	JdbcLockRegistry lockRegistry(LockRepository lockRepository) {
		// Short, for a demo: a killed leader's standby takes over within 5 s.
		return new JdbcLockRegistry(lockRepository, Duration.ofSeconds(5));
	}

}
