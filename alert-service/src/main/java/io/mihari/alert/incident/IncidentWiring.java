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
            FirstReportMailer firstReports, io.mihari.alert.mail.RecoveryMailer recoveries, AlertConfig config,
            ServiceStatusTracker services) {
        IncidentListener mail = new IncidentListener() {
            @Override
            public void opened(Incident incident) {
                firstReports.opened(incident);
            }

            @Override
            public void mitigated(Incident incident) {
                recoveries.mitigated(incident);
            }
        };
        return new IncidentService(clock, catalog::get, repository, mail,
                config.incidents().groupingWait(), config.incidents().firstReportDue(),
                config.incidents().reopenWithin(), id -> services.status(id) == ServiceStatus.DOWN);
    }

    void onMailSent(@Observes MailSent sent, IncidentService incidents) {
        if ("FIRST_REPORT".equals(sent.kind()) || "RECOVERY".equals(sent.kind())) {
            try {
                incidents.reportSent(sent.kind(), sent.incidentId(), sent.sentAt());
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s of %s was sent at %s but the SLA record could not be updated", sent.kind(),
                        sent.incidentId(), sent.sentAt());
            }
        }
    }
}
