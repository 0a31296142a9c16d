package io.mihari.alert.mail;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.incident.ProblemWords;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Contact;
import io.mihari.model.catalog.Language;
import io.mihari.model.catalog.Service;
import io.mihari.model.maintenance.MaintenanceWindow;
import io.mihari.model.maintenance.Recurrence;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The mails of planned maintenance 計画停止, one thread per window and language: a vendor's request goes to the city's
 * contacts (who asked, what, when, whether urgent, how to approve), and is the thread's root; the decision (approved or
 * rejected, with the note) goes to the vendor's contacts and answers it. A window the city or an administrator
 * registers (approved at once) is told to the vendor, as the root of its thread. Every mail goes through the
 * {@link Outbox} under an id fixed by the window and the mail, so queueing it again changes nothing. The mails use the
 * same layout as the incident mails ({@code reportText}/{@code reportHtml}), written in the reader's language.
 */
@ApplicationScoped
public class MaintenanceMailer {

    private static final Logger LOG = Logger.getLogger(MaintenanceMailer.class);

    /** A vendor's request, to the city: the root of the window's thread. */
    public static final String REQUEST = "MAINTENANCE_REQUEST";
    /** The city's (or an administrator's) decision on a request, to the vendor: answers the request. */
    public static final String DECISION = "MAINTENANCE_DECISION";
    /** A window the city or an administrator registered (approved at once), to the vendor: the root of its thread. */
    public static final String REGISTERED = "MAINTENANCE_REGISTERED";
    /** The prefix of a window's thread in {@link OutboxMail#incidentId()} (window ids never collide with incidents'). */
    static final String THREAD = "maintenance.";

