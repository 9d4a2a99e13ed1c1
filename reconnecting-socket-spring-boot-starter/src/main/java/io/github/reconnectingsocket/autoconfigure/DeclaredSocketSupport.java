package io.github.reconnectingsocket.autoconfigure;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import io.github.reconnectingsocket.core.InvalidOptionException;
import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.spring.ReconnectingSocketManager;
import io.github.reconnectingsocket.spring.ReconnectingSocketMessageEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;

/**
 * What a socket declared under {@code reconnecting-socket.sockets.<name>.tcp} or
 * {@code .websocket} needs besides its properties: property names and origins for
 * failures, the message events, and TLS material from an SSL bundle that reconnects the
 * socket when the bundle is reloaded.
 */
final class DeclaredSocketSupport {

	/**
	 * The clients' option names that are not simply their property's name in camel case.
	 */
	private static final Map<String, String> OPTION_KEYS = Map.of("heartbeat.interval", "heartbeat-interval", "header",
			"headers");

	private final String name;

	private final String prefix;

	private final Environment environment;

	DeclaredSocketSupport(String name, String kind, Environment environment) {
		this.name = name;
		this.prefix = ReconnectingSocketSettingsResolver.socketsProperty(name) + "." + kind;
		this.environment = environment;
	}

	String name() {
		return this.name;
	}

	String property(String key) {
		return this.prefix + "." + key;
	}

	/**
	 * @param build builds the client's factory or options
	 * @param <T> what it builds
	 * @return it
	 * @throws InvalidReconnectingSocketPropertyException for an option the client
	 * refused, named as a property
	 */
	/**
	 * A client option's name as its property spells it: {@code connectTimeout} to
	 * {@code connect-timeout}.
	 */
	private static String kebabCase(String option) {
		StringBuilder key = new StringBuilder(option.length() + 4);
		for (char c : option.toCharArray()) {
			if (Character.isUpperCase(c)) {
				key.append('-').append(Character.toLowerCase(c));
			}
			else {
				key.append(c);
			}
		}
		return key.toString();
	}

	<T> T checked(Supplier<T> build) {
		try {
			return build.get();
		}
		catch (InvalidOptionException ex) {
			String key = OPTION_KEYS.getOrDefault(ex.option(), kebabCase(ex.option()));
			throw invalid(key, ex.value(), ex.allowed(), ex);
		}
	}

	InvalidReconnectingSocketPropertyException invalid(String key, @Nullable Object value, String allowed,
			@Nullable Throwable cause) {
		ConfigurationProperty configured = find(ConfigurationPropertyName.of(property(key)));
		return new InvalidReconnectingSocketPropertyException(property(key),
				(configured != null) ? configured.getValue() : value, allowed,
				(configured != null) ? configured.getOrigin() : null, cause);
	}

	private @Nullable ConfigurationProperty find(ConfigurationPropertyName propertyName) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(propertyName);
			if (property != null) {
				return property;
			}
		}
		return null;
	}

	/**
	 * @return publishes each message as a {@link ReconnectingSocketMessageEvent}; a
	 * failing listener is logged
	 */
	<M> Consumer<M> messagePublisher(ApplicationEventPublisher publisher) {
		Log log = LogFactory.getLog(ReconnectingSocketManager.LOGGER_PREFIX + this.name);
		return (message) -> {
			try {
				publisher.publishEvent(new ReconnectingSocketMessageEvent(this.name, message));
			}
			catch (RuntimeException ex) {
				log.warn("An application listener failed to handle a message of socket '" + this.name
						+ "'; the socket reads on", ex);
			}
		};
	}

	/**
	 * The TLS material of an SSL bundle, replaced when the bundle is reloaded, after
	 * which the socket reconnects so that its next connection uses it.
	 * @param bundleName the bundle's name
	 * @param beanFactory where the SSL bundles and the socket are
	 * @return the current context, for the client to read at each attempt
	 */
	Supplier<SSLContext> sslContext(String bundleName, ListableBeanFactory beanFactory) {
		SslBundles bundles = beanFactory.getBeanProvider(SslBundles.class).getIfAvailable();
		if (bundles == null) {
			throw invalid("ssl-bundle", bundleName, "the name of an SSL bundle, with Spring Boot's SSL bundles "
					+ "auto-configured (SslAutoConfiguration, spring.ssl.bundle.*)", null);
		}
		SslBundle bundle;
		try {
			bundle = bundles.getBundle(bundleName);
		}
		catch (NoSuchSslBundleException ex) {
			String known = bundles.getBundleNames().isEmpty() ? "there is none"
					: String.join(", ", bundles.getBundleNames());
			throw invalid("ssl-bundle", bundleName, "the name of a bundle under spring.ssl.bundle.* (" + known + ")",
					ex);
		}
		AtomicReference<SSLContext> current = new AtomicReference<>(bundle.createSslContext());
		bundles.addBundleUpdateHandler(bundleName, (updated) -> {
			current.set(updated.createSslContext());
			reconnect(bundleName, beanFactory);
		});
		return current::get;
	}

	private void reconnect(String bundleName, ListableBeanFactory beanFactory) {
		String socketBean = this.name + ReconnectingSocketBeanDefinitionRegistrar.BEAN_NAME_SUFFIX;
		LogFactory.getLog(ReconnectingSocketManager.LOGGER_PREFIX + this.name)
			.info("SSL bundle '" + bundleName + "' reloaded: socket '" + this.name
					+ "' reconnects with the new material");
		beanFactory.getBean(socketBean, ReconnectingSocket.class).reconnect();
	}

}
