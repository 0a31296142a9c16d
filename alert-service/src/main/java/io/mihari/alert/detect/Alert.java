package io.mihari.alert.detect;

import java.time.Instant;
import java.util.Map;
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
 * @param summary what happened, in English and technical (the detector's own words, kept in the timeline's
 *        {@code message}); people read the texts {@code io.mihari.alert.incident.ProblemWords} makes in Japanese and
 *        English from the key, the cause and the facts
 * @param facts what a translated text needs besides the key and cause, by name ({@link #CHECK}, {@link #MESSAGE},
 *        {@link #RUN}, {@link #EXIT_CODE}, {@link #VALUE}, {@link #THRESHOLD}, {@link #LIMIT}, {@link #SCHEDULED},
 *        {@link #CALENDAR}, {@link #EXPECTED}, {@link #USUAL}, {@link #NEEDED_BY}, {@link #OFFSET});
 *        empty when the detector knows nothing more (e.g. an alert restored after a restart)
 */
public record Alert(String key, AlertKind kind, Severity severity, boolean firing, String targetId, Instant at,
        String cause, String summary, Map<String, String> facts) {

    /** The check's name (CHECK). */
    public static final String CHECK = "check";
    /** What the failing check or the job said, as the agent reported it (not translated). */
    public static final String MESSAGE = "message";
    /** The run id of a batch run. */
    public static final String RUN = "run";
    /** The exit code of a batch run. */
    public static final String EXIT_CODE = "exitCode";
    /** A measured value, e.g. {@code 95.0%}. */
    public static final String VALUE = "value";
    /** The threshold crossed, e.g. {@code 90%}. */
    public static final String THRESHOLD = "threshold";
    /** A time limit, e.g. a job's maxRunTime or startWithin as {@code PT2H}. */
    public static final String LIMIT = "limit";
    /** A job's scheduled instant (ISO-8601). */
    public static final String SCHEDULED = "scheduled";
    /** The business-calendar rule a job's schedule follows, as the catalog writes it: {@code on: lastBusinessDay}. */
    public static final String CALENDAR = "calendar";
    /** A job's expected processed count, e.g. {@code 1–200000} (English) and {@code 1～200000件} (Japanese). */
    public static final String EXPECTED = "expected";
    public static final String EXPECTED_JA = "expectedJa";
    /** A job's usual duration (the median of its recent successful runs), as {@code PT4H}. */
    public static final String USUAL = "usual";
    /** The instant a job's output is needed by (ISO-8601). */
    public static final String NEEDED_BY = "neededBy";
    /** An agent's clock offset from Mihari's in signed seconds, positive ahead, e.g. {@code 92.4} (CLOCK_SKEW). */
    public static final String OFFSET = "offset";

    public Alert {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cause, "cause");
        if (facts == null) {
            facts = Map.of();
        } else {
            java.util.Map<String, String> known = new java.util.HashMap<>();
            facts.forEach((k, v) -> {
                if (k != null && v != null) {
                    known.put(k, v); // a fact not known (an exit code the agent did not send) is left out
                }
            });
            facts = Map.copyOf(known);
        }
    }

    /** An alert without facts beyond its key and cause. */
    public Alert(String key, AlertKind kind, Severity severity, boolean firing, String targetId, Instant at,
            String cause, String summary) {
        this(key, kind, severity, firing, targetId, at, cause, summary, Map.of());
    }

    /** What the key says after kind: the check, metric or job ({@code DISK:/var}, {@code export}), or null. */
    public String subject() {
        String[] parts = key.split("\\|", 3);
        return parts.length == 3 ? parts[2] : null;
    }

    /** The key of a problem: target, kind and what on the target (a check, a metric, a job). */
    public static String key(String targetId, AlertKind kind, String subject) {
        return targetId + "|" + kind + (subject == null ? "" : "|" + subject);
    }
}
