package io.github.reconnectingsocket.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketFactory;
import io.github.reconnectingsocket.spring.ReconnectingSocketManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.ResolvableType;

/**
 * Registers one {@link ReconnectingSocket} bean definition per {@link SocketFactory}
 * bean: named {@code <factoryName>ReconnectingSocket}, qualified with the factory's name,
 * typed {@code ReconnectingSocket<S>} after the factory's socket type, and made by
 * {@link ReconnectingSocketManager#createSocket}. A bean already registered under that
 * name wins.
 *
 * <p>
 * It runs after the configuration classes have been processed, so it sees every factory
 * they declare; it only reads bean definitions and never instantiates a bean. Each
 * definition has its type set here, once, and an instance supplier that calls the
 * manager: no factory method for the container to find and call by reflection for each
 * socket. AOT cannot write an instance supplier as code, so the definitions are left out
 * of AOT processing ({@link RuntimeRegisteredBeanAotExcludeFilter}) and registered again
 * when the processed application starts, since this registrar runs then too.
 */
class ReconnectingSocketBeanDefinitionRegistrar implements BeanDefinitionRegistryPostProcessor {

	/** Appended to a factory's bean name to name its socket's bean. */
	static final String BEAN_NAME_SUFFIX = "ReconnectingSocket";

	private static final Log logger = LogFactory.getLog(ReconnectingSocketBeanDefinitionRegistrar.class);

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		if (!(registry instanceof ConfigurableListableBeanFactory beanFactory)) {
			return;
		}
		String[] managers = beanFactory.getBeanNamesForType(ReconnectingSocketManager.class, true, false);
		if (managers.length != 1) {
			if (managers.length > 1) {
				throw new IllegalStateException("Expected a single ReconnectingSocketManager bean to create the "
						+ "managed reconnecting sockets, but found " + managers.length + ": "
						+ String.join(", ", managers));
			}
			logger.debug("No ReconnectingSocketManager bean: no managed reconnecting socket registered");
			return;
		}
		for (String factoryName : socketFactoryNames(beanFactory)) {
			String beanName = factoryName + BEAN_NAME_SUFFIX;
			if (registry.isBeanNameInUse(beanName)) {
				logger.debug("Bean '" + beanName + "' already defined: not registering a managed reconnecting socket "
						+ "for SocketFactory bean '" + factoryName + "'");
				continue;
			}
			registry.registerBeanDefinition(beanName,
					socketDefinition(beanFactory, managers[0], factoryName, socketBeanType(beanFactory, factoryName)));
		}
	}

	private static RootBeanDefinition socketDefinition(BeanFactory beanFactory, String managerName, String factoryName,
			ResolvableType socketType) {
		RootBeanDefinition definition = new RootBeanDefinition(ReconnectingSocket.class);
		definition.setTargetType(socketType);
		// getBean() inside a supplier registers the dependency, as a factory method's
		// arguments would: the socket is destroyed before its factory and the manager.
		definition.setInstanceSupplier(() -> beanFactory.getBean(managerName, ReconnectingSocketManager.class)
			.createSocket(factoryName, beanFactory.getBean(factoryName, SocketFactory.class)));
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, factoryName));
		definition.setAttribute(RuntimeRegisteredBeanAotExcludeFilter.ATTRIBUTE, factoryName);
		// Explicit, so that lazy initialization (spring.main.lazy-initialization) cannot
		// leave a socket out of the registry and the lifecycle.
		definition.setLazyInit(false);
		return definition;
	}

	/**
	 * The factory's socket type, from its bean definition: its class, or its factory
	 * method's generic return type. Raw when it cannot be told.
	 */
	private static ResolvableType socketBeanType(ConfigurableListableBeanFactory beanFactory, String factoryName) {
		// Predicting the type caches the factory method's generic return type in the
		// merged definition.
		beanFactory.getType(factoryName, false);
		ResolvableType factoryType = beanFactory.getMergedBeanDefinition(factoryName).getResolvableType();
		ResolvableType socketType = factoryType.as(SocketFactory.class).getGeneric(0);
		if (socketType.resolve() == null) {
			return ResolvableType.forClass(ReconnectingSocket.class);
		}
		return ResolvableType.forClassWithGenerics(ReconnectingSocket.class, socketType);
	}

	/**
	 * @param beanFactory the bean factory
	 * @return the names of the SocketFactory beans that get a managed socket, without
	 * instantiating any
	 */
	static List<String> socketFactoryNames(ListableBeanFactory beanFactory) {
		List<String> names = new ArrayList<>();
		for (String name : beanFactory.getBeanNamesForType(SocketFactory.class, true, false)) {
			if (!ScopedProxyUtils.isScopedTarget(name)) {
				names.add(name);
			}
		}
		return names;
	}

}
