/**
 * Runtime glue between reconnecting sockets and a Spring application context: the
 * registry of managed sockets, the manager that builds them, their lifecycle and their
 * application events.
 */
@NullMarked
package io.github.reconnectingsocket.spring;

import org.jspecify.annotations.NullMarked;
