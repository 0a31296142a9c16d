package io.mihari.dashboard.incident;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SLA figures of a set of incidents, split by who owed what (docs/sla.md, "Who owes what"). The vendor is judged
 * only on what a person owed: each status-report deadline (on time when a person's report was made by it, late by how
 * long after it a person made it, not written when Mihari had to write it) and each written report 障害報告書. Mihari's
 * own reports (first report 初報, recovery report 復旧報告) and the time any mail took from made to accepted by the
 * SMTP server are Mihari's figures, reported apart and never counted against the vendor.
 * <p>
 * Everything is computed from the instants stored with each report (due, made, accepted), not from stored lateness,
 * so incidents stored before issue 14 — whose {@code lateBySeconds} included the mail's delay — are judged by the same
 * rules.
 */
public final class SlaCompliance {

    private SlaCompliance() {
    }

    /**
     * Mihari's own figures.
     *
     * @param firstReports first reports 初報 owed (one per incident)
     * @param firstReportsOnTime accepted by the SMTP server by their deadline (or not yet due)
     * @param mails reports accepted by the SMTP server (first, status, recovery)
     * @param delayP50Seconds the median of accepted − made over those mails (nearest rank); null when none
     * @param delayMaxSeconds the longest; null when none
     * @param delayMaxReport which report took longest, e.g. {@code INC-20261126-0002 status report #2}
     * @param unsent reports made but not accepted by the SMTP server yet
     * @param notMailed automatic status reports recorded for deadlines that passed while Mihari was not running,
     *        folded into the next report's mail
     * @param notes what Mihari itself fell short on (a first report accepted after its deadline, …)
     */
    public record MihariFigures(int firstReports, int firstReportsOnTime, int mails, Long delayP50Seconds,
            Long delayMaxSeconds, String delayMaxReport, int unsent, int notMailed, List<String> notes) {
    }

    /**
     * One vendor's figures.
     *
     * @param firstReports Mihari's first reports of the vendor's incidents (kept beside the vendor's figures for the
     *        page; the same as {@code mihari.firstReports}, never the vendor's duty)
     * @param firstReportsOnTime of them, accepted by their deadline ({@code mihari.firstReportsOnTime})
     * @param statusReports status-report deadlines the vendor owed that have an answer (a report)
     * @param statusReportsOnTime a person's report made by the deadline
     * @param statusReportsLate a person's report made after the deadline (before Mihari wrote one)
     * @param statusReportsNotWritten nobody wrote: Mihari made an automatic report as of the deadline
     * @param automaticStatusReports every automatic report Mihari made for the vendor's incidents
     * @param statusReportsOnTimePercent on time / owed × 100, null when none was owed
     * @param worstGapSeconds the longest time between two reports (by when they were made) before the provisional
     *        recovery (or now)
     * @param writtenReportsOnTime written reports submitted by their deadline
     * @param writtenReportsOverdue not submitted and past their deadline
     * @param onTimePercent every duty of the vendor (status-report deadlines and written reports submitted or past
     *        their deadline) met on time, × 100; null when nothing was owed yet
     * @param breaches what the vendor failed to do, one line each; never Mihari's processing or mail delay
     * @param mihari Mihari's own figures for the vendor's incidents
     */
    public record VendorCompliance(String vendor, String vendorName, int incidents, int firstReports,
            int firstReportsOnTime, int statusReports, int statusReportsOnTime, int statusReportsLate,
            int statusReportsNotWritten, int automaticStatusReports, Double statusReportsOnTimePercent,
            Long worstGapSeconds, String worstGapIncident, int writtenReportsRequired, int writtenReportsOnTime,
            int writtenReportsOutstanding, int writtenReportsOverdue, Double onTimePercent, List<String> breaches,
            MihariFigures mihari) {
    }

    /** The verdict on one status-report deadline, judged on the vendor. */
    enum Verdict { ON_TIME, LATE, NOT_WRITTEN }

    /**
     * One deadline of an incident and how the party that owed it met it.
     *
     * @param owedBy the party responsible at the deadline, as alert-service stored it; null in documents written
     *        before issue 19 (then the service's vendor)
     */
    record Deadline(Instant dueAt, Verdict verdict, Long lateBySeconds, int seq, String owedBy) {
    }

