package io.mihari.alert.incident;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.mail.FirstReportMailer;
import io.mihari.alert.mail.MailSent;
import io.mihari.model.status.ServiceStatusRule.ServiceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;

/** Builds the incident service from its parts and tells it when reports went out. */
@ApplicationScoped
public class IncidentWiring {

    private static final Logger LOG = Logger.getLogger(IncidentWiring.class);

    @Produces
    @Singleton
    ServiceStatusTracker serviceStatusTracker(CatalogHolder catalog) {
        return new ServiceStatusTracker(catalog::get);
    }

    @Produces
    @Singleton
    IncidentService incidentService(Clock clock, CatalogHolder catalog, OpenSearchIncidentRepository repository,
            FirstReportMailer firstReports, AlertConfig config, ServiceStatusTracker services) {
        return new IncidentService(clock, catalog::get, repository, firstReports,
                config.incidents().groupingWait(), config.incidents().firstReportDue(),
                config.incidents().reopenWithin(), id -> services.status(id) == ServiceStatus.DOWN);
    }

    void onMailSent(@Observes MailSent sent, IncidentService incidents) {
        if ("FIRST_REPORT".equals(sent.kind())) {
            try {
                incidents.firstReportSent(sent.incidentId(), sent.sentAt());
            } catch (RuntimeException e) {
                LOG.errorf(e, "first report of %s was sent at %s but the SLA record could not be updated",
                        sent.incidentId(), sent.sentAt());
            }
        }
    }
}
