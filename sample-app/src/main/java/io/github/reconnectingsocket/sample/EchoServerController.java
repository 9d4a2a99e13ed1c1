package io.github.reconnectingsocket.sample;

import java.io.UncheckedIOException;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Control of the embedded echo server over HTTP, and the echo client's counts: what the
 * status page's buttons call.
 */
@RestController
@RequestMapping(produces = "application/json")
class EchoServerController {

	private final EchoServer server;

	private final EchoClient client;

	EchoServerController(EchoServer server, EchoClient client) {
		this.server = server;
		this.client = client;
	}

	@GetMapping("/echo-server")
	ServerStatus status() {
		return new ServerStatus(this.server.isRunning(), this.server.port(), this.server.connections());
	}

	@PostMapping("/echo-server/stop")
	ServerStatus stop() {
		this.server.stop();
		return status();
	}

	@PostMapping("/echo-server/start")
	ServerStatus start() {
		try {
			this.server.start();
		}
		catch (UncheckedIOException ex) {
			throw new ResponseStatusException(HttpStatus.CONFLICT, ex.getMessage(), ex);
		}
		return status();
	}

	@GetMapping("/echo-stats")
	EchoClient.Stats stats() {
		return this.client.stats();
	}

	/**
	 * @param running whether the server is listening
	 * @param port the port it listens (or last listened) on
	 * @param connections open client connections
	 */
	record ServerStatus(boolean running, int port, int connections) {
	}

}
