package io.mihari.alert.incident;

import java.time.Instant;

/**
 * When each report was due and when it was really sent. Lives with the incident, so it survives restarts.
 *
 * @param firstReport the first report 初報 (due at detection + 60 min)
 * @param recoveryReport the recovery report 復旧報告, due at the provisional recovery; null until then
 */
public record SlaRecord(Report firstReport, Report recoveryReport) {

    public SlaRecord(Report firstReport) {
        this(firstReport, null);
    }

    /**
     * @param dueAt the deadline
     * @param sentAt when the SMTP server accepted the mail, or null while unsent
     * @param automatic whether Mihari wrote it (true) or a person did
     */
    public record Report(Instant dueAt, Instant sentAt, boolean automatic) {
        Report sent(Instant at) {
            return new Report(dueAt, at, automatic);
        }
    }

    SlaRecord firstReportSent(Instant at) {
        return new SlaRecord(firstReport.sentAt() == null ? firstReport.sent(at) : firstReport, recoveryReport);
    }

    /** The recovery report is due now (the provisional recovery) and not sent yet. */
    SlaRecord recoveryDue(Instant at) {
        return new SlaRecord(firstReport, new Report(at, null, true));
    }

    SlaRecord recoveryReportSent(Instant at) {
        if (recoveryReport == null || recoveryReport.sentAt() != null) {
            return this;
        }
        return new SlaRecord(firstReport, recoveryReport.sent(at));
    }
}
