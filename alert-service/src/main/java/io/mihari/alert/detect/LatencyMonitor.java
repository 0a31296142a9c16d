package io.mihari.alert.detect;

import io.mihari.model.catalog.LatencyThresholds;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Response time 応答時間 of the liveness checks: a check that answers, but slowly, is a problem of its own ("slow"),
 * not an outage. Per target and check name, over the {@code latencyMs} of its passing (UP) results only: a failing
 * result is the check's liveness ({@link CheckMonitor}), not its latency, and is ignored here (it neither counts nor
 * breaks a timer). Pure logic, no I/O; time is always the result's instant as passed in. It never changes the
 * target's status nor the availability.
 *
 * <p>The thresholds of a result ({@link Thresholds#of}) come from the catalog's {@link LatencyThresholds.Level}: the
 * critical one is absolute; the warning one is {@code factor × the check's percentile} of the last days
 * ({@link LatencyBaselines}), never below the floor nor above critical, once that baseline is known, and the absolute
 * {@code warning} before (or when there is no baseline). A level without a threshold is not judged.
 *
 * <p>The rules are {@link ResourceMonitor}'s, with the hysteresis a percentage of the threshold: with warning
 * {@code w}, critical {@code c}, hysteresis {@code h} % and sustain {@code s}, on every UP result of latency
 * {@code v} at {@code t}:
 * <ol>
 * <li><b>Timers.</b> The warning timer runs from the first result of the current run of results with {@code v >= w},
 *     the critical timer likewise with {@code v >= c}; a result below stops its timer.</li>
 * <li><b>Leaving</b> is immediate: CRITICAL is left when {@code v < c × (1 − h/100)}, for WARNING if still at or
 *     above {@code w × (1 − h/100)}, else for NORMAL; WARNING is left for NORMAL when {@code v < w × (1 − h/100)}.
 *     Within the band the level holds.</li>
 * <li><b>Entering</b> a higher level needs its timer to have run {@code s} ({@code t − since >= s}); CRITICAL is
 *     checked first. The alert is at {@code since + s}: the instant the latency had been at or above the level for
 *     the sustain period (the result that decides it comes then or later). With {@code s = 0}: at the result.</li>
 * </ol>
 *
 * <p>Alerts, keyed {@code Alert.key(targetId, LATENCY, check)}: WARNING fires {@link Severity#WARNING} with cause
 * {@link #CAUSE_WARNING}, CRITICAL {@link Severity#MAJOR} with {@link #CAUSE_CRITICAL} (escalation: the same key);
 * falling from CRITICAL to WARNING fires again as WARNING at the result; back to NORMAL ends it with
 * {@link #CAUSE_OK} at the result. Facts: {@link Alert#CHECK}, {@link Alert#VALUE} and {@link Alert#THRESHOLD}
 * ({@code 950 ms}, {@code 800 ms}) and, when the warning threshold came from the baseline, {@link #BASELINE},
 * {@link #PERCENTILE}, {@link #FACTOR}, {@link #DAYS}.
 *
 * <p>A result not newer than the newest applied for the check (a replay, a duplicate) is ignored. A check whose
 * thresholds were removed from the catalog ends its open alert at its next result ({@link #CAUSE_OK}, "no longer
 * watched"). While a level has no threshold at all (baseline only and not known yet) the check's level holds and its
 * timers stop. After a restart {@link #restore} takes up an open alert at WARNING.
 */
public final class LatencyMonitor {

    /** Where a check stands. */
    public enum Level { NORMAL, WARNING, CRITICAL }

    public static final String CAUSE_WARNING = "LATENCY_WARNING";
    public static final String CAUSE_CRITICAL = "LATENCY_CRITICAL";
    public static final String CAUSE_OK = "LATENCY_OK";
    /** The check's usual latency the warning threshold came from, e.g. {@code 300 ms}. */
    public static final String BASELINE = "baseline";
    /** Which percentile the baseline is, e.g. {@code 95}. */
    public static final String PERCENTILE = "percentile";
    /** How many times the baseline is slow, e.g. {@code 2}. */
    public static final String FACTOR = "factor";
    /** Over how many days the baseline was taken, e.g. {@code 7}. */
    public static final String DAYS = "days";

    /**
     * The thresholds one result is judged by, in milliseconds (null: none at that level).
     *
     * @param baseline the baseline the warning threshold came from; null when it is the absolute one
     */
    public record Thresholds(Double warningMs, Double criticalMs, Duration sustain, double hysteresis,
            LatencyThresholds.Baseline rule, LatencyBaselines.Baseline baseline) {

        /**
         * The thresholds of {@code level} given the check's baseline (null: not known): warning = factor × the
         * percentile, at least the floor and at most critical, when the level has a baseline rule and the baseline is
         * known; else the absolute warning.
         */
        public static Thresholds of(LatencyThresholds.Level level, LatencyBaselines.Baseline known) {
            Double critical = level.critical() == null ? null : (double) level.critical().toMillis();
            Double warning = level.warning() == null ? null : (double) level.warning().toMillis();
            LatencyBaselines.Baseline used = null;
            if (level.baseline() != null && known != null) {
                double relative = level.baseline().warningMs(known.percentileMs());
                warning = critical == null ? relative : Math.min(relative, critical);
                used = known;
            }
            return new Thresholds(warning, critical, level.sustain(), level.hysteresis(),
                    used == null ? null : level.baseline(), used);
        }

        boolean none() {
            return warningMs == null && criticalMs == null;
        }

        /** The lower edge of a level's hysteresis band; null when the level has no threshold. */
        Double band(Double threshold) {
            return threshold == null ? null : threshold * (1 - hysteresis / 100);
        }
    }

    /** One check's level and the start of its running timers (null: not running). */
    private static final class Watch {
        Level level = Level.NORMAL;
        Instant warningSince;
        Instant criticalSince;
        Instant newest;
    }

    /** targetId → check → watch */
    private final Map<String, Map<String, Watch>> targets = new HashMap<>();

    /**
     * Applies one result of check {@code check} on {@code targetId} at {@code at}.
     *
     * @param level the check's thresholds in the catalog; null when it has none (an open alert then ends)
     * @param baseline the check's known baseline; null when not known (or too few results)
     * @param passed whether the result is UP; a DOWN result is ignored
     * @return the alert it raised, changed or ended
     */
    public synchronized Optional<Alert> onResult(String targetId, String check, LatencyThresholds.Level level,
            LatencyBaselines.Baseline baseline, boolean passed, long latencyMs, Instant at) {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(at, "at");
        if (!passed) {
            return Optional.empty();
        }
        Map<String, Watch> checks = targets.get(targetId);
        Watch watch = checks == null ? null : checks.get(check);
        if (watch != null && watch.newest != null && !at.isAfter(watch.newest)) {
            return Optional.empty(); // replayed or duplicate
        }
        if (level == null) {
            if (watch == null) {
                return Optional.empty();
            }
            checks.remove(check);
            return watch.level == Level.NORMAL ? Optional.empty()
                    : Optional.of(new Alert(key(targetId, check), AlertKind.LATENCY, severity(watch.level), false,
                            targetId, at, CAUSE_OK, "check " + check + " on " + targetId
                                    + ": response time no longer watched", Map.of(Alert.CHECK, check)));
        }
        if (watch == null) {
            watch = new Watch();
            targets.computeIfAbsent(targetId, k -> new HashMap<>()).put(check, watch);
        }
        watch.newest = at;
        return evaluate(targetId, check, Thresholds.of(level, baseline), watch, latencyMs, at);
    }

    private static Optional<Alert> evaluate(String targetId, String check, Thresholds t, Watch watch, double v,
            Instant at) {
        if (t.none()) {
            watch.warningSince = null;
            watch.criticalSince = null;
            return Optional.empty(); // nothing to judge by yet: the level holds
        }
        boolean atWarning = t.warningMs() != null && v >= t.warningMs();
        boolean atCritical = t.criticalMs() != null && v >= t.criticalMs();
        watch.warningSince = atWarning ? (watch.warningSince == null ? at : watch.warningSince) : null;
        watch.criticalSince = atCritical ? (watch.criticalSince == null ? at : watch.criticalSince) : null;

        Level from = watch.level;
        Level to = from;
        Instant when = at;
        // a level without its own threshold is left by the other one's band
        Double warningBand = t.band(t.warningMs() != null ? t.warningMs() : t.criticalMs());
        Double criticalBand = t.band(t.criticalMs() != null ? t.criticalMs() : t.warningMs());
        if (from == Level.CRITICAL && v < criticalBand) {
            to = t.warningMs() != null && v >= warningBand ? Level.WARNING : Level.NORMAL;
        } else if (from == Level.WARNING && v < warningBand) {
            to = Level.NORMAL;
        }
        if (to != Level.CRITICAL && sustained(watch.criticalSince, t.sustain(), at)) {
            to = Level.CRITICAL;
            when = watch.criticalSince.plus(t.sustain());
        } else if (to == Level.NORMAL && sustained(watch.warningSince, t.sustain(), at)) {
            to = Level.WARNING;
            when = watch.warningSince.plus(t.sustain());
        }
        if (to == from) {
            return Optional.empty();
        }
        watch.level = to;

        String key = key(targetId, check);
        String value = ms(v);
        if (to == Level.NORMAL) {
            Double threshold = from == Level.CRITICAL ? t.criticalMs() : t.warningMs();
            return Optional.of(new Alert(key, AlertKind.LATENCY, severity(from), false, targetId, at, CAUSE_OK,
                    "check " + check + " on " + targetId + ": response time back to " + value + " ("
                            + describe(from, t) + ")", facts(check, value, threshold, from, t)));
        }
        String cause = to == Level.CRITICAL ? CAUSE_CRITICAL : CAUSE_WARNING;
        Double threshold = to == Level.CRITICAL ? t.criticalMs() : t.warningMs();
        String summary;
        if (to.compareTo(from) > 0) {
            String during = t.sustain().isZero() ? "" : " for " + io.mihari.model.catalog.DurationText.of(t.sustain());
            summary = "check " + check + " on " + targetId + ": response time " + value + during + " ("
                    + describe(to, t) + ")";
        } else {
            summary = "check " + check + " on " + targetId + ": response time down to " + value
                    + ", no longer critical (" + describe(to, t) + ")";
        }
        return Optional.of(new Alert(key, AlertKind.LATENCY, severity(to), true, targetId, when, cause, summary,
                facts(check, value, threshold, to, t)));
    }

    private static boolean sustained(Instant since, Duration sustain, Instant at) {
        return since != null && Duration.between(since, at).compareTo(sustain) >= 0;
    }

    private static Severity severity(Level level) {
        return level == Level.CRITICAL ? Severity.MAJOR : Severity.WARNING;
    }

    /** e.g. {@code critical at 2000 ms}, {@code warning at 600 ms = 2 × p95 300 ms of the last 7d}. */
    private static String describe(Level level, Thresholds t) {
        if (level == Level.CRITICAL) {
            return "critical at " + ms(t.criticalMs());
        }
        String base = "warning at " + ms(t.warningMs());
        return t.baseline() == null ? base : base + " = " + number(t.rule().factor()) + " × p"
                + number(t.rule().percentile()) + " " + ms(t.baseline().percentileMs()) + " of the last "
                + t.rule().days() + "d";
    }

    private static Map<String, String> facts(String check, String value, Double threshold, Level level,
            Thresholds t) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(Alert.CHECK, check);
        facts.put(Alert.VALUE, value);
        if (threshold != null) {
            facts.put(Alert.THRESHOLD, ms(threshold));
        }
        if (level == Level.WARNING && t.baseline() != null) {
            facts.put(BASELINE, ms(t.baseline().percentileMs()));
            facts.put(PERCENTILE, number(t.rule().percentile()));
            facts.put(FACTOR, number(t.rule().factor()));
            facts.put(DAYS, Integer.toString(t.rule().days()));
        }
        return facts;
    }

    /** Whole milliseconds, rounded half up: {@code 950 ms}. */
    static String ms(double millis) {
        return BigDecimal.valueOf(millis).setScale(0, RoundingMode.HALF_UP).toPlainString() + " ms";
    }

    /** 2 → {@code 2}, 1.5 → {@code 1.5} */
    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    public static String key(String targetId, String check) {
        return Alert.key(targetId, AlertKind.LATENCY, check);
    }

    /** The level of every watched check of {@code targetId} (NORMAL included). */
    public synchronized Map<String, Level> levels(String targetId) {
        Map<String, Level> levels = new java.util.TreeMap<>();
        targets.getOrDefault(targetId, Map.of()).forEach((check, w) -> levels.put(check, w.level));
        return java.util.Collections.unmodifiableMap(levels);
    }

    /**
     * Takes up a check whose alert was open before a restart or a rebalance, before results are consumed: it is at
     * {@code level} (the incident does not keep the severity: WARNING is the safe guess) with no timer running, so
     * its next result below the band ends the alert, one within it keeps it, one at or above critical escalates after
     * {@code sustain}. Results not newer than {@code since} are ignored. A check already watched is not touched.
     */
    public synchronized void restore(String targetId, String check, Level level, Instant since) {
        Objects.requireNonNull(since, "since");
        if (level == null || level == Level.NORMAL) {
            return;
        }
        Map<String, Watch> checks = targets.computeIfAbsent(targetId, k -> new HashMap<>());
        if (checks.containsKey(check)) {
            return;
        }
        Watch watch = new Watch();
        watch.level = level;
        watch.newest = since;
        checks.put(check, watch);
    }

    /** Drops everything known about every target whose id matches; no alert is ended. */
    public synchronized void forgetIf(Predicate<String> targetId) {
        targets.keySet().removeIf(targetId);
    }
}
