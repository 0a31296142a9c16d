package io.mihari.alert.mail;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.incident.Incident;
import io.mihari.alert.incident.ProblemWords;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Language;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the recovery report 復旧報告 of an incident that was provisionally recovered (MITIGATED), one mail per
 * language to the same people as its first report, and puts it in the outbox. It says whether the stop lasted
 * long enough (60 min or more) to require a written post-incident report.
 */
@ApplicationScoped
public class RecoveryMailer {

    static final String KIND = "RECOVERY";
    /** A stop this long or longer needs a written report (the cities' requirement). */
    static final Duration REPORT_REQUIRED_AFTER = Duration.ofMinutes(60);

    private final CatalogHolder catalog;
    private final Outbox outbox;
    private final AlertConfig config;

    RecoveryMailer(CatalogHolder catalog, Outbox outbox, AlertConfig config) {
        this.catalog = catalog;
        this.outbox = outbox;
        this.config = config;
    }

    public void mitigated(Incident incident) {
        for (OutboxMail mail : compose(incident, catalog.get())) {
            outbox.enqueue(mail);
        }
    }

    List<OutboxMail> compose(Incident incident, Catalog catalog) {
        List<OutboxMail> mails = new ArrayList<>();
        for (Map.Entry<Language, Set<String>> entry : FirstReportMailer.addressesByLanguage(incident, catalog)
                .entrySet()) {
            Language language = entry.getKey();
            boolean ja = language == Language.JA;
            RecoveryView view = view(incident, catalog, language);
            String subject = "[Mihari][" + view.tenantName() + "/" + view.systemName() + "][" + incident.id() + "] "
                    + (ja ? "復旧報告: " : "Recovered: ") + view.title();
            String text = (ja ? MailTemplates.recoveryJaText(view) : MailTemplates.recoveryEnText(view)).render();
            String html = (ja ? MailTemplates.recoveryJaHtml(view) : MailTemplates.recoveryEnHtml(view)).render();
            // a reopened incident that recovers again gets a new recovery report
            String id = incident.id() + "-" + KIND + "-" + incident.reopenCount() + "-" + language.code();
            mails.add(OutboxMail.pending(id, incident.id(), KIND, language.code(), List.copyOf(entry.getValue()),
                    subject, text, html, incident.mitigatedAt()));
        }
        return mails;
    }

    /** Whether the outage lasted long enough to require a written post-incident report. */
    static boolean reportRequired(Incident incident) {
        return incident.mitigatedAt() != null
                && incident.downFor(incident.mitigatedAt()).compareTo(REPORT_REQUIRED_AFTER) >= 0;
    }

    /** Who marked the incident recovered, when a person did (the last MITIGATED line of its timeline says). */
    static String markedBy(Incident incident) {
        for (int i = incident.timeline().size() - 1; i >= 0; i--) {
            var entry = incident.timeline().get(i);
            if ("MITIGATED".equals(entry.type())) {
                return entry.author();
            }
        }
        return null;
    }

    static String duration(Duration d, boolean ja) {
        return ProblemWords.duration(d, ja);
    }

    private RecoveryView view(Incident incident, Catalog catalog, Language language) {
        boolean ja = language == Language.JA;
        return new RecoveryView(incident.id(),
                catalog.tenant(incident.tenant()).name().in(language),
                catalog.system(incident.system()).name().in(language),
                catalog.vendor(incident.vendor()).name().in(language),
                FirstReportMailer.title(incident, ja),
                FirstReportMailer.problems(incident, ja),
                ProblemWords.time(incident.startedAt(), ja),
                ProblemWords.time(incident.mitigatedAt(), ja),
                duration(incident.downFor(incident.mitigatedAt()), ja),
                incident.affectedTargets(),
                reportRequired(incident),
                config.mail().dashboardUrl() + "/#/incidents/" + incident.id(), markedBy(incident));
    }
}
