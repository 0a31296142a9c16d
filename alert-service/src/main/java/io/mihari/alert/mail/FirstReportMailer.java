package io.mihari.alert.mail;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.incident.Incident;
import io.mihari.alert.incident.IncidentListener;
import io.mihari.alert.incident.ProblemWords;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Contact;
import io.mihari.model.catalog.Language;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
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

    /** The hourly status report interval, for an incident whose record names no next deadline (stored before it did). */
    private static final Duration STATUS_REPORT_INTERVAL = Duration.ofHours(1);
    static final String KIND = "FIRST_REPORT";

    private final CatalogHolder catalog;
    private final Outbox outbox;
    private final String dashboardUrl;
    private final MailLayout layout;

    @jakarta.inject.Inject
    FirstReportMailer(CatalogHolder catalog, Outbox outbox, AlertConfig config) {
        this(catalog, outbox, config.mail().dashboardUrl(), MailLayout.TEMPLATES);
    }

    FirstReportMailer(CatalogHolder catalog, Outbox outbox, String dashboardUrl, MailLayout layout) {
        this.catalog = catalog;
        this.outbox = outbox;
        this.dashboardUrl = dashboardUrl;
        this.layout = layout;
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
            MailLayout.Bodies bodies = layout.firstReport(view, ja);
            mails.add(OutboxMail.pending(incident.id() + "-" + KIND + "-" + language.code(), incident.id(), KIND,
                    language.code(), List.copyOf(entry.getValue()), subject, bodies.text(), bodies.html(), now));
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
        String party = incident.owner();
        if (party != null && !party.equals(incident.vendor()) && !party.equals(incident.tenant())) {
            all.addAll(partyContacts(incident, catalog, party)); // the party responsible now, when another
        }
        List<Contact> wanting = all.stream().filter(c -> c.wants(incident.severity())).toList();
        return wanting.isEmpty() ? all : wanting;
    }

    /**
     * The contacts of a responsible party (docs/parties.md): an app vendor's, a cloud provider's or a carrier's from the
     * catalog, the city's own when the party is the incident's city; none when unknown.
     */
    static List<Contact> partyContacts(Incident incident, Catalog catalog, String party) {
        if (party == null) {
            return List.of();
        }
        if (party.equals(incident.tenant())) {
            return catalog.tenant(party).contacts();
        }
        return catalog.party(party).map(io.mihari.model.catalog.Vendor::contacts).orElse(List.of());
    }

    /** The recipients' addresses, one group per language (one mail per language). */
    static Map<Language, Set<String>> addressesByLanguage(Incident incident, Catalog catalog) {
        Map<Language, Set<String>> byLanguage = new EnumMap<>(Language.class);
        for (Contact contact : recipients(incident, catalog)) {
            byLanguage.computeIfAbsent(contact.language(), k -> new LinkedHashSet<>()).add(contact.email());
        }
        return byLanguage;
    }

    /** What is wrong, in the reader's language: each problem by its own kind and target (the incident's title). */
    static String title(Incident incident, boolean ja) {
        return ja ? incident.titleJa() : incident.titleEn();
    }

    /** Each problem of the incident, one line each, as the incident page's timeline says it, since when. */
    static List<String> problems(Incident incident, boolean ja) {
        return incident.problems().stream().map(p -> ProblemWords.line(p).in(ja)).toList();
    }

    private FirstReportView view(Incident incident, Catalog catalog, Language language) {
        boolean ja = language == Language.JA;
        return new FirstReportView(incident.id(),
                catalog.tenant(incident.tenant()).name().in(language),
                catalog.system(incident.system()).name().in(language),
                catalog.vendor(incident.vendor()).name().in(language),
                title(incident, ja),
                problems(incident, ja),
                ProblemWords.time(incident.startedAt(), ja),
                ProblemWords.time(incident.detectedAt(), ja),
                ProblemWords.time(incident.sla().firstReport().dueAt(), ja),
                ProblemWords.time(incident.sla().nextStatusReportDue() != null ? incident.sla().nextStatusReportDue()
                        : incident.openedAt().plus(STATUS_REPORT_INTERVAL), ja),
                incident.affectedTargets(),
                dashboardUrl + "/#/incidents/" + incident.id());
    }
}
