package io.mihari.alert.incident;

import io.mihari.alert.detect.Alert;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One problem of an incident: what one alert key is about (a server down, a check, a metric, a batch job), so every
 * mail and page can name each problem by its own kind and target instead of by the kind of the incident's first
 * alert.
 *
 * @param key the alert key, e.g. {@code kurashiki/krs-juki-db1|BATCH|nightly-close}
 * @param kind LIVENESS, CHECK, RESOURCE or BATCH
 * @param targetId {@code tenant/host}
 * @param cause the cause of its latest firing alert, e.g. {@code BATCH_FAILED}
 * @param facts the facts of its latest firing alert (see {@link Alert#facts()})
 * @param since when it started
 */
public record Problem(String key, String kind, String targetId, String cause, Map<String, String> facts,
        Instant since) {

    public Problem {
        Objects.requireNonNull(key, "key");
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    /** The problem a firing alert is about. */
    public static Problem of(Alert alert) {
        return new Problem(alert.key(), alert.kind().name(), alert.targetId(), alert.cause(), alert.facts(),
                alert.at());
    }

    /**
     * The problem of an alert key of an incident stored before incidents kept their problems: the key says the target
     * and, except for a server down ({@code tenant/host|DOWN}), the kind; the cause is not known.
     */
    public static Problem ofKey(String key, String incidentKind, Instant since) {
        String[] parts = key.split("\\|", 3);
        String kind = parts.length > 1 && !"DOWN".equals(parts[1]) ? parts[1]
                : "CHECK".equals(incidentKind) ? "CHECK" : "LIVENESS";
        return new Problem(key, kind, parts[0], null, Map.of(), since);
    }

    /** The same problem, its latest firing alert being {@code alert} (a failed run after a hung one, a worse level). */
    Problem firedAgain(Alert alert) {
        return new Problem(key, alert.kind().name(), targetId, alert.cause(), alert.facts(), since);
    }

    /** What the key says after the kind: the check, metric or job, or null. */
    public String subject() {
        String[] parts = key.split("\\|", 3);
        return parts.length == 3 ? parts[2] : null;
    }

    /** Whether {@code alert} is this problem coming back: the same kind on the same target. */
    public boolean sameAs(Alert alert) {
        return kind.equals(alert.kind().name()) && targetId.equals(alert.targetId());
    }
}
