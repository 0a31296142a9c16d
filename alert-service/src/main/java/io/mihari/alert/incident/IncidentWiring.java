package io.mihari.alert.incident;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.mail.FirstReportMailer;
import io.mihari.alert.mail.IncidentMailer;
import io.mihari.alert.mail.RecoveryMailer;
import io.mihari.alert.maintenance.MaintenanceCalendar;
import io.mihari.alert.mail.MailSent;
import io.mihari.model.status.ServiceStatusRule.ServiceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

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
            FirstReportMailer firstReports, RecoveryMailer recoveries, IncidentMailer mails, AlertConfig config,
            ServiceStatusTracker services, MaintenanceCalendar maintenance,
            io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.Counter opened = io.micrometer.core.instrument.Counter
                .builder("mihari.incidents.opened")
                .description("Incidents whose first report 初報 was queued by this instance").register(registry);
        // opened() is repeated when a save must be retried: count each incident once (the last ids are enough)
        java.util.Set<String> counted = java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(
                new java.util.LinkedHashMap<>() {
                    @Override
                    protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                        return size() > 10_000;
                    }
                }));
        IncidentListener mail = new IncidentListener() {
            @Override
            public void opened(Incident incident) {
                firstReports.opened(incident);
                if (counted.add(incident.id())) {
                    opened.increment();
                }
            }

            @Override
            public void mitigated(Incident incident) {
                recoveries.mitigated(incident);
            }

            @Override
            public void statusReport(Incident incident, SlaRecord.StatusReport report) {
                mails.statusReport(incident, report);
            }

            @Override
            public void statusReminder(Incident incident, Instant due) {
                mails.statusReminder(incident, due);
            }

            @Override
            public void reportRequested(Incident incident) {
                mails.reportRequested(incident);
            }

            @Override
            public void reportReminder(Incident incident, int number) {
                mails.reportReminder(incident, number);
            }

            @Override
            public void reportSubmitted(Incident incident) {
                mails.reportSubmitted(incident);
            }

            @Override
            public void responsibilityMoved(Incident incident) {
                mails.responsibilityMoved(incident);
            }

            @Override
            public void escalated(Incident incident, SlaRecord.EscalationStep step) {
                mails.escalation(incident, step);
            }
        };
        IncidentService incidents = new IncidentService(clock, catalog::get, repository, mail,
                config.incidents().groupingWait(), config.incidents().openAtOnceWhenCritical(), policy(config),
                config.incidents().reopenWithin(), id -> services.status(id) == ServiceStatus.DOWN, maintenance);
        io.micrometer.core.instrument.Timer stageOpen = io.micrometer.core.instrument.Timer
                .builder("mihari.stage.open")
                .description("From detection (the first alert of the group) to its incident stored, grouping wait "
                        + "included")
                .publishPercentiles(0.5, 0.95).register(registry);
        incidents.measureOpening(stageOpen::record);
        return incidents;
    }

    static SlaPolicy policy(AlertConfig config) {
        AlertConfig.Sla sla = config.sla();
        return new SlaPolicy(config.incidents().firstReportDue(), sla.statusReportEvery(), sla.reminderBefore(),
                sla.reportRequiredAfter(), sla.reportDueAfter(), sla.reportReminderBefore(), sla.reportReminderEvery());
    }

    /** The SLA record keeps when each report really went out. */
    void onMailSent(@Observes MailSent sent, IncidentService incidents) {
        try {
            incidents.reportSent(sent.kind(), sent.ref(), sent.incidentId(), sent.sentAt());
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s of %s was sent at %s but the SLA record could not be updated", sent.kind(),
                    sent.incidentId(), sent.sentAt());
        }
    }
}
