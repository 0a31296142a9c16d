package io.mihari.model.availability;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A target's status changed: the input availability is computed from (one per stored status transition).
 *
 * @param targetId {@code tenant/host}
 * @param at when the change took effect; taken at millisecond precision (sub-millisecond digits are dropped)
 * @param to the new status: {@code UP}, {@code DOWN} or {@code UNKNOWN} (no data)
 * @param cause machine-readable reason, e.g. {@code HEARTBEAT_MISSING}; may be null
 */
public record TargetTransition(String targetId, Instant at, String to, String cause) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";
    public static final String UNKNOWN = "UNKNOWN";
    private static final Set<String> STATUSES = Set.of(UP, DOWN, UNKNOWN);

    public TargetTransition {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(at, "at");
        if (to == null || !STATUSES.contains(to)) {
            throw new IllegalArgumentException("a transition goes to UP, DOWN or UNKNOWN, was " + to);
        }
    }
}
