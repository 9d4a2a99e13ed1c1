package io.github.reconnectingsocket.harness;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures the library's WARN lines: the core logs through {@code System.Logger}, which
 * the JDK hands to java.util.logging when nothing else is installed, under the logger
 * {@code io.github.reconnectingsocket.core.ReconnectingSocket}. Close it to detach.
 */
public final class LibraryWarnings implements AutoCloseable {

	/** The core's logger name. */
	public static final String LOGGER = "io.github.reconnectingsocket.core.ReconnectingSocket";

	// A strong reference: java.util.logging holds its loggers weakly.
	private final Logger logger = Logger.getLogger(LOGGER);

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private final Handler handler = new Handler() {

		@Override
		public void publish(LogRecord record) {
			if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
				LibraryWarnings.this.records.add(record);
			}
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	/** Starts capturing. */
	public LibraryWarnings() {
		this.logger.addHandler(this.handler);
	}

	/**
	 * @param fragment a piece of text, such as the instance's name in quotes
	 * @return the warnings whose message contains it
	 */
	public List<LogRecord> containing(String fragment) {
		return this.records.stream().filter((record) -> record.getMessage().contains(fragment)).toList();
	}

	/**
	 * @return every warning so far
	 */
	public List<LogRecord> all() {
		return List.copyOf(this.records);
	}

	@Override
	public void close() {
		this.logger.removeHandler(this.handler);
	}

}
