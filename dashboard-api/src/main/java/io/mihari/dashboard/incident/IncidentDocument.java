package io.mihari.dashboard.incident;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;

/** A document of {@code mihari-incidents} as alert-service writes it (only the fields read here). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IncidentDocument(String id, String tenant, String system, String serviceId, String vendor, String kind,
        String severity, String status, String title, List<String> affectedTargets, Instant detectedAt,
        Instant startedAt, Instant openedAt, Instant mitigatedAt, List<Entry> timeline, Sla sla) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(Instant at, String type, String targetId, String message) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Sla(Report firstReport) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Report(Instant dueAt, Instant sentAt, boolean automatic) {
    }
}
