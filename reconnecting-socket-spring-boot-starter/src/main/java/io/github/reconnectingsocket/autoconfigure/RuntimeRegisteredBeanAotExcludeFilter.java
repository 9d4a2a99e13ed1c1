package io.github.reconnectingsocket.autoconfigure;

import org.springframework.beans.factory.aot.BeanRegistrationExcludeFilter;
import org.springframework.beans.factory.support.RegisteredBean;

/**
 * Leaves the bean definitions that the starter's registrars make at run time out of AOT
 * processing: the managed sockets ({@link ReconnectingSocketBeanDefinitionRegistrar}) and
 * the factory and client beans of the sockets declared in configuration
 * ({@link DeclaredSocketRegistrar}). They are made by instance suppliers, which AOT
 * cannot write as code, and both registrars run again when the processed application
 * starts, so they register them then.
 */
class RuntimeRegisteredBeanAotExcludeFilter implements BeanRegistrationExcludeFilter {

	/** Marks a bean definition that a registrar of the starter registers at run time. */
	static final String ATTRIBUTE = RuntimeRegisteredBeanAotExcludeFilter.class.getName() + ".registeredAtRunTime";

	@Override
	public boolean isExcludedFromAotProcessing(RegisteredBean registeredBean) {
		return registeredBean.getMergedBeanDefinition().hasAttribute(ATTRIBUTE);
	}

}