    /**
     * The status-report deadlines of one SLA record, each judged once: a person's report made by the deadline makes
     * it on time (even when Mihari's automatic report for it came first: the person's command reached Mihari after the
     * tick); otherwise Mihari's automatic report makes it not written; otherwise a person's report after the deadline
     * makes it late by how long after.
     */
    static List<Deadline> deadlines(JsonNode sla) {
        Map<Instant, List<JsonNode>> byDue = new TreeMap<>();
        for (JsonNode r : sla.path("statusReports")) {
            Instant due = instant(r.path("dueAt"));
            if (due != null) {
                byDue.computeIfAbsent(due, k -> new ArrayList<>()).add(r);
            }
        }
        List<Deadline> deadlines = new ArrayList<>();
        byDue.forEach((due, reports) -> {
            JsonNode firstPerson = null;
            JsonNode automatic = null;
            for (JsonNode r : reports) {
                if (r.path("automatic").asBoolean()) {
                    automatic = automatic == null ? r : automatic;
                } else if (instant(r.path("createdAt")) != null && (firstPerson == null
                        || instant(r.path("createdAt")).isBefore(instant(firstPerson.path("createdAt"))))) {
                    firstPerson = r;
                }
            }
            Instant made = firstPerson == null ? null : instant(firstPerson.path("createdAt"));
            String owedBy = reports.stream().map(r -> r.path("owedBy")).filter(JsonNode::isTextual)
                    .map(JsonNode::asText).findFirst().orElse(null);
            if (made != null && !made.isAfter(due)) {
                deadlines.add(new Deadline(due, Verdict.ON_TIME, 0L, firstPerson.path("seq").asInt(), owedBy));
            } else if (automatic != null) {
                deadlines.add(new Deadline(due, Verdict.NOT_WRITTEN, null, automatic.path("seq").asInt(), owedBy));
            } else if (made != null) {
                deadlines.add(new Deadline(due, Verdict.LATE, Duration.between(due, made).toSeconds(),
                        firstPerson.path("seq").asInt(), owedBy));
            }
        });
        return deadlines;
    }

    /** A mail Mihari owed and how long it took from made to accepted; delay null while unsent. */
    record Mail(String report, Long delaySeconds, boolean notMailed) {
    }

    /** Every mail of an incident's SLA record, with its delay from made (as of) to accepted. */
    static List<Mail> mails(IncidentDocument d) {
        JsonNode sla = d.sla();
        List<Mail> mails = new ArrayList<>();
        JsonNode first = sla.path("firstReport");
        if (first.isObject()) {
            Instant made = firstNonNull(instant(first.path("madeAt")), d.openedAt(), d.detectedAt());
            mails.add(new Mail(d.id() + " first report", delay(made, instant(first.path("sentAt"))), false));
        }
        for (JsonNode r : sla.path("statusReports")) {
            boolean automatic = r.path("automatic").asBoolean();
            Instant made = automatic && instant(r.path("dueAt")) != null ? instant(r.path("dueAt"))
                    : instant(r.path("createdAt"));
            mails.add(new Mail(d.id() + " status report #" + r.path("seq").asInt(),
                    delay(made, instant(r.path("sentAt"))), r.path("backfilled").asBoolean()));
        }
        JsonNode recovery = sla.path("recoveryReport");
        if (recovery.isObject()) {
            Instant made = firstNonNull(instant(recovery.path("madeAt")), instant(recovery.path("dueAt")));
            mails.add(new Mail(d.id() + " recovery report", delay(made, instant(recovery.path("sentAt"))), false));
        }
        return mails;
    }

    /** The figures of one vendor's incidents at {@code now} (every duty of them counted as the vendor's). */
    public static VendorCompliance vendor(String vendor, String vendorName, List<IncidentDocument> incidents,
            Instant now) {
        return party(vendor, vendorName, incidents, now);
    }

    /** Who owed a duty: its stored {@code owedBy}, else (documents before issue 19) the service's vendor. */
    static String owner(String owedBy, IncidentDocument d) {
        return owedBy != null ? owedBy : d.vendor();
    }

