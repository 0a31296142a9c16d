package io.mihari.alert.incident;

import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An incident: one problem of one service, made of the alerts that were firing together. Immutable; every
 * state change returns a new instance with the next {@link #revision()} (stored with optimistic
 * concurrency) and refuses illegal transitions.
 *
 * @param kind the kind of the first alert (LIVENESS, CHECK, RESOURCE, BATCH)
 * @param severity the worst of its alerts; CRITICAL once the service itself was DOWN
 * @param activeAlerts keys of the alerts still firing; empty once MITIGATED
 * @param alertKeys every alert key that was part of it (a replayed old alert is recognised)
 * @param reopenCount how often it came back within the reopen window after being mitigated (flapping)
 * @param signalOffset position of the last signal applied, in the service's signal partition (replays of
 *        earlier signals after a restart are recognised by it)
 * @param revision incremented on every change; the stored document's external version
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
        List<String> activeAlerts,
        List<String> alertKeys,
        Instant detectedAt,
        Instant startedAt,
        Instant openedAt,
        Instant mitigatedAt,
        int reopenCount,
        List<TimelineEntry> timeline,
        SlaRecord sla,
        Instant updatedAt,
        long signalOffset,
        long revision) {

    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detectedAt, "detectedAt");
        affectedTargets = affectedTargets == null ? List.of() : List.copyOf(affectedTargets);
        activeAlerts = activeAlerts == null ? List.of() : List.copyOf(activeAlerts);
        alertKeys = alertKeys == null ? List.copyOf(activeAlerts) : List.copyOf(alertKeys);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        if (mitigatedAt != null && status == IncidentStatus.OPEN) {
            throw new IllegalArgumentException("an OPEN incident has no mitigation time");
        }
    }

    /** Opens an incident for the alerts that fired together within the grouping wait. */
    public static Incident open(String id, String tenant, String system, String serviceId, String vendor,
            List<Alert> alerts, boolean serviceDown, Instant detectedAt, Instant openedAt, Duration firstReportDue) {
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("an incident needs at least one alert");
        }
        Alert first = alerts.get(0);
        Instant startedAt = alerts.stream().map(Alert::at).min(Instant::compareTo).orElse(detectedAt);
        List<TimelineEntry> timeline = new ArrayList<>();
        Severity severity = serviceDown ? Severity.CRITICAL : Severity.WARNING;
        List<String> targets = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Alert a : alerts) {
            timeline.add(entry(a));
            severity = severity.max(a.severity());
            if (!targets.contains(a.targetId())) {
                targets.add(a.targetId());
            }
            if (!keys.contains(a.key())) {
                keys.add(a.key());
            }
        }
        timeline.add(new TimelineEntry(openedAt, "INCIDENT_OPENED", null, "incident opened"));
        String title = first.summary() + (alerts.size() > 1 ? " (+" + (alerts.size() - 1) + ")" : "");
        return new Incident(id, tenant, system, serviceId, vendor, first.kind().name(), severity.name(),
                IncidentStatus.OPEN, title, targets, keys, keys, detectedAt, startedAt, openedAt, null, 0, timeline,
                new SlaRecord(new SlaRecord.Report(detectedAt.plus(firstReportDue), null, true)), openedAt, -1, 1);
    }

    /** Whether this alert (same key, same severity) is already part of it: a replay changes nothing. */
    public boolean alreadyHas(Alert alert) {
        return alert.firing() ? activeAlerts.contains(alert.key()) && !escalates(alert.severity())
                : !activeAlerts.contains(alert.key());
    }

    /** Another problem of the service while this incident is open: it joins the timeline. */
    public Incident withAlert(Alert alert, Instant now) {
        requireStatus(IncidentStatus.OPEN, "add an alert");
        return changed(alert, now, IncidentStatus.OPEN, null, reopenCount, null);
    }

    /**
     * A problem of the service came back within the reopen window after this incident was mitigated: it
     * is open again (flapping is one incident, not a mail storm).
     */
    public Incident reopen(Alert alert, Instant now) {
        requireStatus(IncidentStatus.MITIGATED, "reopen");
        return changed(alert, now, IncidentStatus.OPEN, null, reopenCount + 1,
                new TimelineEntry(alert.at(), "REOPENED", alert.targetId(),
                        "the problem came back " + Duration.between(mitigatedAt, alert.at()).toSeconds()
                                + " s after provisional recovery"));
    }

    /** One of its problems ended; when none is left the service is provisionally recovered (MITIGATED). */
    public Incident withAlertResolved(Alert alert, Instant now) {
        requireStatus(IncidentStatus.OPEN, "resolve an alert of");
        List<String> active = new ArrayList<>(activeAlerts);
        active.remove(alert.key());
        boolean allBack = active.isEmpty();
        List<TimelineEntry> entries = new ArrayList<>(timeline);
        entries.add(entry(alert));
        if (allBack) {
            entries.add(new TimelineEntry(alert.at(), "MITIGATED", null, "every problem of the incident ended"));
        }
        return new Incident(id, tenant, system, serviceId, vendor, kind, severity,
                allBack ? IncidentStatus.MITIGATED : status, title, affectedTargets, active, alertKeys, detectedAt,
                startedAt, openedAt, allBack ? alert.at() : null, reopenCount, entries,
                allBack ? sla.recoveryDue(alert.at()) : sla, now, signalOffset, revision + 1);
    }

    /** The service itself went DOWN during the incident. */
    public Incident serviceDown(Instant at, Instant now) {
        if (Severity.CRITICAL.name().equals(severity)) {
            return this;
        }
        List<TimelineEntry> entries = new ArrayList<>(timeline);
        entries.add(new TimelineEntry(at, "SERVICE_DOWN", null, "the service is down"));
        return new Incident(id, tenant, system, serviceId, vendor, kind, Severity.CRITICAL.name(), status, title,
                affectedTargets, activeAlerts, alertKeys, detectedAt, startedAt, openedAt, mitigatedAt, reopenCount,
                entries, sla, now, signalOffset, revision + 1);
    }

    /** The SMTP server accepted the first report at {@code at}. */
    public Incident firstReportSent(Instant at) {
        if (sla.firstReport().sentAt() != null) {
            return this;
        }
        List<TimelineEntry> entries = new ArrayList<>(timeline);
        entries.add(new TimelineEntry(at, "FIRST_REPORT_SENT", null, "first report mailed"));
        return new Incident(id, tenant, system, serviceId, vendor, kind, severity, status, title, affectedTargets,
                activeAlerts, alertKeys, detectedAt, startedAt, openedAt, mitigatedAt, reopenCount, entries,
                sla.firstReportSent(at), at, signalOffset, revision + 1);
    }

    /** The same incident, having applied the signal at {@code offset}. */
    public Incident withSignalOffset(long offset) {
        return new Incident(id, tenant, system, serviceId, vendor, kind, severity, status, title, affectedTargets,
                activeAlerts, alertKeys, detectedAt, startedAt, openedAt, mitigatedAt, reopenCount, timeline, sla,
                updatedAt, Math.max(signalOffset, offset), revision);
    }

    /** The SMTP server accepted the recovery report at {@code at}. */
    public Incident recoveryReportSent(Instant at) {
        SlaRecord updated = sla.recoveryReportSent(at);
        if (updated == sla) {
            return this;
        }
        List<TimelineEntry> entries = new ArrayList<>(timeline);
        entries.add(new TimelineEntry(at, "RECOVERY_REPORT_SENT", null, "recovery report mailed"));
        return new Incident(id, tenant, system, serviceId, vendor, kind, severity, status, title, affectedTargets,
                activeAlerts, alertKeys, detectedAt, startedAt, openedAt, mitigatedAt, reopenCount, entries, updated,
                at, signalOffset, revision + 1);
    }

    public Duration downFor(Instant now) {
        return Duration.between(startedAt, mitigatedAt == null ? now : mitigatedAt);
    }

    private boolean escalates(Severity s) {
        return s.ordinal() > Severity.valueOf(severity).ordinal();
    }

    private Incident changed(Alert alert, Instant now, IncidentStatus newStatus, Instant newMitigatedAt, int reopens,
            TimelineEntry before) {
        List<String> targets = new ArrayList<>(affectedTargets);
        if (!targets.contains(alert.targetId())) {
            targets.add(alert.targetId());
        }
        List<String> active = new ArrayList<>(activeAlerts);
        if (!active.contains(alert.key())) {
            active.add(alert.key());
        }
        List<String> keys = new ArrayList<>(alertKeys);
        if (!keys.contains(alert.key())) {
            keys.add(alert.key());
        }
        List<TimelineEntry> entries = new ArrayList<>(timeline);
        if (before != null) {
            entries.add(before);
        }
        entries.add(entry(alert));
        String newSeverity = Severity.valueOf(severity).max(alert.severity()).name();
        return new Incident(id, tenant, system, serviceId, vendor, kind, newSeverity, newStatus, title, targets, active,
                keys, detectedAt, startedAt, openedAt, newMitigatedAt, reopens, entries, sla, now, signalOffset, revision + 1);
    }

    /** The timeline line of an alert; a target going down or coming back keeps its own line type. */
    static TimelineEntry entry(Alert a) {
        boolean targetDown = a.key().endsWith("|DOWN");
        String type = targetDown ? (a.firing() ? "TARGET_DOWN" : "TARGET_UP")
                : (a.firing() ? a.kind() + "_ALERT" : a.kind() + "_RESOLVED");
        return new TimelineEntry(a.at(), type, a.targetId(), a.summary());
    }

    private void requireStatus(IncidentStatus expected, String action) {
        if (status != expected) {
            throw new IllegalStateException("cannot " + action + " incident " + id + " in status " + status);
        }
    }
}
