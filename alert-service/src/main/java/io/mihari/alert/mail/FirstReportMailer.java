package io.mihari.alert.mail;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.incident.Incident;
import io.mihari.alert.incident.IncidentListener;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Contact;
import io.mihari.model.catalog.Language;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the first report 初報 of a new incident to the city's operators and the vendor's contacts,
 * one mail per language, and puts it in the outbox.
 */
@ApplicationScoped
public class FirstReportMailer implements IncidentListener {

    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'JST'").withZone(JST);
    /** The hourly status report interval, for an incident whose record names no next deadline (stored before it did). */
    private static final Duration STATUS_REPORT_INTERVAL = Duration.ofHours(1);
    static final String KIND = "FIRST_REPORT";

    private final CatalogHolder catalog;
    private final Outbox outbox;
    private final AlertConfig config;

    FirstReportMailer(CatalogHolder catalog, Outbox outbox, AlertConfig config) {
        this.catalog = catalog;
        this.outbox = outbox;
        this.config = config;
    }

    @Override
    public void opened(Incident incident) {
        // Only stored here; the outbox's own schedule sends it (within mihari.mail.deliver-every), so no lock
        // of incident management is held while talking to the SMTP server.
        for (OutboxMail mail : compose(incident, catalog.get(), incident.openedAt())) {
            outbox.enqueue(mail);
        }
    }

    List<OutboxMail> compose(Incident incident, Catalog catalog, Instant now) {
        List<OutboxMail> mails = new ArrayList<>();
        for (Map.Entry<Language, Set<String>> entry : addressesByLanguage(incident, catalog).entrySet()) {
            Language language = entry.getKey();
            FirstReportView view = view(incident, catalog, language);
            boolean ja = language == Language.JA;
            String subject = "[Mihari][" + view.tenantName() + "/" + view.systemName() + "][" + incident.id() + "] "
                    + (ja ? "初報: " : "First report: ") + view.title();
            String text = (ja ? MailTemplates.firstReportJaText(view) : MailTemplates.firstReportEnText(view)).render();
            String html = (ja ? MailTemplates.firstReportJaHtml(view) : MailTemplates.firstReportEnHtml(view)).render();
            mails.add(OutboxMail.pending(incident.id() + "-" + KIND + "-" + language.code(), incident.id(), KIND,
                    language.code(), List.copyOf(entry.getValue()), subject, text, html, now));
        }
        return mails;
    }

    /**
     * Who is told: the city's, the vendor's and the service's own contacts, each only about incidents at least
     * as severe as its {@code minSeverity}. When that leaves nobody, everyone is told: an incident is never
     * reported to no one.
     */
    static List<Contact> recipients(Incident incident, Catalog catalog) {
        List<Contact> all = new ArrayList<>(catalog.tenant(incident.tenant()).contacts());
        all.addAll(catalog.vendor(incident.vendor()).contacts());
        catalog.service(incident.serviceId()).ifPresent(s -> all.addAll(s.contacts()));
        List<Contact> wanting = all.stream().filter(c -> c.wants(incident.severity())).toList();
        return wanting.isEmpty() ? all : wanting;
    }

    /** The recipients' addresses, one group per language (one mail per language). */
    static Map<Language, Set<String>> addressesByLanguage(Incident incident, Catalog catalog) {
        Map<Language, Set<String>> byLanguage = new EnumMap<>(Language.class);
        for (Contact contact : recipients(incident, catalog)) {
            byLanguage.computeIfAbsent(contact.language(), k -> new LinkedHashSet<>()).add(contact.email());
        }
        return byLanguage;
    }

    /** What is wrong, by the kind of the incident, in the reader's language. */
    static String title(String kind, boolean ja, String targets) {
        return switch (kind == null ? "LIVENESS" : kind) {
            case "CHECK" -> ja ? "死活監視（稼働確認）の失敗（" + targets + "）" : "liveness check failing on " + targets;
            case "RESOURCE" -> ja ? "リソース使用率の閾値超過（" + targets + "）" : "resource use above threshold on " + targets;
            case "BATCH" -> ja ? "バッチ処理の異常（" + targets + "）" : "batch job problem on " + targets;
            case "OPERATING_STATUS" -> ja ? "アプリケーションの稼働状況が正常でない（" + targets + "）"
                    : "application reports it is not running normally on " + targets;
            default -> ja ? "死活監視で応答なし（" + targets + "）" : "no heartbeat from " + targets;
        };
    }

    private FirstReportView view(Incident incident, Catalog catalog, Language language) {
        boolean ja = language == Language.JA;
        String targets = String.join(ja ? "、" : ", ", incident.affectedTargets());
        String title = title(incident.kind(), ja, targets);
        return new FirstReportView(incident.id(),
                catalog.tenant(incident.tenant()).name().in(language),
                catalog.system(incident.system()).name().in(language),
                catalog.vendor(incident.vendor()).name().in(language),
                title,
                incident.title(),
                TIME.format(incident.startedAt()),
                TIME.format(incident.detectedAt()),
                TIME.format(incident.sla().firstReport().dueAt()),
                TIME.format(incident.sla().nextStatusReportDue() != null ? incident.sla().nextStatusReportDue()
                        : incident.openedAt().plus(STATUS_REPORT_INTERVAL)),
                incident.affectedTargets(),
                config.mail().dashboardUrl() + "/#/incidents/" + incident.id());
    }
}