    /** The party responsible for an incident now: its {@code responsibleParty}, else the service's vendor. */
    static String responsibleNow(IncidentDocument d) {
        JsonNode party = d.responsibleParty();
        if (party != null && party.isObject()) {
            return party.path("id").isTextual() ? party.path("id").asText() : null;
        }
        return party != null && party.isNull() && d.partyIds() != null && !d.partyIds().isEmpty() ? null
                : d.vendor();
    }

    /**
     * Every party an incident concerns: the service's vendor (Mihari's own reports are counted with it) and every
     * party that owed a deadline or its written report, or was ever responsible.
     */
    static java.util.Set<String> partiesOf(IncidentDocument d) {
        java.util.Set<String> parties = new java.util.HashSet<>();
        parties.add(d.vendor());
        if (d.partyIds() != null) {
            parties.addAll(d.partyIds());
        }
        JsonNode sla = d.sla();
        if (sla != null) {
            for (Deadline deadline : deadlines(sla)) {
                parties.add(owner(deadline.owedBy(), d));
            }
            JsonNode written = sla.path("postIncidentReport");
            if (written.isObject()) {
                parties.add(owner(text(written.path("owedBy")), d));
            }
        }
        parties.remove(null);
        return new java.util.TreeSet<>(parties);
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    /**
     * The figures of one responsible party (issue 19: an app vendor, the cloud provider, the carrier or a city) over
     * the incidents that concern it, at {@code now}: only the status-report deadlines it owed ({@code owedBy}), the
     * written reports it owes, and the gaps between reports of the incidents it is responsible for now. Mihari's
     * first reports and mails are counted with the service's vendor only, so a month's totals count each once.
     */
    public static VendorCompliance party(String vendor, String vendorName, List<IncidentDocument> incidents,
            Instant now) {
        int firstReports = 0, firstOnTime = 0;
        int owed = 0, onTime = 0, late = 0, notWritten = 0, automatic = 0;
        int required = 0, writtenOnTime = 0, outstanding = 0, overdue = 0, writtenJudged = 0;
        Long worstGap = null;
        String worstIncident = null;
        List<String> breaches = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Mail> mails = new ArrayList<>();
        for (IncidentDocument d : incidents) {
            JsonNode sla = d.sla();
            if (sla == null || sla.isNull()) {
                continue;
            }
            boolean home = vendor.equals(d.vendor());
            JsonNode first = sla.path("firstReport");
            if (home && first.isObject()) {
                firstReports++;
                Instant due = instant(first.path("dueAt"));
                Instant sent = instant(first.path("sentAt"));
                if (sent != null ? due == null || !sent.isAfter(due) : due == null || !now.isAfter(due)) {
                    firstOnTime++;
                } else {
                    notes.add(d.id() + ": first report " + (sent != null ? "accepted by the mail server "
                            + Duration.between(due, sent).toSeconds() + " s after its deadline"
                            : "not accepted by the mail server yet, due " + due));
                }
            }
            for (JsonNode r : sla.path("statusReports")) {
                if (r.path("automatic").asBoolean() && vendor.equals(owner(text(r.path("owedBy")), d))) {
                    automatic++;
                }
            }
            for (Deadline deadline : deadlines(sla)) {
                if (!vendor.equals(owner(deadline.owedBy(), d))) {
                    continue;
                }
                owed++;
                switch (deadline.verdict()) {
                    case ON_TIME -> onTime++;
                    case LATE -> {
                        late++;
                        breaches.add(d.id() + ": status report #" + deadline.seq() + " made "
                                + deadline.lateBySeconds() + " s after its deadline " + deadline.dueAt());
                    }
                    case NOT_WRITTEN -> {
                        notWritten++;
                        breaches.add(d.id() + ": status report due " + deadline.dueAt()
                                + " not written (Mihari reported automatically, #" + deadline.seq() + ")");
                    }
                }
            }
            // the gap that counts is between reports as they were made, up to the provisional recovery (or now)
            List<Instant> made = new ArrayList<>();
            if (first.isObject()) {
                Instant m = firstNonNull(instant(first.path("madeAt")), d.openedAt(), instant(first.path("sentAt")));
                if (m != null) {
                    made.add(m);
                }
            }
            for (JsonNode r : sla.path("statusReports")) {
                Instant m = r.path("automatic").asBoolean() && instant(r.path("dueAt")) != null
                        ? instant(r.path("dueAt")) : instant(r.path("createdAt"));
                if (m != null) {
                    made.add(m);
                }
            }
            Instant end = d.mitigatedAt() != null ? d.mitigatedAt() : now;
            made.removeIf(end::isBefore);
            made.add(end);
            made.sort(Instant::compareTo);
            for (int i = 1; vendor.equals(responsibleNow(d)) && i < made.size(); i++) {
                long gap = Duration.between(made.get(i - 1), made.get(i)).toSeconds();
                if (worstGap == null || gap > worstGap) {
                    worstGap = gap;
                    worstIncident = d.id();
                }
            }
            JsonNode written = sla.path("postIncidentReport");
            if (written.isObject() && vendor.equals(owner(text(written.path("owedBy")), d))) {
                required++;
                Instant due = instant(written.path("dueAt"));
                Instant submitted = instant(written.path("submittedAt"));
                if (submitted != null) {
                    writtenJudged++;
                    if (due == null || !submitted.isAfter(due)) {
                        writtenOnTime++;
                    } else {
                        breaches.add(d.id() + ": written report submitted "
                                + Duration.between(due, submitted).toSeconds() + " s after its deadline " + due);
                    }
                } else {
                    outstanding++;
                    if (due != null && now.isAfter(due)) {
                        overdue++;
                        writtenJudged++;
                        breaches.add(d.id() + ": written report overdue since " + due);
                    }
                }
            }
            if (home) {
                mails.addAll(mails(d));
            }
        }
        Double statusPercent = owed == 0 ? null : percent(onTime, owed);
        Double allPercent = owed + writtenJudged == 0 ? null : percent(onTime + writtenOnTime, owed + writtenJudged);
        MihariFigures mihari = mihari(firstReports, firstOnTime, mails, notes);
        return new VendorCompliance(vendor, vendorName, incidents.size(), firstReports, firstOnTime, owed, onTime,
                late, notWritten, automatic, statusPercent, worstGap, worstIncident, required, writtenOnTime,
                outstanding, overdue, allPercent, breaches, mihari);
    }

    /** Mihari's figures over several vendors (the month as a whole). */
    public static MihariFigures total(List<IncidentDocument> incidents, List<VendorCompliance> vendors) {
        List<Mail> mails = new ArrayList<>();
        incidents.stream().filter(d -> d.sla() != null && !d.sla().isNull()).forEach(d -> mails.addAll(mails(d)));
        List<String> notes = new ArrayList<>();
        vendors.forEach(v -> notes.addAll(v.mihari().notes()));
        return mihari(vendors.stream().mapToInt(v -> v.mihari().firstReports()).sum(),
                vendors.stream().mapToInt(v -> v.mihari().firstReportsOnTime()).sum(), mails, notes);
    }

    private static MihariFigures mihari(int firstReports, int firstOnTime, List<Mail> mails, List<String> notes) {
        List<Mail> accepted = new ArrayList<>(mails.stream().filter(m -> m.delaySeconds() != null).toList());
        accepted.sort((a, b) -> Long.compare(a.delaySeconds(), b.delaySeconds()));
        Long p50 = accepted.isEmpty() ? null : accepted.get((accepted.size() + 1) / 2 - 1).delaySeconds();
        Mail worst = accepted.isEmpty() ? null : accepted.get(accepted.size() - 1);
        int unsent = (int) mails.stream().filter(m -> m.delaySeconds() == null && !m.notMailed()).count();
        int notMailed = (int) mails.stream().filter(Mail::notMailed).count();
        return new MihariFigures(firstReports, firstOnTime, accepted.size(), p50,
                worst == null ? null : worst.delaySeconds(), worst == null ? null : worst.report(), unsent, notMailed,
                List.copyOf(notes));
    }

    private static Double percent(int part, int whole) {
        return Math.round(part * 1000.0 / whole) / 10.0;
    }

    private static Long delay(Instant made, Instant sent) {
        if (made == null || sent == null) {
            return null;
        }
        return Math.max(0, Duration.between(made, sent).toSeconds());
    }

    private static Instant firstNonNull(Instant... instants) {
        for (Instant i : instants) {
            if (i != null) {
                return i;
            }
        }
        return null;
    }

    /** An instant of the record; null when absent or unreadable (a damaged document is left out, not a crash). */
    static Instant instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
