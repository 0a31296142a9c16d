package io.mihari.alert.incident;

import java.time.Instant;

/** When each report was due and when it was really sent. Lives with the incident, so it survives restarts. */
public record SlaRecord(Report firstReport) {

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
        return new SlaRecord(firstReport.sentAt() == null ? firstReport.sent(at) : firstReport);
    }
}
