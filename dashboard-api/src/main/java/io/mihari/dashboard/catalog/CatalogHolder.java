package io.mihari.dashboard.catalog;

import io.mihari.dashboard.config.DashboardConfig;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogException;
import io.mihari.model.catalog.CatalogLoader;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.Set;

/**
 * The catalog in force. Loaded at start: an invalid catalog stops the service with a message listing every problem
 * with its line, column and key, and no stack trace (a {@link ConfigurationException}, which Quarkus prints as its
 * message only).
 */
// First of all (before the scheduler, which starts at priority 0 and whose reload would otherwise make this bean and
// log the failure with a stack trace): a bad catalog ends the start before anything else runs.
@Startup(Interceptor.Priority.PLATFORM_BEFORE - 1)
@ApplicationScoped
public class CatalogHolder {

    private static final Logger LOG = Logger.getLogger(CatalogHolder.class);

    private volatile Catalog catalog;

    CatalogHolder(DashboardConfig config) {
        try {
            this.catalog = CatalogLoader.load(config.catalog().path());
        } catch (CatalogException e) {
            throw new ConfigurationException(e.getMessage(), Set.of("mihari.catalog.path"));
        }
        LOG.infof("catalog %s: %d services, %d targets", config.catalog().path(), catalog.services().size(),
                catalog.targets().size());
    }

    public Catalog get() {
        return catalog;
    }
}
