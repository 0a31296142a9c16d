package io.mihari.alert.detect;

import java.time.Instant;
import java.util.Objects;

/**
 * A target changed status. Stored in {@code mihari-status}; availability is computed from these.
 *
 * @param targetId {@code tenant/host}
 * @param serviceId the service it serves, or null when the host is not in the catalog
 * @param from previous status
 * @param to new status
 * @param at when the change took effect (for DOWN: the last time the target was heard)
 * @param detectedAt when Mihari noticed
 * @param cause machine-readable reason, e.g. {@code HEARTBEAT_MISSING}
 */
public record StatusTransition(String targetId, String serviceId, String tenant, String system, String host,
        TargetStatus from, TargetStatus to, Instant at, Instant detectedAt, String cause) {

    public StatusTransition {
        Objects.requireNonNull(targetId);
        Objects.requireNonNull(at);
        Objects.requireNonNull(detectedAt);
        if (from == to) {
            throw new IllegalArgumentException("a transition changes the status, got " + from + " -> " + to);
        }
    }

    /** Deterministic, so recording the same transition twice leaves one document. */
    public String transitionId() {
        return targetId + "|" + to + "|" + at.toEpochMilli();
    }
}
