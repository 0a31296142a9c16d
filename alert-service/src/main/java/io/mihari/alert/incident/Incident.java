package io.mihari.alert.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An incident: one problem of one service. Immutable; every state change returns a new instance
 * and refuses illegal transitions.
 */
public record Incident(
        String id,
        String tenant,
        String system,
        String serviceId,
        String vendor,
        String kind,
        String severity,
        IncidentStatus status,
        String title,
        List<String> affectedTargets,
        Instant detectedAt,
        Instant startedAt,
        Instant openedAt,
        Instant mitigatedAt,
        List<TimelineEntry> timeline,
        SlaRecord sla,
        Instant updatedAt) {

    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detectedAt, "detectedAt");
        affectedTargets = List.copyOf(affectedTargets);
        timeline = List.copyOf(timeline);
        if (mitigatedAt != null && status == IncidentStatus.OPEN) {
            throw new IllegalArgumentException("an OPEN incident has no mitigation time");
        }
    }

    /** Opens a liveness incident for the targets that went down together. */
    public static Incident openLiveness(String id, String tenant, String system, String serviceId, String vendor,
            List<TimelineEntry> downs, Instant detectedAt, Instant openedAt, Duration firstReportDue) {
        List<String> targets = downs.stream().map(TimelineEntry::targetId).distinct().toList();
        Instant startedAt = downs.stream().map(TimelineEntry::at).min(Instant::compareTo).orElse(detectedAt);
        List<TimelineEntry> timeline = new ArrayList<>(downs);
        timeline.add(new TimelineEntry(openedAt, "INCIDENT_OPENED", null, "incident opened"));
        String title = "No heartbeat from " + String.join(", ", targets);
        return new Incident(id, tenant, system, serviceId, vendor, "LIVENESS", "CRITICAL", IncidentStatus.OPEN,
                title, targets, detectedAt, startedAt, openedAt, null, timeline,
                new SlaRecord(new SlaRecord.Report(detectedAt.plus(firstReportDue), null, true)), openedAt);
    }

    /** Another target of the service went down while this incident is open: it joins the timeline. */
    public Incident withTargetDown(String targetId, Instant at, Instant now) {
        requireStatus(IncidentStatus.OPEN, "add a target");
        List<String> targets = new ArrayList<>(affectedTargets);
        if (!targets.contains(targetId)) {
            targets.add(targetId);
        }
        return new Incident(id, tenant, system, serviceId, vendor, kind, severity, status, title, targets,
                detectedAt, startedAt, openedAt, mitigatedAt,
                append(new TimelineEntry(at, "TARGET_DOWN", targetId, targetId + " stopped sending heartbeats")),
                sla, now);
    }

    /** A target is back; when every affected target is back the service is provisionally recovered. */
    public Incident withTargetUp(String targetId, Instant at, boolean allRecovered) {
        List<TimelineEntry> entries = append(new TimelineEntry(at, "TARGET_UP", targetId,
                targetId + " sends heartbeats again"));
        if (!allRecovered) {
            return new Incident(id, tenant, system, serviceId, vendor, kind, severity, status, title,
                    affectedTargets, detectedAt, startedAt, openedAt, mitigatedAt, entries, sla, at);
        }
        requireStatus(IncidentStatus.OPEN, "mitigate");
        entries = new ArrayList<>(entries);
        entries.add(new TimelineEntry(at, "MITIGATED", null, "all affected targets are back"));
        return new Incident(id, tenant, system, serviceId, vendor, kind, severity, IncidentStatus.MITIGATED, title,
                affectedTargets, detectedAt, startedAt, openedAt, at, entries, sla, at);
    }

    /** The SMTP server accepted the first report at {@code at}. */
    public Incident firstReportSent(Instant at) {
        if (sla.firstReport().sentAt() != null) {
            return this;
        }
        return new Incident(id, tenant, system, serviceId, vendor, kind, severity, status, title, affectedTargets,
                detectedAt, startedAt, openedAt, mitigatedAt,
                append(new TimelineEntry(at, "FIRST_REPORT_SENT", null, "first report mailed")),
                sla.firstReportSent(at), at);
    }

    public Duration downFor(Instant now) {
        return Duration.between(startedAt, mitigatedAt == null ? now : mitigatedAt);
    }

    private List<TimelineEntry> append(TimelineEntry entry) {
        List<TimelineEntry> entries = new ArrayList<>(timeline);
        entries.add(entry);
        return entries;
    }

    private void requireStatus(IncidentStatus expected, String action) {
        if (status != expected) {
            throw new IllegalStateException("cannot " + action + " incident " + id + " in status " + status);
        }
    }
}
