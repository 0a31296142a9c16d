package io.mihari.dashboard.incident;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * A document of {@code mihari-incidents} as alert-service writes it. The SLA record and the written report are
 * passed through as stored, so every view shows the very same figures.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IncidentDocument(String id, String tenant, String system, String serviceId, String vendor, String kind,
        String severity, String status, String title, List<String> affectedTargets, List<String> activeAlerts,
        Instant detectedAt, Instant startedAt, Instant openedAt, Instant mitigatedAt, Instant resolvedAt,
        Instant closedAt, int reopenCount, String attribution, boolean planned, Instant acknowledgedAt,
        String acknowledgedBy, List<Entry> timeline, JsonNode sla, JsonNode writtenReport, Instant updatedAt,
        long revision, String titleJa, String titleEn, List<String> partyIds, JsonNode responsibleParty,
        JsonNode responsibility) {

    /** A timeline line; {@code ja}/{@code en} are its words for people per language (absent in older documents). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(Instant at, String type, String targetId, String message, String author, String ja,
            String en) {
    }

    /** An instant inside the SLA record, e.g. {@code sla("firstReport", "sentAt")}; null when absent. */
    Instant slaInstant(String... path) {
        JsonNode node = sla;
        for (String p : path) {
            node = node == null ? null : node.get(p);
        }
        return node == null || !node.isTextual() ? null : Instant.parse(node.asText());
    }
}
