package io.mihari.dashboard.incident;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * An incident as the API shows it.
 *
 * @param firstReportDueAt deadline of the first report 初報
 * @param firstReportSentAt when it was accepted by the mail server, or null
 * @param nextStatusReportDue when the next status report 状況報告 is due (the dashboard counts down to it), or null
 * @param timeline what happened, oldest first (only in the detail view; empty in lists)
 * @param sla the SLA record as stored (detail view only): every report's due, made and sent (accepted by the SMTP
 *        server) instants, how late it was made ({@code lateBySeconds}; null for an automatic status report: not
 *        written) and Mihari's own processing and mail delay ({@code mihariDelaySeconds}) — docs/sla.md
 * @param writtenReport the post-incident report 障害報告書 once submitted (detail view only)
 * @param titleJa the title in Japanese, {@code titleEn} in English, as alert-service wrote them (null in older
 *        documents: the page then words one from the kind and the servers)
 * @param responsibleParty who answers for it now {@code {id, kind, since}} (null: nobody — EXTERNAL or PLANNED; absent
 *        in documents before issue 19: the service's vendor)
 * @param responsibility every party it was given to, {@code [{party, kind, attribution, from, to}]} (detail view only)
 */
public record IncidentView(String id, String tenant, String system, String serviceId, String vendor, String kind,
        String severity, String status, String title, List<String> affectedTargets, Instant startedAt,
        Instant detectedAt, Instant mitigatedAt, Instant resolvedAt, Instant closedAt, String attribution,
        boolean planned, Instant acknowledgedAt, String acknowledgedBy, int reopenCount, Instant firstReportDueAt,
        Instant firstReportSentAt, Instant nextStatusReportDue, List<TimelineView> timeline, JsonNode sla,
        JsonNode writtenReport, String titleJa, String titleEn, JsonNode responsibleParty, JsonNode responsibility) {

    /** One line of the timeline 経緯; {@code ja}/{@code en}: its words per language, when written. */
    public record TimelineView(Instant at, String type, String targetId, String message, String author, String ja,
            String en) {
    }

    static IncidentView of(IncidentDocument d, boolean detail) {
        List<TimelineView> timeline = detail && d.timeline() != null
                ? d.timeline().stream().map(e -> new TimelineView(e.at(), e.type(), e.targetId(), e.message(),
                        e.author(), e.ja(), e.en())).toList()
                : List.of();
        return new IncidentView(d.id(), d.tenant(), d.system(), d.serviceId(), d.vendor(), d.kind(), d.severity(),
                d.status(), d.title(), d.affectedTargets() == null ? List.of() : d.affectedTargets(), d.startedAt(),
                d.detectedAt(), d.mitigatedAt(), d.resolvedAt(), d.closedAt(), d.attribution(), d.planned(),
                d.acknowledgedAt(), d.acknowledgedBy(), d.reopenCount(), d.slaInstant("firstReport", "dueAt"),
                d.slaInstant("firstReport", "sentAt"), d.slaInstant("nextStatusReportDue"), timeline,
                detail ? d.sla() : null, detail ? d.writtenReport() : null, d.titleJa(), d.titleEn(),
                d.responsibleParty(), detail ? d.responsibility() : null);
    }
}