    /** A day in Japan time, as {@link ProblemWords#time} writes its date. */
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ProblemWords.JST);

    private final CatalogHolder catalog;
    private final Outbox outbox;
    private final String dashboardUrl;
    private final Clock clock;
    private final MailLayout layout;

    @jakarta.inject.Inject
    MaintenanceMailer(CatalogHolder catalog, Outbox outbox, AlertConfig config, Clock clock) {
        this(catalog, outbox, config.mail().dashboardUrl(), clock, MailLayout.TEMPLATES);
    }

    MaintenanceMailer(CatalogHolder catalog, Outbox outbox, String dashboardUrl, Clock clock, MailLayout layout) {
        this.catalog = catalog;
        this.outbox = outbox;
        this.dashboardUrl = dashboardUrl;
        this.clock = clock;
        this.layout = layout;
    }

    /** Whether a mail of this kind is about a maintenance window (not an incident). */
    public static boolean isMaintenance(String kind) {
        return REQUEST.equals(kind) || DECISION.equals(kind) || REGISTERED.equals(kind);
    }

    /**
     * The window's thread in the outbox ({@link OutboxMail#incidentId()}), usable in a Message-ID: a window id may hold
     * {@code :} and {@code ..}, which a Message-ID may not, so {@code :} is written {@code =} and {@code .} is written
     * {@code +} (neither is allowed in a window id, so no two windows share a thread).
     */
    static String thread(String windowId) {
        return THREAD + windowId.replace(':', '=').replace('.', '+');
    }

    /** The window id of a thread made by {@link #thread}. */
    static String windowOf(String thread) {
        String encoded = thread.startsWith(THREAD) ? thread.substring(THREAD.length()) : thread;
        return encoded.replace('=', ':').replace('+', '.');
    }

    /** A vendor requested {@code window}: the city is asked to approve or reject it. */
    public void requested(MaintenanceWindow window) {
        queue(window, REQUEST);
    }

    /** {@code window} was approved or rejected (or registered, approved at once): the vendor is told. */
    public void decided(MaintenanceWindow window) {
        queue(window, window.requestedByVendor() ? DECISION : REGISTERED);
    }

    private void queue(MaintenanceWindow window, String kind) {
        Catalog c = catalog.get();
        Optional<Service> service = c.service(window.serviceId());
        if (service.isEmpty()) {
            LOG.warnf("maintenance window %s: service %s is not in the catalog; nobody is mailed", window.id(),
                    window.serviceId());
            return;
        }
        Map<Language, Set<String>> to = REQUEST.equals(kind) ? cityAddresses(service.get(), c)
                : vendorAddresses(service.get(), c);
        if (to.isEmpty()) {
            LOG.warnf("maintenance window %s of %s: no contact to mail the %s to", window.id(), window.serviceId(), kind);
            return;
        }
        compose(window, kind, service.get(), c, to, clock.instant()).forEach(outbox::enqueue);
    }

    /** The city's contacts (every one of them: a request is not an incident), else the service's own. */
    static Map<Language, Set<String>> cityAddresses(Service service, Catalog catalog) {
        List<Contact> city = catalog.tenant(service.tenant()).contacts();
        return byLanguage(city.isEmpty() ? service.contacts() : city);
    }

    /** The vendor's contacts, else the service's own. */
    static Map<Language, Set<String>> vendorAddresses(Service service, Catalog catalog) {
        List<Contact> vendor = catalog.vendor(service.vendor()).contacts();
        return byLanguage(vendor.isEmpty() ? service.contacts() : vendor);
    }

    private static Map<Language, Set<String>> byLanguage(List<Contact> contacts) {
        Map<Language, Set<String>> byLanguage = new EnumMap<>(Language.class);
        for (Contact c : contacts) {
            byLanguage.computeIfAbsent(c.language(), k -> new LinkedHashSet<>()).add(c.email());
        }
        return byLanguage;
    }

    List<OutboxMail> compose(MaintenanceWindow w, String kind, Service service, Catalog catalog,
            Map<Language, Set<String>> to, Instant now) {
        List<OutboxMail> mails = new ArrayList<>();
        for (Map.Entry<Language, Set<String>> e : to.entrySet()) {
            Words t = new Words(e.getKey());
            String name = catalog.tenant(service.tenant()).name().in(t.language) + " "
                    + catalog.system(service.system()).name().in(t.language);
            String vendor = catalog.vendor(service.vendor()).name().in(t.language);
            ReportView view = new ReportView(t.language.code(), greeting(kind, name, vendor, t),
                    intro(w, kind, t), facts(w, name, vendor, t), sections(w, kind, t), "", List.of(),
                    t.s("ダッシュボードで確認する", "Open in the dashboard"),
                    dashboardUrl + "/#/maintenance/" + service.id(),
                    t.s("Mihari 運用監視（このメールは自動送信です）", "Mihari operations monitoring (sent automatically)"));
            String subject = "[Mihari][" + catalog.tenant(service.tenant()).name().in(t.language) + "/"
                    + catalog.system(service.system()).name().in(t.language) + "]["
                    + t.s("計画停止 ", "Maintenance ") + w.id() + "] " + heading(w, kind, t) + ": " + w.title() + " ("
                    + when(w, t) + ")";
            String part = REQUEST.equals(kind) ? "REQUEST" : REGISTERED.equals(kind) ? "REGISTERED" : "DECISION";
            MailLayout.Bodies bodies = layout.report(view);
            mails.add(OutboxMail.pending(thread(w.id()) + "-" + part + "-" + t.language.code(), thread(w.id()), kind,
                    w.status() == null ? null : w.status().name(), t.language.code(), List.copyOf(e.getValue()),
                    subject, bodies.text(), bodies.html(), now));
        }
        return mails;
    }

    /** What the mail is, for its subject. */
    static String heading(MaintenanceWindow w, String kind, Words t) {
        String urgent = w.urgent() ? t.s("（緊急）", " (urgent)") : "";
        if (REQUEST.equals(kind)) {
            return t.s("計画停止の承認依頼" + urgent, "Maintenance approval requested" + urgent);
        }
        if (REGISTERED.equals(kind)) {
            return t.s("計画停止の登録" + urgent, "Maintenance registered" + urgent);
        }
        return w.approved() ? t.s("計画停止の承認" + urgent, "Maintenance approved" + urgent)
                : t.s("計画停止の却下" + urgent, "Maintenance rejected" + urgent);
    }

    private static String greeting(String kind, String name, String vendor, Words t) {
        return REQUEST.equals(kind) ? t.s(name + " ご担当者様", "To the operators of " + name + ",")
                : t.s(vendor + " ご担当者様（" + name + "）", "To " + vendor + " (" + name + "),");
    }

    private static String intro(MaintenanceWindow w, String kind, Words t) {
        if (REQUEST.equals(kind)) {
            return t.s(w.createdBy() + " 様から計画停止の申請がありました" + (w.urgent()
                    ? "（緊急: 事前通知期間に満たない申請です）" : "") + "。承認されるまで、この時間は計画停止として扱われず、"
                    + "稼働率の計画時間から除かれません。開始（" + time(w.start(), t) + "）までにダッシュボードで"
                    + "承認または却下してください。開始後は承認できません。",
                    w.createdBy() + " requested planned maintenance" + (w.urgent()
                    ? " (urgent: with less than the contract's notice)" : "") + ". Until it is approved this time is "
                    + "not planned maintenance and stays in the availability's planned time. Please approve or reject "
                    + "it on the dashboard before it starts (" + time(w.start(), t) + "); it cannot be approved "
                    + "once started.");
        }
        // a whole-service window leaves the denominator; a window of some servers counts them as up meanwhile
        String counts = w.targetIds().isEmpty() ? t.s("この時間は稼働率の計画時間から除かれます。",
                "This time is left out of the availability's planned time.")
                : t.s("この間、対象サーバは稼働率の計算で稼働中として扱われます。",
                        "Meanwhile the servers named count as up in the availability.");
        if (REGISTERED.equals(kind)) {
            return t.s(w.decidedBy() + " 様が計画停止を登録しました（承認済み）。" + counts,
                    w.decidedBy() + " registered planned maintenance (approved). " + counts);
        }
        return w.approved()
                ? t.s("申請された計画停止は " + w.decidedBy() + " 様により承認されました。" + counts,
                        "The planned maintenance you requested was approved by " + w.decidedBy() + ". " + counts)
                : t.s("申請された計画停止は " + w.decidedBy() + " 様により却下されました。この時間は計画停止として扱われず、"
                        + "停止した場合は停止時間に数えられます。",
                        "The planned maintenance you requested was rejected by " + w.decidedBy() + ". This time is "
                                + "not planned maintenance: an outage in it counts as downtime.");
    }

    private List<ReportView.Row> facts(MaintenanceWindow w, String name, String vendor, Words t) {
        List<ReportView.Row> facts = new ArrayList<>();
        facts.add(new ReportView.Row(t.s("計画停止", "Window"), w.id()));
        facts.add(new ReportView.Row(t.s("対象", "Service"), name + t.s("（運用事業者: ", " (vendor: ") + vendor
                + t.s("）", ")")));
        facts.add(new ReportView.Row(t.s("作業内容", "Work"), w.title()));
        facts.add(new ReportView.Row(t.s("日時", "When"), when(w, t)));
        facts.add(new ReportView.Row(t.s("対象サーバ", "Servers"), w.targetIds().isEmpty()
                ? t.s("サービス全体", "the whole service") : String.join(t.ja ? "、" : ", ", w.targetIds())));
        facts.add(new ReportView.Row(t.s("緊急", "Urgent"), w.urgent() ? t.s("はい（事前通知期間に満たない）",
                "yes (less than the contract's notice)") : t.s("いいえ", "no")));
        facts.add(new ReportView.Row(w.requestedByVendor() ? t.s("申請者", "Requested by") : t.s("登録者", "Registered by"),
                w.createdBy()));
        facts.add(new ReportView.Row(w.requestedByVendor() ? t.s("申請日時", "Requested at") : t.s("登録日時",
                "Registered at"), time(w.createdAt(), t)));
        if (w.decidedAt() != null && w.requestedByVendor()) {
            facts.add(new ReportView.Row(w.approved() ? t.s("承認者", "Approved by") : t.s("却下した人", "Rejected by"),
                    w.decidedBy()));
            facts.add(new ReportView.Row(w.approved() ? t.s("承認日時", "Approved at") : t.s("却下日時", "Rejected at"),
                    time(w.decidedAt(), t)));
        }
        return facts;
    }

    private static List<ReportView.Section> sections(MaintenanceWindow w, String kind, Words t) {
        if (REQUEST.equals(kind) || w.decisionNote() == null || w.decisionNote().isBlank()) {
            return List.of();
        }
        return List.of(new ReportView.Section(w.approved() ? t.s("コメント", "Note") : t.s("却下の理由",
                "Why it was rejected"), w.decisionNote()));
    }

    /** An instant as every mail writes it: {@code 2026/12/20 02:00:00}, English with {@code JST}. */
    private static String time(Instant at, Words t) {
        return ProblemWords.time(at, t.ja);
    }

    /** When the window applies, in the reader's language (Japan time; a weekly rule in its own zone). */
    static String when(MaintenanceWindow w, Words t) {
        Recurrence r = w.recurrence();
        if (r == null) {
            return time(w.start(), t) + " – " + time(w.end(), t);
        }
        List<String> days = new ArrayList<>();
        for (DayOfWeek d : r.daysOfWeek()) {
            days.add(d.getDisplayName(TextStyle.SHORT, t.ja ? Locale.JAPANESE : Locale.ENGLISH));
        }
        String zone = Recurrence.DEFAULT_ZONE.equals(r.zone()) ? t.s("日本時間", "JST") : r.zone();
        String from = DAY.format(w.start());
        String span = w.end() == null ? t.s(from + " から（終了日なし）", "from " + from + " (no end)")
                : t.s(from + " から " + DAY.format(w.end().minusMillis(1)) + " まで",
                        from + " to " + DAY.format(w.end().minusMillis(1)));
        return t.s("毎週 " + String.join("・", days) + " " + r.startTime() + " から "
                + ProblemWords.duration(r.duration(), true) + "（" + zone + "）、" + span,
                "every " + String.join(", ", days) + " at " + r.startTime() + " for "
                        + ProblemWords.duration(r.duration(), false) + " (" + zone + "), " + span);
    }
}
