package io.github.reconnectingsocket.actuate;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.Ordered;

/**
 * Leaves one health contributor out of the root health ({@code /actuator/health}, the
 * primary group) while the groups that include it (readiness) still count it: a lost
 * downstream connection should take an instance out of the load balancer, not make
 * whatever polls the root health think the application is dead and restart it. Every
 * other group and member is untouched.
 *
 * <p>
 * Ordered first, so that Spring Boot's probes post-processor (which adds the liveness and
 * readiness groups and their additional paths) wraps these groups rather than the other
 * way round.
 */
public class RootExcludingHealthEndpointGroups implements HealthEndpointGroupsPostProcessor, Ordered {

	private final String contributorName;

	/**
	 * @param contributorName the name of the contributor to leave out of the root health
	 */
	public RootExcludingHealthEndpointGroups(String contributorName) {
		this.contributorName = contributorName;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		return new Groups(groups, new Primary(groups.getPrimary(), this.contributorName));
	}

	private record Groups(HealthEndpointGroups delegate, HealthEndpointGroup primary) implements HealthEndpointGroups {

		@Override
		public HealthEndpointGroup getPrimary() {
			return this.primary;
		}

		@Override
		public Set<String> getNames() {
			return this.delegate.getNames();
		}

		@Override
		public @Nullable HealthEndpointGroup get(String name) {
			return this.delegate.get(name);
		}

		@Override
		public @Nullable HealthEndpointGroup get(AdditionalHealthEndpointPath path) {
			return this.delegate.get(path);
		}

		@Override
		public Set<HealthEndpointGroup> getAllWithAdditionalPath(WebServerNamespace namespace) {
			return this.delegate.getAllWithAdditionalPath(namespace);
		}

	}

	private record Primary(HealthEndpointGroup delegate, String excluded) implements HealthEndpointGroup {

		@Override
		public boolean isMember(String name) {
			if (name.equals(this.excluded) || name.startsWith(this.excluded + "/")) {
				return false;
			}
			return this.delegate.isMember(name);
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return this.delegate.showComponents(securityContext);
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return this.delegate.showDetails(securityContext);
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return this.delegate.getStatusAggregator();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return this.delegate.getHttpCodeStatusMapper();
		}

		@Override
		public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
			return this.delegate.getAdditionalPath();
		}

	}

}
