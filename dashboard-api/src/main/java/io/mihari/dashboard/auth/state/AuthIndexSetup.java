package io.mihari.dashboard.auth.state;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Installs dashboard-api's own index ({@code mihari-auth}) at start. OpenSearch being away does not stop the service:
 * the store installs it before its first write, and until then logins answer 503.
 */
@ApplicationScoped
class AuthIndexSetup {

    private static final Logger LOG = Logger.getLogger(AuthIndexSetup.class);

    void onStart(@Observes StartupEvent start, OpenSearchAuthStore store) {
        try {
            store.install();
        } catch (RuntimeException e) {
            LOG.warnf("login state index not installed yet (%s); logins answer 503 until OpenSearch is reachable",
                    e.getMessage());
        }
    }
}
