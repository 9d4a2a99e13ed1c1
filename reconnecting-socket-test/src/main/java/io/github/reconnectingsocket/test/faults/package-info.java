/**
 * The loopback fault toolkit: real sockets on 127.0.0.1 that misbehave on demand. A
 * {@link io.github.reconnectingsocket.test.faults.FaultServer} that accepts, refuses,
 * stalls or resets; a {@link io.github.reconnectingsocket.test.faults.FaultProxy} in
 * front of a server to cut or stall a live connection; a
 * {@link io.github.reconnectingsocket.test.faults.Blackhole} that accepts and never
 * answers; a {@link io.github.reconnectingsocket.test.faults.WebSocketServer}; a
 * {@link io.github.reconnectingsocket.test.faults.PortHolder} for a port nothing listens
 * on; {@link io.github.reconnectingsocket.test.faults.Resources} to close them all; and a
 * {@link io.github.reconnectingsocket.test.faults.SignalLog} handle that records signals.
 */
package io.github.reconnectingsocket.test.faults;
