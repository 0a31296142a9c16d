package io.mihari.alert.incident;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.detect.LineFailoverMonitor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The line failover monitor of this instance's services (fed by {@link IncidentEngine}, which sees their targets). */
@ApplicationScoped
public class LineFailoverWiring {

    @Produces
    @Singleton
    LineFailoverMonitor lineFailoverMonitor(CatalogHolder catalog) {
        return new LineFailoverMonitor(catalog::get);
    }
}
