package io.github.reconnectingsocket.sample;

import org.springframework.boot.SpringApplication;

/** TEMPORARY: runs the sample with the starter stand-in ({@code mvn spring-boot:test-run}). */
public class TestSampleApplication {

	public static void main(String[] args) {
		SpringApplication.from(SampleApplication::main).with(StarterStandIn.class).run(args);
	}

}
