package io.mihari.alert.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When each report of an incident was due, when it was made and when the SMTP server really accepted it. Lives
 * with the incident (so every clock survives restarts and failovers); the owner of the incident's service fires
 * what comes due from these instants.
 *
 * @param firstReport the first report 初報 (due at detection + 60 min)
 * @param statusReports every status report 状況報告 so far, by a person or automatic, in order
 * @param nextStatusReportDue when the next status report is due (the previous report + 60 min); null when none is
 *        due (provisionally recovered, or muted by planned maintenance)
 * @param reminders the reminders sent to the vendor before a status report was due
 * @param recoveryReport the recovery report 復旧報告, due at the provisional recovery; null until then
 * @param postIncidentReport the written report 障害報告書 clock; null unless the outage needs one
 * @param muted the incident started inside planned maintenance: no mail, no clock
 */
public record SlaRecord(Report firstReport, List<StatusReport> statusReports, Instant nextStatusReportDue,
        List<Reminder> reminders, Report recoveryReport, ReportClock postIncidentReport, boolean muted) {

    public SlaRecord {
        statusReports = statusReports == null ? List.of() : List.copyOf(statusReports);
        reminders = reminders == null ? List.of() : List.copyOf(reminders);
    }

    public SlaRecord(Report firstReport) {
        this(firstReport, List.of(), null, List.of(), null, null, false);
    }

    public SlaRecord(Report firstReport, Report recoveryReport) {
        this(firstReport, List.of(), null, List.of(), recoveryReport, null, false);
    }

    /** The clocks of an incident opened at {@code openedAt}: first report due, the first status report after it. */
    static SlaRecord opened(Instant detectedAt, Instant openedAt, SlaPolicy policy, boolean muted) {
        return new SlaRecord(new Report(detectedAt.plus(policy.firstReportDue()), null, true, null), List.of(),
                muted ? null : openedAt.plus(policy.statusReportEvery()), List.of(), null, null, muted);
    }

    /**
     * @param dueAt the deadline
     * @param sentAt when the SMTP server accepted the mail, or null while unsent
     * @param automatic whether Mihari wrote it (true) or a person did
     * @param lateBySeconds once sent: how late it was (0 when on time); the breach, told truthfully
     */
    public record Report(Instant dueAt, Instant sentAt, boolean automatic, Long lateBySeconds) {
        public Report(Instant dueAt, Instant sentAt, boolean automatic) {
            this(dueAt, sentAt, automatic, lateBy(dueAt, sentAt));
        }

        Report sent(Instant at) {
            return new Report(dueAt, at, automatic);
        }
    }

    /**
     * One status report 状況報告.
     *
     * @param seq 1, 2, 3 … within the incident
     * @param dueAt the deadline it answered
     * @param createdAt when it was written (a person) or made (Mihari); the next one is due from here
     * @param sentAt when the SMTP server accepted it
     * @param automatic Mihari wrote it because nobody had by the deadline
     * @param author who wrote it (null when automatic)
     * @param message what was said (a person's text, or Mihari's summary)
     * @param lateBySeconds once sent: how late after the deadline (0 when on time)
     */
    public record StatusReport(int seq, Instant dueAt, Instant createdAt, Instant sentAt, boolean automatic,
            String author, String message, Long lateBySeconds) {
        StatusReport sent(Instant at) {
            return new StatusReport(seq, dueAt, createdAt, at, automatic, author, message, lateBy(dueAt, at));
        }
    }

    /** A reminder to the vendor that the status report due at {@code forDue} is coming, made at {@code at}. */
    public record Reminder(Instant forDue, Instant at) {
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
     */
    public record ReportClock(Instant dueAt, Instant requestedAt, Instant requestSentAt, List<Instant> reminders,
            Instant submittedAt, Long lateBySeconds) {
        public ReportClock {
            reminders = reminders == null ? List.of() : List.copyOf(reminders);
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

    static Long lateBy(Instant dueAt, Instant sentAt) {
        if (dueAt == null || sentAt == null) {
            return null;
        }
        return Math.max(0, Duration.between(dueAt, sentAt).toSeconds());
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
                postIncidentReport, muted);
    }

    /** A status report was made at {@code report.createdAt()}: the next is due one interval later (while open). */
    SlaRecord withStatusReport(StatusReport report, Instant nextDue) {
        List<StatusReport> all = new ArrayList<>(statusReports);
        all.add(report);
        return new SlaRecord(firstReport, all, nextDue, reminders, recoveryReport, postIncidentReport, muted);
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
                postIncidentReport, muted) : this;
    }

    SlaRecord withReminder(Reminder reminder) {
        List<Reminder> all = new ArrayList<>(reminders);
        all.add(reminder);
        return new SlaRecord(firstReport, statusReports, nextStatusReportDue, all, recoveryReport, postIncidentReport,
                muted);
    }

    SlaRecord nextStatusReportDue(Instant due) {
        return new SlaRecord(firstReport, statusReports, due, reminders, recoveryReport, postIncidentReport, muted);
    }

    SlaRecord unmuted(Instant firstReportDue, Instant nextStatusDue) {
        return new SlaRecord(new Report(firstReportDue, null, true), statusReports, nextStatusDue, reminders,
                recoveryReport, postIncidentReport, false);
    }

    /** Provisionally recovered at {@code at}: the recovery report is due now, status reports stop. */
    SlaRecord recoveryDue(Instant at) {
        return new SlaRecord(firstReport, statusReports, null, reminders, muted ? null : new Report(at, null, true),
                postIncidentReport, muted);
    }

    SlaRecord recoveryReportSent(Instant at) {
        if (recoveryReport == null || recoveryReport.sentAt() != null) {
            return this;
        }
        return new SlaRecord(firstReport, statusReports, nextStatusReportDue, reminders, recoveryReport.sent(at),
                postIncidentReport, muted);
    }

    SlaRecord withPostIncidentReport(ReportClock clock) {
        return new SlaRecord(firstReport, statusReports, nextStatusReportDue, reminders, recoveryReport, clock, muted);
    }
}
