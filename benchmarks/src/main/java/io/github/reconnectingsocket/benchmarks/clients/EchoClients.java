package io.github.reconnectingsocket.benchmarks.clients;

/** N connections to the echo server, driven by an {@link EchoLoad}. */
interface EchoClients extends AutoCloseable {

	/** Opens every connection and waits until all are connected. */
	void open(int port, int connections) throws Exception;

	/**
	 * Sends the first {@code window} lines on every connection; the echoes keep the loop
	 * going.
	 */
	void start(EchoLoad load) throws Exception;

	/**
	 * @return echoes per connection since the last call
	 */
	long[] takeEchoesPerConnection();

	/**
	 * @return per connection, the longest time between two echoes since the last call
	 */
	long[] takeLongestWaitsNanos();

	/**
	 * @return the threads this client runs its I/O on
	 */
	String threads();

}
