package io.github.reconnectingsocket.sample;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ContextConfiguration;

/**
 * The sample on free loopback ports, with quick traffic: a line every 200 ms, a heartbeat
 * every 200 ms and a liveness timeout of {@value #LIVENESS_MILLIS} ms on the {@code echo}
 * socket. Every test class that uses it shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "sample.send-interval=200ms", "reconnecting-socket.sockets.echo.tcp.heartbeat-interval=200ms",
				"reconnecting-socket.sockets.echo.tcp.liveness-timeout=" + SampleAppTest.LIVENESS_MILLIS + "ms" })
@ContextConfiguration(initializers = FreeLoopbackPorts.class)
@interface SampleAppTest {

	/** The {@code echo} socket's liveness timeout in the tests. */
	long LIVENESS_MILLIS = 1000;

}
