package io.mihari.alert.incident;

import io.mihari.model.command.PostIncidentReport;

import java.time.Instant;

/**
 * The post-incident report 障害報告書 as submitted, kept with the incident (its timeline is added from the
 * incident when it is mailed or shown).
 */
public record WrittenReport(String timeline, String cause, String firstResponse, String countermeasures,
        String author, Instant submittedAt) {

    static WrittenReport of(PostIncidentReport report, String author, Instant at) {
        return new WrittenReport(report.timeline(), report.cause(), report.firstResponse(), report.countermeasures(),
                author, at);
    }
}
