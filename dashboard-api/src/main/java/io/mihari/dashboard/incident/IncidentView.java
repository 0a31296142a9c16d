package io.mihari.dashboard.incident;

import java.time.Instant;
import java.util.List;

/**
 * An incident as the API shows it.
 *
 * @param firstReportDueAt deadline of the first report 初報
 * @param firstReportSentAt when it was accepted by the mail server, or null
 * @param timeline what happened, oldest first (only in the detail view; empty in lists)
 */
public record IncidentView(String id, String tenant, String system, String serviceId, String vendor, String kind,
        String severity, String status, String title, List<String> affectedTargets, Instant startedAt,
        Instant detectedAt, Instant mitigatedAt, Instant firstReportDueAt, Instant firstReportSentAt,
        List<TimelineView> timeline) {

    /** One line of the timeline 経緯. */
    public record TimelineView(Instant at, String type, String targetId, String message) {
    }

    static IncidentView of(IncidentDocument d, boolean withTimeline) {
        var first = d.sla() == null ? null : d.sla().firstReport();
        List<TimelineView> timeline = withTimeline && d.timeline() != null
                ? d.timeline().stream().map(e -> new TimelineView(e.at(), e.type(), e.targetId(), e.message())).toList()
                : List.of();
        return new IncidentView(d.id(), d.tenant(), d.system(), d.serviceId(), d.vendor(), d.kind(), d.severity(),
                d.status(), d.title(), d.affectedTargets() == null ? List.of() : d.affectedTargets(), d.startedAt(),
                d.detectedAt(), d.mitigatedAt(), first == null ? null : first.dueAt(),
                first == null ? null : first.sentAt(), timeline);
    }
}
