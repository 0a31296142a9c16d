package io.mihari.alert.detect;

import java.time.Instant;
import java.util.Objects;

/**
 * A problem on a target started, changed severity, or ended. Detectors emit these; incident management
 * groups them per service.
 *
 * @param key stable identity of the problem, e.g. {@code kurashiki/krs-juki-db1|RESOURCE|DISK:/var}; a later
 *        alert with the same key updates (firing) or ends (not firing) the same problem
 * @param kind which detector
 * @param severity how bad it is (for an ended problem: the severity it had)
 * @param firing true while the problem exists, false when it ended
 * @param targetId {@code tenant/host}
 * @param at when it started (firing) or ended (not firing)
 * @param cause machine-readable reason, e.g. {@code RESOURCE_CRITICAL}, {@code BATCH_FAILED}
 * @param summary what happened, in English, for the timeline and mail
 */
public record Alert(String key, AlertKind kind, Severity severity, boolean firing, String targetId, Instant at,
        String cause, String summary) {

    public Alert {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cause, "cause");
    }

    /** The key of a problem: target, kind and what on the target (a check, a metric, a job). */
    public static String key(String targetId, AlertKind kind, String subject) {
        return targetId + "|" + kind + (subject == null ? "" : "|" + subject);
    }
}
