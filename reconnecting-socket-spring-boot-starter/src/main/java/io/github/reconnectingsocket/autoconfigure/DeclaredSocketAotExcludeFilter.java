package io.github.reconnectingsocket.autoconfigure;

import org.springframework.beans.factory.aot.BeanRegistrationExcludeFilter;
import org.springframework.beans.factory.support.RegisteredBean;

/**
 * Leaves the factory and client beans of the sockets declared in configuration out of AOT
 * processing: they are made by instance suppliers, which AOT cannot write as code, and
 * {@link DeclaredSocketRegistrar} registers them again when the processed application
 * starts. The managed socket beans derived from them are processed as usual.
 */
class DeclaredSocketAotExcludeFilter implements BeanRegistrationExcludeFilter {

	@Override
	public boolean isExcludedFromAotProcessing(RegisteredBean registeredBean) {
		return registeredBean.getMergedBeanDefinition().hasAttribute(DeclaredSocketRegistrar.DECLARED_ATTRIBUTE);
	}

}
