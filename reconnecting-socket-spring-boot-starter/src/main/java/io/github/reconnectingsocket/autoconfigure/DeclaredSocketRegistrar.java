package io.github.reconnectingsocket.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.reconnectingsocket.autoconfigure.ReconnectingSocketProperties.SocketProperties;
import io.github.reconnectingsocket.core.ReconnectingSocket;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Registers two beans per socket declared under
 * {@code reconnecting-socket.sockets.<name>.tcp} or {@code .websocket}: its factory,
 * named {@code <name>} (so that the starter manages it as any {@code SocketFactory} bean:
 * settings, lifecycle, events, health, endpoint, meters), and its typed client, named
 * {@code <name>Client} and qualified {@code <name>}. Ordered, so that it runs before
 * {@link ReconnectingSocketBeanDefinitionRegistrar} looks for factories.
 *
 * <p>
 * Both beans are made by instance suppliers, which AOT cannot write as code: they are
 * left out of AOT processing by {@link RuntimeRegisteredBeanAotExcludeFilter}, and
 * registered again at run time, since this registrar runs in an AOT-processed application
 * too.
 */
final class DeclaredSocketRegistrar
		implements BeanDefinitionRegistryPostProcessor, Ordered, EnvironmentAware, ApplicationEventPublisherAware {

	/** Appended to a declared socket's name to name its client bean. */
	static final String CLIENT_SUFFIX = "Client";

	private Environment environment;

	private ApplicationEventPublisher publisher;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public int getOrder() {
		return 0;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		if (!(registry instanceof ConfigurableListableBeanFactory beanFactory)) {
			return;
		}
		for (DeclaredSocket socket : declaredSockets(this.environment)) {
			socket.validate();
			checkUnused(registry, socket, socket.name());
			checkUnused(registry, socket, socket.name() + CLIENT_SUFFIX);
			registry.registerBeanDefinition(socket.name(), factoryDefinition(socket, beanFactory));
			registry.registerBeanDefinition(socket.name() + CLIENT_SUFFIX, clientDefinition(socket, beanFactory));
		}
	}

	private RootBeanDefinition factoryDefinition(DeclaredSocket socket, ConfigurableListableBeanFactory beanFactory) {
		RootBeanDefinition definition = new RootBeanDefinition();
		definition.setTargetType(socket.factoryType());
		definition.setInstanceSupplier(() -> socket.createFactory(beanFactory, this.publisher));
		definition.setAttribute(RuntimeRegisteredBeanAotExcludeFilter.ATTRIBUTE, socket.name());
		return definition;
	}

	private RootBeanDefinition clientDefinition(DeclaredSocket socket, ConfigurableListableBeanFactory beanFactory) {
		String socketBean = socket.name() + ReconnectingSocketBeanDefinitionRegistrar.BEAN_NAME_SUFFIX;
		RootBeanDefinition definition = new RootBeanDefinition();
		definition.setTargetType(socket.clientType());
		definition
			.setInstanceSupplier(() -> socket.createClient(beanFactory.getBean(socketBean, ReconnectingSocket.class)));
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, socket.name()));
		definition.setAttribute(RuntimeRegisteredBeanAotExcludeFilter.ATTRIBUTE, socket.name());
		return definition;
	}

	private static void checkUnused(BeanDefinitionRegistry registry, DeclaredSocket socket, String beanName) {
		if (registry.containsBeanDefinition(beanName)) {
			String kind = (socket instanceof DeclaredTcpSocket) ? "tcp" : "websocket";
			throw new InvalidReconnectingSocketPropertyException(
					ReconnectingSocketSettingsResolver.socketsProperty(socket.name()) + "." + kind, socket.name(),
					"a socket name whose beans '" + socket.name() + "' and '" + socket.name() + CLIENT_SUFFIX
							+ "' do not exist yet: bean '" + beanName + "' is already defined",
					null, null);
		}
	}

	/**
	 * @param environment the environment
	 * @return the sockets declared with {@code tcp} or {@code websocket}, by name
	 * @throws InvalidReconnectingSocketPropertyException when a socket has both
	 */
	static List<DeclaredSocket> declaredSockets(Environment environment) {
		Map<String, SocketProperties> sockets = Binder.get(environment)
			.bind(ReconnectingSocketSettingsResolver.PREFIX + ".sockets",
					Bindable.mapOf(String.class, SocketProperties.class))
			.orElse(Map.of());
		List<DeclaredSocket> declared = new ArrayList<>();
		new TreeMap<>(sockets).forEach((name, socket) -> {
			if (socket.tcp() != null && socket.websocket() != null) {
				throw new DeclaredSocketSupport(name, "tcp", environment).invalid("host", socket.tcp().host(),
						"a socket declared as tcp or as websocket, not both (this one also has websocket.uri "
								+ socket.websocket().uri() + ")",
						null);
			}
			if (socket.tcp() != null) {
				declared.add(new DeclaredTcpSocket(socket.tcp(), new DeclaredSocketSupport(name, "tcp", environment)));
			}
			else if (socket.websocket() != null) {
				declared.add(new DeclaredWebSocket(socket.websocket(),
						new DeclaredSocketSupport(name, "websocket", environment)));
			}
		});
		return declared;
	}

}
