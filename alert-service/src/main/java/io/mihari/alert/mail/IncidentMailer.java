package io.mihari.alert.mail;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.incident.Incident;
import io.mihari.alert.incident.Observation;
import io.mihari.alert.incident.PartyRef;
import io.mihari.alert.incident.ProblemWords;
import io.mihari.alert.incident.SlaRecord;
import io.mihari.alert.incident.TimelineEntry;
import io.mihari.alert.incident.WrittenReport;
import io.mihari.alert.store.StateReader;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Contact;
import io.mihari.model.catalog.Language;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The mails of an incident after its first report: status reports 状況報告 (a person's or automatic), the
 * reminder before a status report is due, the request for the written post-incident report 障害報告書, its
 * reminders, and the submitted report. One mail per language; every mail is stored in the outbox under an id
 * fixed by the incident and the report, so queueing it again changes nothing.
 */
@ApplicationScoped
public class IncidentMailer {

    static final String STATUS_REPORT = "STATUS_REPORT";
    static final String STATUS_REMINDER = "STATUS_REMINDER";
    static final String REPORT_REQUEST = "REPORT_REQUEST";
    static final String REPORT_REMINDER = "REPORT_REMINDER";
    static final String REPORT_SUBMITTED = "REPORT_SUBMITTED";
    static final String RESPONSIBILITY = "RESPONSIBILITY";
    static final String ESCALATION = "ESCALATION";

    private static final ZoneId JST = ProblemWords.JST;
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(JST);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(JST);

    private final CatalogHolder catalog;
    private final Outbox outbox;
    private final String dashboardUrl;
    private final Clock clock;
    private final Function<List<String>, List<Observation>> observations;
    private final MailLayout layout;

    @jakarta.inject.Inject
    IncidentMailer(CatalogHolder catalog, Outbox outbox, AlertConfig config, Clock clock, StateReader state) {
        this(catalog, outbox, config.mail().dashboardUrl(), clock, state::latestObservations, MailLayout.TEMPLATES);
    }

    /**
     * @param observations what Mihari last saw of these targets (for automatic status reports), written in each
     *        mail's language by {@link ProblemWords#observation}
     */
    IncidentMailer(CatalogHolder catalog, Outbox outbox, String dashboardUrl, Clock clock,
            Function<List<String>, List<Observation>> observations, MailLayout layout) {
        this.catalog = catalog;
        this.outbox = outbox;
        this.dashboardUrl = dashboardUrl;
        this.clock = clock;
        this.observations = observations;
        this.layout = layout;
    }

    public void statusReport(Incident incident, SlaRecord.StatusReport report) {
        List<Observation> seen = report.automatic() ? observations.apply(incident.affectedTargets()) : List.of();
        queue(composeStatusReport(incident, report, seen, catalog.get()));
    }

    public void statusReminder(Incident incident, Instant due) {
        queue(composeStatusReminder(incident, due, catalog.get(), clock.instant()));
    }

    public void reportRequested(Incident incident) {
        queue(composeReportRequest(incident, catalog.get(), clock.instant(), 0));
    }

    public void reportReminder(Incident incident, int number) {
        queue(composeReportRequest(incident, catalog.get(), clock.instant(), number));
    }

    public void reportSubmitted(Incident incident) {
        queue(composeSubmittedReport(incident, catalog.get(), clock.instant()));
    }

    public void responsibilityMoved(Incident incident) {
        queue(composeResponsibilityMoved(incident, catalog.get(), clock.instant()));
    }

    public void escalation(Incident incident, SlaRecord.EscalationStep step) {
        queue(composeEscalation(incident, step, catalog.get()));
    }

    /**
     * Escalation step {@code step} (docs/sla.md, "Escalation"): to the step's contacts, ja/en by each contact's language
     * (as the catalog's escalation lists it; Japanese for an address it no longer lists), naming the incident, how long
     * it has been unacknowledged and who was mailed before. One mail per step and language
     * ({@code <incident>-ESCALATION-<step>-<ja|en>}): queueing it again changes nothing.
     */
    List<OutboxMail> composeEscalation(Incident incident, SlaRecord.EscalationStep step, Catalog catalog) {
        Map<String, Language> languages = new java.util.HashMap<>();
        catalog.escalation(incident.serviceId()).ifPresent(e -> {
            java.util.stream.Stream.concat(e.steps().stream(), e.offHours().stream())
                    .flatMap(s -> s.contacts().stream()).forEach(c -> languages.putIfAbsent(c.email(), c.language()));
        });
        Map<Language, Set<String>> to = new EnumMap<>(Language.class);
        for (String address : step.to()) {
            to.computeIfAbsent(languages.getOrDefault(address, Language.JA), k -> new LinkedHashSet<>()).add(address);
        }
        java.time.Duration unacknowledged = java.time.Duration.between(incident.criticalSince() != null
                ? incident.criticalSince() : incident.startedAt(), step.dueAt());
        List<OutboxMail> mails = new ArrayList<>();
        for (Map.Entry<Language, Set<String>> e : to.entrySet()) {
            Words t = new Words(e.getKey());
            String waited = ProblemWords.duration(unacknowledged, t.ja);
            List<ReportView.Row> facts = facts(incident, catalog, t);
            facts.add(new ReportView.Row(t.s("状況", "Status"), ProblemWords.status(incident.status()).in(t.ja)));
            facts.add(new ReportView.Row(t.s("未確認の時間", "Unacknowledged for"), waited));
            facts.add(new ReportView.Row(t.s("エスカレーション", "Escalation"), t.s("第" + step.step() + "段階",
                    "step " + step.step()) + (step.offHours() ? t.s("（時間外）", " (off hours)") : "")));
            List<String> before = new ArrayList<>();
            List<String> firstReport = FirstReportMailer.addressesByLanguage(incident, catalog).values().stream()
                    .flatMap(Set::stream).distinct().toList();
            before.add(t.s("初報: ", "First report: ") + String.join(t.ja ? "、" : ", ", firstReport));
            SlaRecord.EscalationClock clock = incident.sla().escalation();
            if (clock != null) {
                clock.steps().stream().filter(s -> s.step() < step.step()).forEach(s -> before.add(t.s(
                        "第" + s.step() + "段階（" + time(s.dueAt(), true) + "）: ",
                        "Step " + s.step() + " (" + time(s.dueAt(), false) + "): ")
                        + String.join(t.ja ? "、" : ", ", s.to())));
            }
            List<ReportView.Section> sections = List.of(new ReportView.Section(t.s("これまでの連絡先", "Mailed before"),
                    String.join("\n", before)));
            String intro = t.s("重大障害 " + incident.id() + " は " + waited + " の間、誰も対応開始（確認）を登録していません。"
                    + "至急状況を確認し、ダッシュボードで「対応開始」を登録してください。登録があるまで次の連絡先へ順に連絡します。",
                    "Nobody has acknowledged the critical incident " + incident.id() + " for " + waited + ". Please look "
                            + "into it now and acknowledge it on the dashboard; until someone does, the next contacts "
                            + "are mailed in turn.");
            String heading = t.s("【エスカレーション第" + step.step() + "段階】未確認の重大障害",
                    "[Escalation step " + step.step() + "] Critical incident not acknowledged");
            ReportView view = view(incident, catalog, t, intro, facts, sections, List.of());
            mails.add(mail(incident, catalog, t, ESCALATION, Integer.toString(step.step()),
                    "ESCALATION-" + step.step(), heading, view, e.getValue(), step.madeAt()));
        }
        return mails;
    }

    /**
     * To the party the incident moved to (its contacts, ja/en per contact): it is now responsible, with its 初報 deadline
     * and, after the recovery, the written report it owes. One mail per move ({@code RESPONSIBLE-<n>}).
     */
    List<OutboxMail> composeResponsibilityMoved(Incident incident, Catalog catalog, Instant now) {
        PartyRef party = incident.responsibleParty();
        if (party == null) {
            return List.of();
        }
        List<OutboxMail> mails = new ArrayList<>();
        Map<Language, Set<String>> to = byLanguage(FirstReportMailer.partyContacts(incident, catalog, party.id()));
        for (Map.Entry<Language, Set<String>> e : to.entrySet()) {
            Words t = new Words(e.getKey());
            ProblemWords.Text kind = ProblemWords.partyKind(party.kind());
            List<ReportView.Row> facts = facts(incident, catalog, t);
            facts.add(new ReportView.Row(t.s("責任区分", "Attribution"),
                    ProblemWords.attribution(incident.attribution()).in(t.ja)));
            facts.add(new ReportView.Row(t.s("責任の移った日時", "Attributed to you at"), time(party.since(), t.ja)));
            SlaRecord sla = incident.sla();
            boolean firstReportDue = sla.nextStatusReportDue() != null && sla.nextStatusReportPartyFirstReport()
                    && party.id().equals(sla.nextStatusReportOwedBy());
            if (firstReportDue) {
                facts.add(new ReportView.Row(t.s("初報期限", "First report due"),
                        time(sla.nextStatusReportDue(), t.ja)));
            }
            SlaRecord.ReportClock written = sla.postIncidentReport();
            boolean reportOwed = written != null && written.submittedAt() == null && party.id().equals(
                    written.owedBy());
            if (reportOwed) {
                facts.add(new ReportView.Row(t.s("障害報告書の提出期限", "Post-incident report due"),
                        time(written.dueAt(), t.ja)));
            }
            String intro = t.s("この障害の責任区分が貴社（" + kind.ja() + "）となりました。"
                    + (firstReportDue ? "初報を " + time(sla.nextStatusReportDue(), true) + " までに、その後は暫定復旧まで"
                            + "定期的に状況報告をダッシュボードから登録してください。" : "")
                    + (reportOwed ? "障害報告書の提出をお願いします（期限 " + time(written.dueAt(), true) + "）。" : ""),
                    "This incident is now attributed to you (" + kind.en() + "). "
                            + (firstReportDue ? "Please post your first report on the dashboard by "
                                    + time(sla.nextStatusReportDue(), false) + ", then status reports regularly until "
                                    + "provisional recovery. " : "")
                            + (reportOwed ? "Please submit the post-incident report by " + time(written.dueAt(), false)
                                    + "." : ""));
            String heading = t.s("この障害の責任区分が貴社（" + kind.ja() + "）となりました",
                    "This incident is now attributed to you");
            ReportView view = view(incident, catalog, t, intro, facts, List.of(), List.of());
            int n = incident.responsibility().size();
            mails.add(mail(incident, catalog, t, RESPONSIBILITY, Integer.toString(n), "RESPONSIBLE-" + n, heading,
                    view, e.getValue(), now));
        }
        return mails;
    }

    private static Map<Language, Set<String>> byLanguage(List<Contact> contacts) {
        Map<Language, Set<String>> byLanguage = new EnumMap<>(Language.class);
        for (Contact c : contacts) {
            byLanguage.computeIfAbsent(c.language(), k -> new LinkedHashSet<>()).add(c.email());
        }
        return byLanguage;
    }

    private void queue(List<OutboxMail> mails) {
        mails.forEach(outbox::enqueue);
    }

    List<OutboxMail> composeStatusReport(Incident incident, SlaRecord.StatusReport report, List<Observation> seen,
            Catalog catalog) {
        List<OutboxMail> mails = new ArrayList<>();
        for (Map.Entry<Language, Set<String>> e : FirstReportMailer.addressesByLanguage(incident, catalog).entrySet()) {
            Words t = new Words(e.getKey());
            List<ReportView.Row> facts = facts(incident, catalog, t);
            facts.add(new ReportView.Row(t.s("状況", "Status"), ProblemWords.status(incident.status()).in(t.ja)));
            facts.add(new ReportView.Row(t.s("継続時間", "Duration so far"),
                    RecoveryMailer.duration(incident.downFor(report.createdAt()), t.ja)));
            facts.add(new ReportView.Row(t.s("報告日時", "Reported at"), time(report.createdAt(), t.ja)));
            facts.add(new ReportView.Row(t.s("報告者", "Reported by"), report.automatic()
                    ? t.s("Mihari（自動）", "Mihari (automatic)") : report.author()));
            if (incident.sla().nextStatusReportDue() != null) {
                facts.add(new ReportView.Row(t.s("次回報告期限", "Next report due"),
                        time(incident.sla().nextStatusReportDue(), t.ja)));
            }
            String owner = report.owedBy() != null ? report.owedBy() : incident.owner();
            if (owner != null && !owner.equals(incident.vendor())) {
                facts.add(new ReportView.Row(t.s("報告を負う事業者", "Owed by"), partyName(incident, catalog, owner, t)));
            }
            List<ReportView.Section> sections = new ArrayList<>();
            String intro;
            if (report.automatic()) {
                intro = t.s("期限（" + time(report.dueAt(), t.ja) + "）までに状況報告の登録がなかったため、Mihari が監視で"
                        + "把握している状況を自動でお知らせします。運用事業者は状況報告を登録してください。",
                        "Nobody posted a status report by its deadline (" + time(report.dueAt(), t.ja) + "), so Mihari "
                                + "reports what its monitoring observes. The vendor is asked to post an update.");
                List<String> lines = new ArrayList<>();
                lines.add(t.s("発生日時: ", "Down since: ") + time(incident.startedAt(), t.ja));
                lines.add(t.s("影響サーバ: ", "Affected targets: ") + String.join(t.ja ? "、" : ", ",
                        incident.affectedTargets()));
                lines.add(t.s("継続中の事象: ", "Problems still active: ") + incident.activeAlerts().size());
                incident.problems().stream().filter(p -> incident.activeAlerts().contains(p.key()))
                        .forEach(p -> lines.add("・" + ProblemWords.line(p).in(t.ja)));
                seen.forEach(o -> lines.add(ProblemWords.observation(o).in(t.ja)));
                sections.add(new ReportView.Section(t.s("監視で把握している状況", "What the monitoring observes"),
                        String.join("\n", lines)));
            } else {
                intro = t.s(report.author() + " 様より状況報告がありましたのでお知らせします。",
                        report.author() + " posted a status report.");
                sections.add(new ReportView.Section(t.s("報告内容", "Update"), report.message()));
            }
            String heading = t.s("状況報告 #" + report.seq() + (report.automatic() ? "（自動）" : ""),
                    "Status report #" + report.seq() + (report.automatic() ? " (automatic)" : ""));
            ReportView view = view(incident, catalog, t, intro, facts, sections, List.of());
            mails.add(mail(incident, catalog, t, STATUS_REPORT, Integer.toString(report.seq()),
                    "STATUS-" + report.seq(), heading, view, e.getValue(), report.createdAt()));
        }
        return mails;
    }

    List<OutboxMail> composeStatusReminder(Incident incident, Instant due, Catalog catalog, Instant now) {
        List<OutboxMail> mails = new ArrayList<>();
        for (Map.Entry<Language, Set<String>> e : partyAddresses(incident, catalog, incident.statusReportOwner())
                .entrySet()) {
            Words t = new Words(e.getKey());
            List<ReportView.Row> facts = facts(incident, catalog, t);
            facts.add(new ReportView.Row(t.s("報告期限", "Due"), time(due, t.ja)));
            Instant last = incident.sla().statusReports().isEmpty() ? incident.openedAt()
                    : incident.sla().statusReports().get(incident.sla().statusReports().size() - 1).createdAt();
            facts.add(new ReportView.Row(t.s("前回の報告", "Previous report"), time(last, t.ja)));
            String intro = t.s("障害 " + incident.id() + " の次回状況報告の期限は " + time(due, t.ja) + " です。"
                    + "ダッシュボードから状況報告を登録してください。期限までに登録がない場合、Mihari が監視状況を自動で報告します。",
                    "The next status report of incident " + incident.id() + " is due at " + time(due, t.ja)
                            + ". Please post it on the dashboard; if nobody does, Mihari sends an automatic report.");
            String heading = t.s("状況報告期限のお知らせ（" + CLOCK_TIME.format(due) + " まで）",
                    "Reminder: status report due by " + CLOCK_TIME.format(due) + " JST");
            ReportView view = view(incident, catalog, t, intro, facts, List.of(), List.of());
            mails.add(mail(incident, catalog, t, STATUS_REMINDER, Long.toString(due.getEpochSecond()),
                    "REMINDER-" + due.getEpochSecond(), heading, view, e.getValue(), now));
        }
        return mails;
    }

    /** @param reminder 0 for the request itself, then the reminder's number */
    List<OutboxMail> composeReportRequest(Incident incident, Catalog catalog, Instant now, int reminder) {
        SlaRecord.ReportClock clock = incident.sla().postIncidentReport();
        List<OutboxMail> mails = new ArrayList<>();
        for (Map.Entry<Language, Set<String>> e : partyAddresses(incident, catalog, incident.writtenReportOwner())
                .entrySet()) {
            Words t = new Words(e.getKey());
            List<ReportView.Row> facts = facts(incident, catalog, t);
            facts.add(new ReportView.Row(t.s("暫定復旧", "Provisionally recovered"), time(incident.mitigatedAt(), t.ja)));
            facts.add(new ReportView.Row(t.s("停止時間", "Outage"),
                    RecoveryMailer.duration(incident.downFor(incident.mitigatedAt()), t.ja)));
            facts.add(new ReportView.Row(t.s("提出期限", "Due"), time(clock.dueAt(), t.ja)));
            boolean overdue = !now.isBefore(clock.dueAt());
            String intro = reminder == 0
                    ? t.s("停止が1時間以上に及んだため、障害報告書（経緯・原因・一次対処・恒久対策）の提出をお願いします。"
                            + "期限: " + time(clock.dueAt(), t.ja),
                            "The outage lasted an hour or more: please submit the post-incident report (timeline, cause, "
                                    + "first response, permanent countermeasures) by " + time(clock.dueAt(), t.ja) + ".")
                    : t.s((overdue ? "障害報告書の提出期限を過ぎています。" : "障害報告書が未提出です。")
                            + "ダッシュボードから提出してください。期限: " + time(clock.dueAt(), t.ja),
                            (overdue ? "The post-incident report is overdue. " : "The post-incident report is not in yet. ")
                                    + "Please submit it on the dashboard. Due: " + time(clock.dueAt(), t.ja));
            String heading = reminder == 0 ? t.s("障害報告書のご提出依頼", "Post-incident report requested")
                    : t.s("障害報告書の督促（期限 " + DAY.format(clock.dueAt()) + "）",
                            "Reminder: post-incident report due " + DAY.format(clock.dueAt()));
            ReportView view = view(incident, catalog, t, intro, facts, List.of(), List.of());
            String kind = reminder == 0 ? REPORT_REQUEST : REPORT_REMINDER;
            mails.add(mail(incident, catalog, t, kind, reminder == 0 ? null : Integer.toString(reminder),
                    reminder == 0 ? kind : kind + "-" + reminder, heading, view, e.getValue(), now));
        }
        return mails;
    }

    List<OutboxMail> composeSubmittedReport(Incident incident, Catalog catalog, Instant now) {
        WrittenReport report = incident.writtenReport();
        List<OutboxMail> mails = new ArrayList<>();
        for (Map.Entry<Language, Set<String>> e : FirstReportMailer.addressesByLanguage(incident, catalog).entrySet()) {
            Words t = new Words(e.getKey());
            List<ReportView.Row> facts = facts(incident, catalog, t);
            if (incident.mitigatedAt() != null) {
                facts.add(new ReportView.Row(t.s("暫定復旧", "Provisionally recovered"),
                        time(incident.mitigatedAt(), t.ja)));
                facts.add(new ReportView.Row(t.s("停止時間", "Outage"),
                        RecoveryMailer.duration(incident.downFor(incident.mitigatedAt()), t.ja)));
            }
            facts.add(new ReportView.Row(t.s("提出者", "Submitted by"), report.author()));
            facts.add(new ReportView.Row(t.s("提出日時", "Submitted at"), time(report.submittedAt(), t.ja)));
            if (incident.attribution() != null) {
                facts.add(new ReportView.Row(t.s("責任区分", "Attribution"),
                        ProblemWords.attribution(incident.attribution()).in(t.ja)));
            }
            List<ReportView.Section> sections = new ArrayList<>();
            if (report.timeline() != null && !report.timeline().isBlank()) {
                sections.add(new ReportView.Section(t.s("経緯（報告者による）", "Timeline (as reported)"), report.timeline()));
            }
            sections.add(new ReportView.Section(t.s("原因", "Cause"), report.cause()));
            sections.add(new ReportView.Section(t.s("一次対処", "First response"), report.firstResponse()));
            sections.add(new ReportView.Section(t.s("恒久対策", "Permanent countermeasures"), report.countermeasures()));
            String intro = t.s("障害 " + incident.id() + " の障害報告書が提出されました。Mihari が記録した経緯を添えてお送りします。",
                    "The post-incident report of incident " + incident.id() + " was submitted. Mihari's own timeline "
                            + "of the incident is attached below.");
            ReportView view = view(incident, catalog, t, intro, facts, sections, timeline(incident, t.ja));
            mails.add(mail(incident, catalog, t, REPORT_SUBMITTED, null, "REPORT", t.s("障害報告書", "Post-incident report"),
                    view, e.getValue(), now));
        }
        return mails;
    }

    /** The incident's timeline as Mihari recorded it, one row per line, in the reader's language (as on its page). */
    static List<ReportView.Row> timeline(Incident incident, boolean ja) {
        List<ReportView.Row> rows = new ArrayList<>();
        incident.timeline().stream()
                .sorted(java.util.Comparator.comparing(TimelineEntry::at))
                .forEach(entry -> rows.add(new ReportView.Row(time(entry.at(), ja), (ja ? entry.ja() : entry.en())
                        + (entry.author() != null ? (ja ? "（" + entry.author() + "）" : " (" + entry.author() + ")")
                                : ""))));
        return rows;
    }

    /**
     * The vendor's contacts who want to hear of incidents this severe (reminders and report requests are theirs to
     * act on); everyone told of the incident when that leaves nobody.
     */
    static Map<Language, Set<String>> vendorAddresses(Incident incident, Catalog catalog) {
        return partyAddresses(incident, catalog, incident.vendor());
    }

    /**
     * The contacts of the party that owes what is asked (docs/parties.md: the responsible party — a cloud provider,
     * a carrier, an app vendor, or the city) who want to hear of incidents this severe; everyone told of the incident
     * when that leaves nobody (or nobody owes it).
     */
    static Map<Language, Set<String>> partyAddresses(Incident incident, Catalog catalog, String party) {
        List<Contact> vendor = FirstReportMailer.partyContacts(incident, catalog, party).stream()
                .filter(c -> c.wants(incident.severity())).toList();
        if (vendor.isEmpty()) {
            return FirstReportMailer.addressesByLanguage(incident, catalog);
        }
        Map<Language, Set<String>> byLanguage = new EnumMap<>(Language.class);
        for (Contact c : vendor) {
            byLanguage.computeIfAbsent(c.language(), k -> new LinkedHashSet<>()).add(c.email());
        }
        return byLanguage;
    }

    private List<ReportView.Row> facts(Incident incident, Catalog catalog, Words t) {
        List<ReportView.Row> facts = new ArrayList<>();
        facts.add(new ReportView.Row(t.s("障害番号", "Incident"), incident.id()));
        facts.add(new ReportView.Row(t.s("対象", "Service"), name(incident, catalog, t) + t.s("（運用事業者: ", " (vendor: ")
                + catalog.vendor(incident.vendor()).name().in(t.language) + t.s("）", ")")));
        facts.add(new ReportView.Row(t.s("事象", "Problem"), title(incident, t)));
        facts.add(new ReportView.Row(t.s("発生日時", "Started"), time(incident.startedAt(), t.ja)));
        return facts;
    }

    private ReportView view(Incident incident, Catalog catalog, Words t, String intro, List<ReportView.Row> facts,
            List<ReportView.Section> sections, List<ReportView.Row> timeline) {
        return new ReportView(t.language.code(),
                t.s(name(incident, catalog, t) + " ご担当者様", "To the operators of " + name(incident, catalog, t) + ","),
                intro, facts, sections, t.s("経緯（Mihari の記録）", "Timeline (recorded by Mihari)"), timeline,
                t.s("ダッシュボードで詳細を見る", "Open in the dashboard"), dashboardUrl + "/#/incidents/" + incident.id(),
                t.s("Mihari 運用監視（このメールは自動送信です）", "Mihari operations monitoring (sent automatically)"));
    }

    private OutboxMail mail(Incident incident, Catalog catalog, Words t, String kind, String ref, String idPart,
            String heading, ReportView view, Set<String> to, Instant at) {
        String subject = "[Mihari][" + catalog.tenant(incident.tenant()).name().in(t.language) + "/"
                + catalog.system(incident.system()).name().in(t.language) + "][" + incident.id() + "] " + heading + ": "
                + title(incident, t);
        MailLayout.Bodies bodies = layout.report(view);
        return OutboxMail.pending(incident.id() + "-" + idPart + "-" + t.language.code(), incident.id(), kind, ref,
                t.language.code(), List.copyOf(to), subject, bodies.text(), bodies.html(), at);
    }

    /** A responsible party's name in the reader's language (a city: its name). */
    static String partyName(Incident incident, Catalog catalog, String party, Words t) {
        if (party.equals(incident.tenant())) {
            return catalog.tenant(party).name().in(t.language);
        }
        return catalog.party(party).map(v -> v.name().in(t.language)).orElse(party);
    }

    private static String name(Incident incident, Catalog catalog, Words t) {
        return catalog.tenant(incident.tenant()).name().in(t.language) + " "
                + catalog.system(incident.system()).name().in(t.language);
    }

    private static String title(Incident incident, Words t) {
        return FirstReportMailer.title(incident, t.ja);
    }

    private static String time(Instant at, boolean ja) {
        return ProblemWords.time(at, ja);
    }
}
