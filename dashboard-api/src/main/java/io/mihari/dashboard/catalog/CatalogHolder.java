package io.mihari.dashboard.catalog;

import io.mihari.dashboard.config.DashboardConfig;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The catalog in force. Loaded at start: an invalid catalog stops the service with a message naming the key. */
@Startup
@ApplicationScoped
public class CatalogHolder {

    private static final Logger LOG = Logger.getLogger(CatalogHolder.class);

    private volatile Catalog catalog;

    CatalogHolder(DashboardConfig config) {
        this.catalog = CatalogLoader.load(config.catalog().path());
        LOG.infof("catalog %s: %d services, %d targets", config.catalog().path(), catalog.services().size(),
                catalog.targets().size());
    }

    public Catalog get() {
        return catalog;
    }
}
