/**
 * Leader roles: a managed socket that only the instance holding a role opens, on Spring
 * Integration's leader election.
 * {@link io.github.reconnectingsocket.leader.SocketLeadership} is free of Spring
 * Integration types, so that the endpoint, health and meters can read it without it.
 */
@NullMarked
package io.github.reconnectingsocket.leader;

import org.jspecify.annotations.NullMarked;
