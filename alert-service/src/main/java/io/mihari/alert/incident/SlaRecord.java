package io.mihari.alert.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When each report of an incident was due, when it was made and when the SMTP server really accepted it — three
 * instants kept apart, because they judge two different parties (docs/sla.md, "Who owes what"): a status report
 * 状況報告 is the vendor's duty and is judged on when a person made it; the first report 初報 and the recovery
 * report 復旧報告 are Mihari's own, and the time any mail took from made to accepted is Mihari's processing and mail
 * delay ({@code mihariDelaySeconds}), never the vendor's breach. Lives with the incident (so every clock survives
 * restarts and failovers); the owner of the incident's service fires what comes due from these instants.
 *
 * @param firstReport the first report 初報 (due at detection + 60 min)
 * @param statusReports every status report 状況報告 so far, by a person or automatic, in order
 * @param nextStatusReportDue when the next status report is due (the previous deadline or person's report + 60 min);
 *        null when none is due (provisionally recovered, or muted by planned maintenance)
 * @param reminders the reminders sent to the vendor before a status report was due
 * @param recoveryReport the recovery report 復旧報告, due at the provisional recovery; null until then
 * @param postIncidentReport the written report 障害報告書 clock; null unless the outage needs one
 * @param muted the incident started inside planned maintenance, or is quiet because its problems are on test or
 *        temporary targets ({@link Incident#quiet()}): no mail, no clock
 * @param nextStatusReportOwedBy the party that owes the report due at {@code nextStatusReportDue} (the party
 *        responsible when the deadline was set, docs/parties.md); null when none is due, and in documents stored
 *        before issue 19 (then the service's vendor)
 * @param nextStatusReportPartyFirstReport the deadline is a newly responsible party's 初報 (responsibility moved to it)
 * @param escalation the escalation of an unacknowledged CRITICAL incident (docs/sla.md, "Escalation"): since when it
 *        is CRITICAL and every step made; null while it never was CRITICAL (and in documents from before issue 20)
 */
public record SlaRecord(Report firstReport, List<StatusReport> statusReports, Instant nextStatusReportDue,
        List<Reminder> reminders, Report recoveryReport, ReportClock postIncidentReport, boolean muted,
        String nextStatusReportOwedBy, boolean nextStatusReportPartyFirstReport, EscalationClock escalation) {

    public SlaRecord {
        statusReports = statusReports == null ? List.of() : List.copyOf(statusReports);
        reminders = reminders == null ? List.of() : List.copyOf(reminders);
    }

    /** A record without escalation (not CRITICAL, or stored before issue 20). */
    public SlaRecord(Report firstReport, List<StatusReport> statusReports, Instant nextStatusReportDue,
            List<Reminder> reminders, Report recoveryReport, ReportClock postIncidentReport, boolean muted,
            String nextStatusReportOwedBy, boolean nextStatusReportPartyFirstReport) {
        this(firstReport, statusReports, nextStatusReportDue, reminders, recoveryReport, postIncidentReport, muted,
                nextStatusReportOwedBy, nextStatusReportPartyFirstReport, null);
    }

    public SlaRecord(Report firstReport, List<StatusReport> statusReports, Instant nextStatusReportDue,
            List<Reminder> reminders, Report recoveryReport, ReportClock postIncidentReport, boolean muted) {
        this(firstReport, statusReports, nextStatusReportDue, reminders, recoveryReport, postIncidentReport, muted,
                null, false);
    }

    public SlaRecord(Report firstReport) {
        this(firstReport, List.of(), null, List.of(), null, null, false);
    }

    public SlaRecord(Report firstReport, Report recoveryReport) {
        this(firstReport, List.of(), null, List.of(), recoveryReport, null, false);
    }

    /**
     * The clocks of an incident opened at {@code openedAt}: first report due, the first status report after it, owed
     * by {@code owner} (null: nobody owes it, no status deadline runs).
     */
    /** As before issue 19: the status clock runs, nobody is named as owing it (the vendor). */
    static SlaRecord opened(Instant detectedAt, Instant openedAt, SlaPolicy policy, boolean muted) {
        return opened(detectedAt, openedAt, policy, muted, "");
    }

    static SlaRecord opened(Instant detectedAt, Instant openedAt, SlaPolicy policy, boolean muted, String owner) {
        boolean runs = !muted && owner != null;
        return new SlaRecord(Report.made(detectedAt.plus(policy.firstReportDue()), openedAt), List.of(),
                runs ? openedAt.plus(policy.statusReportEvery()) : null, List.of(), null, null, muted,
                runs && !owner.isEmpty() ? owner : null, false);
    }

    /**
     * One of Mihari's own reports (the first report 初報, the recovery report 復旧報告).
     *
     * @param dueAt the deadline (first report) or the provisional recovery (recovery report)
     * @param sentAt when the SMTP server accepted the mail, or null while unsent
     * @param automatic whether Mihari wrote it (always, for these two)
     * @param lateBySeconds how long after {@code dueAt} it was made (0 when made by then); for a recovery a person
     *        marked afterwards, how long after the recovery it was marked. Never includes the mail's delay. Documents
     *        stored before issue 14 hold sentAt − dueAt here.
     * @param madeAt when Mihari made it (the first report: when the incident was opened; the recovery report: the
     *        recovery as the monitoring saw it, or when a person's mark was applied); null in documents stored
     *        before issue 14
     * @param mihariDelaySeconds once sent: sentAt − madeAt (never negative), Mihari's processing and mail delay
     */
    public record Report(Instant dueAt, Instant sentAt, boolean automatic, Long lateBySeconds, Instant madeAt,
            Long mihariDelaySeconds) {
        public Report(Instant dueAt, Instant sentAt, boolean automatic, Long lateBySeconds) {
            this(dueAt, sentAt, automatic, lateBySeconds, null, null);
        }

        /** Mihari made it at {@code madeAt}; not sent yet. */
        static Report made(Instant dueAt, Instant madeAt) {
            return new Report(dueAt, null, true, lateBy(dueAt, madeAt), madeAt, null);
        }

        /** When it was made; a document from before issue 14 knows only when it was due. */
        public Instant made() {
            return madeAt != null ? madeAt : dueAt;
        }

        Report sent(Instant at) {
            return new Report(dueAt, at, automatic, lateBySeconds, madeAt, lateBy(made(), at));
        }
    }

    /**
     * One status report 状況報告: owed by the vendor, written by a person or — when nobody had by the deadline —
     * made by Mihari as of that deadline.
     *
     * @param seq 1, 2, 3 … within the incident
     * @param dueAt the deadline it answered (null: written after the provisional recovery, nothing was due)
     * @param createdAt when it was made: a person's, when the person issued it (not when the mail was accepted);
     *        Mihari's automatic one, its deadline (made as of the deadline, whenever the tick ran)
     * @param sentAt when the SMTP server accepted it
     * @param automatic Mihari wrote it because nobody had by the deadline: the vendor's report was not written
     * @param author who wrote it (null when automatic)
     * @param message what was said (a person's text, or Mihari's summary)
     * @param lateBySeconds a person's report: createdAt − dueAt (0 when on time, never the mail's delay); null when
     *        automatic (not written) or nothing was due. Documents stored before issue 14 hold sentAt − dueAt here.
     * @param mihariDelaySeconds once sent: sentAt − createdAt (never negative), Mihari's processing and mail delay
     * @param backfilled made for a deadline that passed while Mihari was not running and another one passed after it:
     *        recorded (the deadline was missed) but not mailed, the latest such report's mail says how things stand
     * @param owedBy the party that owed the deadline {@code dueAt} (responsible at that instant); null when it answered
     *        no deadline (nothing was due, or the author's party did not owe it) and in documents from before issue 19
     * @param partyFirstReport the deadline was a newly responsible party's 初報
     * @param onBehalfOf a city's operator or an administrator recorded it for this party, made when the party
     *        reported ({@code reportedAt} of the command)
     */
    public record StatusReport(int seq, Instant dueAt, Instant createdAt, Instant sentAt, boolean automatic,
            String author, String message, Long lateBySeconds, Long mihariDelaySeconds, boolean backfilled,
            String owedBy, boolean partyFirstReport, String onBehalfOf) {

        public StatusReport(int seq, Instant dueAt, Instant createdAt, Instant sentAt, boolean automatic,
                String author, String message, Long lateBySeconds) {
            this(seq, dueAt, createdAt, sentAt, automatic, author, message, lateBySeconds, null, false);
        }

        public StatusReport(int seq, Instant dueAt, Instant createdAt, Instant sentAt, boolean automatic,
                String author, String message, Long lateBySeconds, Long mihariDelaySeconds, boolean backfilled) {
            this(seq, dueAt, createdAt, sentAt, automatic, author, message, lateBySeconds, mihariDelaySeconds,
                    backfilled, null, false, null);
        }

        /** A report made at {@code createdAt} for the deadline {@code dueAt}, not sent yet (nobody named as owing it). */
        static StatusReport made(int seq, Instant dueAt, Instant createdAt, boolean automatic, String author,
                String message, boolean backfilled) {
            return made(seq, dueAt, createdAt, automatic, author, message, backfilled, null, false, null);
        }

        /** A report made at {@code createdAt} for the deadline {@code dueAt}, not sent yet. */
        static StatusReport made(int seq, Instant dueAt, Instant createdAt, boolean automatic, String author,
                String message, boolean backfilled, String owedBy, boolean partyFirstReport, String onBehalfOf) {
            return new StatusReport(seq, dueAt, createdAt, null, automatic, author, message,
                    automatic || dueAt == null ? null : lateBy(dueAt, createdAt), null, backfilled, owedBy,
                    partyFirstReport, onBehalfOf);
        }

        /** When Mihari owed the mail from: an automatic report's deadline, a person's report's making. */
        Instant owedFrom() {
            return automatic && dueAt != null ? dueAt : createdAt;
        }

        StatusReport sent(Instant at) {
            return new StatusReport(seq, dueAt, createdAt, at, automatic, author, message, lateBySeconds,
                    lateBy(owedFrom(), at), backfilled, owedBy, partyFirstReport, onBehalfOf);
        }
    }

    /**
     * A reminder to the party that owes the status report due at {@code forDue} ({@code owedBy}; null in documents
     * from before issue 19: the vendor) that it is coming, made at {@code at}.
     */
    public record Reminder(Instant forDue, Instant at, String owedBy) {
        public Reminder(Instant forDue, Instant at) {
            this(forDue, at, null);
        }
    }

    /**
     * The written post-incident report's clock.
     *
     * @param dueAt the provisional recovery + the configured days
     * @param requestedAt when the request mail was made
     * @param requestSentAt when the SMTP server accepted it
     * @param reminders when reminders were made
     * @param submittedAt when it was submitted; the clock stops
     * @param lateBySeconds once submitted: how late (0 when on time)
     * @param owedBy the party that owes it: responsible at the provisional recovery, or the one a later
     *        re-attribution moved it to (same due instant); null = nobody (and documents from before issue 19: the
     *        vendor)
     */
    public record ReportClock(Instant dueAt, Instant requestedAt, Instant requestSentAt, List<Instant> reminders,
            Instant submittedAt, Long lateBySeconds, String owedBy) {
        public ReportClock {
            reminders = reminders == null ? List.of() : List.copyOf(reminders);
        }

        public ReportClock(Instant dueAt, Instant requestedAt, Instant requestSentAt, List<Instant> reminders,
                Instant submittedAt, Long lateBySeconds) {
            this(dueAt, requestedAt, requestSentAt, reminders, submittedAt, lateBySeconds, null);
        }

        /** The same clock, owed by {@code party}. */
        public ReportClock owedBy(String party) {
            return new ReportClock(dueAt, requestedAt, requestSentAt, reminders, submittedAt, lateBySeconds, party);
        }

        /** When the next reminder is due: {@code before} the deadline, then every {@code every}; null once submitted. */
        public Instant nextReminder(SlaPolicy policy) {
            if (submittedAt != null) {
                return null;
            }
            Instant first = dueAt.minus(policy.reportReminderBefore());
            Instant last = reminders.isEmpty() ? null : reminders.get(reminders.size() - 1);
            if (last == null || last.isBefore(first)) {
                return first;
            }
            // the next slot of the fixed schedule after the last reminder (a late reminder does not shift it)
            long slot = Duration.between(first, last).toMillis() / policy.reportReminderEvery().toMillis() + 1;
            return first.plus(policy.reportReminderEvery().multipliedBy(slot));
        }
    }

    /** Whole seconds from {@code from} to {@code to}, never negative; null when either is unknown. */
    static Long lateBy(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        return Math.max(0, Duration.between(from, to).toSeconds());
    }

    /** The status report with this number, if any. */
    public StatusReport statusReport(int seq) {
        return statusReports.stream().filter(r -> r.seq() == seq).findFirst().orElse(null);
    }

    /** Whether the reminder for the status report due at {@code due} was made. */
    public boolean remindedFor(Instant due) {
        return reminders.stream().anyMatch(r -> r.forDue().equals(due));
    }

    SlaRecord firstReportSent(Instant at) {
        return firstReport.sentAt() != null ? this : withFirstReport(firstReport.sent(at));
    }

    SlaRecord withFirstReport(Report report) {
        return new SlaRecord(report, statusReports, nextStatusReportDue, reminders, recoveryReport,
                postIncidentReport, muted, nextStatusReportOwedBy, nextStatusReportPartyFirstReport, escalation);
    }

    /**
     * A status report was made at {@code report.createdAt()}: the next is due one interval later (while open), owed by
     * {@code nextOwner}.
     */
    SlaRecord withStatusReport(StatusReport report, Instant nextDue, String nextOwner) {
        List<StatusReport> all = new ArrayList<>(statusReports);
        all.add(report);
        return new SlaRecord(firstReport, all, nextDue, reminders, recoveryReport, postIncidentReport, muted,
                nextDue == null ? null : nextOwner, false, escalation);
    }

    SlaRecord withStatusReport(StatusReport report, Instant nextDue) {
        return withStatusReport(report, nextDue, nextStatusReportOwedBy);
    }

    /** A report that answered no deadline (the clock stands as it was). */
    SlaRecord withUnansweringReport(StatusReport report) {
        List<StatusReport> all = new ArrayList<>(statusReports);
        all.add(report);
        return new SlaRecord(firstReport, all, nextStatusReportDue, reminders, recoveryReport, postIncidentReport,
                muted, nextStatusReportOwedBy, nextStatusReportPartyFirstReport, escalation);
    }

    SlaRecord statusReportSent(int seq, Instant at) {
        List<StatusReport> all = new ArrayList<>();
        boolean changed = false;
        for (StatusReport r : statusReports) {
            if (r.seq() == seq && r.sentAt() == null) {
                all.add(r.sent(at));
                changed = true;
            } else {
                all.add(r);
            }
        }
        return changed ? new SlaRecord(firstReport, all, nextStatusReportDue, reminders, recoveryReport,
                postIncidentReport, muted, nextStatusReportOwedBy, nextStatusReportPartyFirstReport, escalation) : this;
    }

    SlaRecord withReminder(Reminder reminder) {
        List<Reminder> all = new ArrayList<>(reminders);
        all.add(reminder);
        return new SlaRecord(firstReport, statusReports, nextStatusReportDue, all, recoveryReport, postIncidentReport,
                muted, nextStatusReportOwedBy, nextStatusReportPartyFirstReport, escalation);
    }

    /** The next status report is due at {@code due} (null: none), owed by {@code owner}. */
    SlaRecord nextStatusReportDue(Instant due, String owner, boolean partyFirstReport) {
        return new SlaRecord(firstReport, statusReports, due, reminders, recoveryReport, postIncidentReport, muted,
                due == null ? null : owner, due != null && partyFirstReport, escalation);
    }

    /** The maintenance is over at {@code now}: the first report is made now, due one interval later. */
    SlaRecord unmuted(Instant firstReportDue, Instant now, Instant nextStatusDue, String owner) {
        return new SlaRecord(Report.made(firstReportDue, now), statusReports, nextStatusDue, reminders,
                recoveryReport, postIncidentReport, false, nextStatusDue == null ? null : owner, false, escalation);
    }

    /**
     * Provisionally recovered at {@code at}, which Mihari learned at {@code madeAt}: the recovery report is due (and
     * made) now, status reports stop.
     */
    SlaRecord recoveryDue(Instant at, Instant madeAt) {
        return new SlaRecord(firstReport, statusReports, null, reminders, muted ? null : Report.made(at, madeAt),
                postIncidentReport, muted, null, false, escalation);
    }

    /** Provisionally recovered at {@code at}, seen as it happened. */
    SlaRecord recoveryDue(Instant at) {
        return recoveryDue(at, at);
    }

    SlaRecord recoveryReportSent(Instant at) {
        if (recoveryReport == null || recoveryReport.sentAt() != null) {
            return this;
        }
        return new SlaRecord(firstReport, statusReports, nextStatusReportDue, reminders, recoveryReport.sent(at),
                postIncidentReport, muted, nextStatusReportOwedBy, nextStatusReportPartyFirstReport, escalation);
    }

    SlaRecord withPostIncidentReport(ReportClock clock) {
        return new SlaRecord(firstReport, statusReports, nextStatusReportDue, reminders, recoveryReport, clock, muted,
                nextStatusReportOwedBy, nextStatusReportPartyFirstReport, escalation);
    }

    /**
     * The escalation clock of a CRITICAL incident (docs/sla.md, "Escalation エスカレーション"): step k is due at
     * {@code criticalSince} + k × the catalog's {@code after}, and made only while nobody has acknowledged the incident.
     *
     * @param criticalSince the instant the incident became CRITICAL (its start when it opened CRITICAL)
     * @param steps every step made, in order
     */
    public record EscalationClock(Instant criticalSince, List<EscalationStep> steps) {
        public EscalationClock {
            steps = steps == null ? List.of() : List.copyOf(steps);
        }

        /** The number of the next step (1 when none was made). */
        public int nextStep() {
            return steps.size() + 1;
        }

        /** The step with this number, if made. */
        public EscalationStep step(int number) {
            return steps.stream().filter(s -> s.step() == number).findFirst().orElse(null);
        }
    }

    /**
     * One escalation step: who was mailed because nobody had acknowledged the incident by {@code dueAt}.
     *
     * @param step 1, 2, 3 …
     * @param dueAt {@code criticalSince} + step × after: the instant it was owed
     * @param madeAt when Mihari made it (the tick at or after {@code dueAt})
     * @param offHours whether {@code dueAt} was outside business hours (the off-hours contacts were taken)
     * @param to the addresses mailed
     * @param sentAt when the SMTP server accepted the first of its mails; null until then
     */
    public record EscalationStep(int step, Instant dueAt, Instant madeAt, boolean offHours, List<String> to,
            Instant sentAt) {
        public EscalationStep {
            to = to == null ? List.of() : List.copyOf(to);
        }

        EscalationStep sent(Instant at) {
            return sentAt != null ? this : new EscalationStep(step, dueAt, madeAt, offHours, to, at);
        }
    }

    /** The incident is CRITICAL since {@code at}: the escalation clock starts (kept when it already runs). */
    SlaRecord criticalSince(Instant at) {
        if (escalation != null && escalation.criticalSince() != null) {
            return this;
        }
        return withEscalation(new EscalationClock(at, escalation == null ? List.of() : escalation.steps()));
    }

    /** The escalation counts from {@code at} (a quiet incident became an ordinary one, no step made yet). */
    SlaRecord restartEscalation(Instant at) {
        return withEscalation(new EscalationClock(at, escalation == null ? List.of() : escalation.steps()));
    }

    /** Escalation step {@code step} was made. */
    SlaRecord withEscalationStep(EscalationStep step) {
        List<EscalationStep> all = new ArrayList<>(escalation == null ? List.of() : escalation.steps());
        all.add(step);
        return withEscalation(new EscalationClock(escalation == null ? null : escalation.criticalSince(), all));
    }

    /** The SMTP server accepted a mail of escalation step {@code number} at {@code at}. */
    SlaRecord escalationSent(int number, Instant at) {
        if (escalation == null || escalation.step(number) == null || escalation.step(number).sentAt() != null) {
            return this;
        }
        List<EscalationStep> all = new ArrayList<>();
        for (EscalationStep s : escalation.steps()) {
            all.add(s.step() == number ? s.sent(at) : s);
        }
        return withEscalation(new EscalationClock(escalation.criticalSince(), all));
    }

    private SlaRecord withEscalation(EscalationClock clock) {
        return new SlaRecord(firstReport, statusReports, nextStatusReportDue, reminders, recoveryReport,
                postIncidentReport, muted, nextStatusReportOwedBy, nextStatusReportPartyFirstReport, clock);
    }
}
