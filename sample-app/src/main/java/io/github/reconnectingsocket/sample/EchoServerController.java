package io.github.reconnectingsocket.sample;

import java.io.UncheckedIOException;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Control of the embedded echo servers over HTTP, and the sockets' traffic: what the
 * status page's buttons call and what it shows.
 */
@RestController
@RequestMapping(produces = "application/json")
class EchoServerController {

	private final EchoServer server;

	private final WebSocketEchoHandler webSocketEndpoint;

	private final EchoTraffic traffic;

	EchoServerController(EchoServer server, WebSocketEchoHandler webSocketEndpoint, EchoTraffic traffic) {
		this.server = server;
		this.webSocketEndpoint = webSocketEndpoint;
		this.traffic = traffic;
	}

	@GetMapping("/echo-server")
	ServerStatus status() {
		return new ServerStatus(this.server.isRunning(), this.server.isStalled(), this.server.port(),
				this.server.connections());
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

	@PostMapping("/echo-server/stall")
	ServerStatus stall() {
		if (!this.server.isRunning()) {
			// A stopped server refuses connections: there would be nothing to stall.
			throw new ResponseStatusException(HttpStatus.CONFLICT, "The echo server is stopped: start it first");
		}
		this.server.stall();
		return status();
	}

	@PostMapping("/echo-server/resume")
	ServerStatus resume() {
		this.server.resume();
		return status();
	}

	@GetMapping("/ws-echo-endpoint")
	WebSocketEndpointStatus webSocketEndpoint() {
		return new WebSocketEndpointStatus(WebSocketEchoHandler.PATH, this.webSocketEndpoint.sessions());
	}

	@GetMapping("/echo-stats")
	Map<String, EchoTraffic.Stats> stats() {
		return this.traffic.stats();
	}

	/**
	 * @param running whether the server is listening
	 * @param stalled whether it accepts but answers nothing
	 * @param port the port it listens (or last listened) on
	 * @param connections open client connections
	 */
	record ServerStatus(boolean running, boolean stalled, int port, int connections) {
	}

	/**
	 * @param path where the WebSocket echo endpoint is served
	 * @param sessions open WebSocket sessions
	 */
	record WebSocketEndpointStatus(String path, int sessions) {
	}

}
