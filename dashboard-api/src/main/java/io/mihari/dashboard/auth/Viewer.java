package io.mihari.dashboard.auth;

import io.mihari.dashboard.catalog.CatalogHolder;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

/** The person behind the current request and their scope. */
@RequestScoped
public class Viewer {

    private final SecurityIdentity identity;
    private final CatalogHolder catalog;
    private Scope scope;

    Viewer(SecurityIdentity identity, CatalogHolder catalog) {
        this.identity = identity;
        this.catalog = catalog;
    }

    public Scope scope() {
        if (scope == null) {
            if (identity.isAnonymous()) {
                throw new io.quarkus.security.UnauthorizedException();
            }
            String role = identity.getRoles().stream().findFirst().orElse("");
            scope = Scope.of(identity.getPrincipal().getName(), identity.getAttribute(TokenMechanism.NAME), role,
                    identity.getAttribute(TokenMechanism.ORGANISATION), catalog.get());
        }
        return scope;
    }

    /** A service the viewer may not see answers exactly like one that does not exist. */
    public void requireVisible(String serviceId, String what) {
        if (!scope().canSee(serviceId)) {
            throw new NotFoundException("no " + what);
        }
    }

    /** Writes need the role to act on the service (vendors and operators on their own; admins everywhere). */
    public void requireWritable(String serviceId, String what) {
        requireVisible(serviceId, what);
        if (scope().role() == null || scope().role().isBlank()) {
            throw new ForbiddenException("no role to act on " + what);
        }
    }
}
