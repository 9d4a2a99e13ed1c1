package io.github.reconnectingsocket.autoconfigure;

import io.github.reconnectingsocket.test.ScriptedSocketFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.StopOutcome;
import io.github.reconnectingsocket.spring.ReconnectingSocketStateChangedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events are published on each socket's own lane, off the state machine: a listener that
 * blocks on one socket's event delays only that socket's later callbacks, and only up to
 * its slow-call threshold, while another socket opens and stops on time.
 */
class SlowEventListenerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReconnectingSocketExecutorAutoConfiguration.class,
				ReconnectingSocketAutoConfiguration.class))
		.withUserConfiguration(TwoFactories.class, BlockingListener.class)
		// Real threads (the core's default executor), so that blocking is real.
		.withPropertyValues("reconnecting-socket.stop-timeout=500ms",
				"reconnecting-socket.sockets.slow.slow-call-threshold=1s");

	@Test
	void aListenerBlockedOnOneSocketsEventDelaysNoOtherSocket() {
		this.contextRunner.run((context) -> {
			BlockingListener listener = context.getBean(BlockingListener.class);
			ScriptedSocketFactory slowFactory = context.getBean("slow", ScriptedSocketFactory.class);
			ScriptedSocketFactory quickFactory = context.getBean("quick", ScriptedSocketFactory.class);
			ReconnectingSocket<?> slow = context.getBean("slowReconnectingSocket", ReconnectingSocket.class);
			ReconnectingSocket<?> quick = context.getBean("quickReconnectingSocket", ReconnectingSocket.class);
			try {
				assertThat(listener.entered.await(5, TimeUnit.SECONDS)).as("listener blocked on slow").isTrue();
				// The other socket opens and stops on time.
				await().atMost(Duration.ofSeconds(2)).until(() -> !quickFactory.sockets().isEmpty());
				quickFactory.last().open();
				await().atMost(Duration.ofSeconds(2)).until(() -> listener.seen.contains("quick: opening -> opened"));
				long began = System.nanoTime();
				StopOutcome outcome = quick.stop().toCompletableFuture().get(2, TimeUnit.SECONDS);
				assertThat(outcome).isEqualTo(StopOutcome.CLOSED);
				assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofMillis(500));
				assertThat(listener.seen).contains("quick: opened -> closing", "quick: closing -> stopped");
				// The blocked socket's machine moved on; its own later callbacks
				// (create()
				// here) wait behind the listener, up to the slow-call threshold, then go
				// on
				// without it while it still blocks.
				assertThat(slow.state()).isEqualTo(SocketState.OPENING);
				await().atMost(Duration.ofSeconds(5)).until(() -> !slowFactory.sockets().isEmpty());
				assertThat(listener.release.getCount()).as("listener still blocked").isEqualTo(1);
				slowFactory.last().open();
				await().atMost(Duration.ofSeconds(2)).until(() -> listener.seen.contains("slow: opening -> opened"));
				assertThat(listener.seen.indexOf("slow: stopped -> opening"))
					.isLessThan(listener.seen.indexOf("slow: opening -> opened"));
				// And it stops on time too.
				assertThat(slow.stop().toCompletableFuture().get(2, TimeUnit.SECONDS)).isEqualTo(StopOutcome.CLOSED);
			}
			finally {
				listener.release.countDown();
			}
		});
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TwoFactories {

		@Bean
		ScriptedSocketFactory slow() {
			return new ScriptedSocketFactory();
		}

		@Bean
		ScriptedSocketFactory quick() {
			return new ScriptedSocketFactory();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class BlockingListener {

		final List<String> seen = new CopyOnWriteArrayList<>();

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@EventListener
		void on(ReconnectingSocketStateChangedEvent event) throws InterruptedException {
			this.seen.add(event.getName() + ": " + event.getFrom().seedName() + " -> " + event.getTo().seedName());
			if (event.getName().equals("slow") && event.getTo() == SocketState.OPENING) {
				this.entered.countDown();
				// Blocks for as long as the test needs: seconds, not a token delay.
				this.release.await(30, TimeUnit.SECONDS);
			}
		}

	}

}
