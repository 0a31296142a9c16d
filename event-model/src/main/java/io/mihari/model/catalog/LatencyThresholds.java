package io.mihari.model.catalog;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Response-time 応答時間 thresholds of a target's liveness checks, by check name (the name in the agent configuration,
 * e.g. {@code portal}). Only the latency of passing (UP) results is judged; a check without an entry is not judged
 * for latency at all. Read by {@code CatalogLoader} from a target's {@code latency:} mapping:
 * <pre>
 * latency:
 *   portal: {warning: 800ms, critical: 2s, sustain: 5m, hysteresis: 10%,
 *            baseline: {percentile: 95, days: 7, factor: 2, floor: 200ms}}
 * </pre>
 *
 * @param checks check name → its thresholds
 */
public record LatencyThresholds(Map<String, Level> checks) {

    /** No check is judged for latency. */
    public static final LatencyThresholds NONE = new LatencyThresholds(Map.of());

    public static final Duration DEFAULT_SUSTAIN = Duration.ofMinutes(5);
    public static final double DEFAULT_HYSTERESIS = 10;

    /**
     * A warning threshold relative to the check's own usual response time: {@code factor} × the {@code percentile}-th
     * percentile of its passing results of the last {@code days} days, never below {@code floor} (a check that usually
     * answers in 20 ms is not slow at 41 ms).
     *
     * @param percentile which percentile, 50 to 99.9
     * @param days how many days of results, 1 to 90 (events are kept 90 days)
     * @param factor how many times the percentile is slow, at least 1
     * @param floor the least the warning threshold can be; more than zero
     */
    public record Baseline(double percentile, int days, double factor, Duration floor) {

        public static final double DEFAULT_PERCENTILE = 95;
        public static final int DEFAULT_DAYS = 7;
        public static final double DEFAULT_FACTOR = 2;
        public static final Duration DEFAULT_FLOOR = Duration.ofMillis(100);
        public static final int MAX_DAYS = 90;

        public Baseline {
            if (!(percentile >= 50 && percentile <= 99.9)) {
                throw new IllegalArgumentException("percentile must be within 50..99.9, was " + percentile);
            }
            if (days < 1 || days > MAX_DAYS) {
                throw new IllegalArgumentException("days must be within 1.." + MAX_DAYS + ", was " + days);
            }
            if (!(factor >= 1) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("factor must be at least 1, was " + factor);
            }
            if (floor == null || floor.isNegative() || floor.isZero()) {
                throw new IllegalArgumentException("floor must be more than zero, was " + floor);
            }
        }

        /** The warning threshold for a percentile of {@code percentileMs}: factor × it, never below the floor. */
        public double warningMs(double percentileMs) {
            return Math.max(floor.toMillis(), factor * percentileMs);
        }
    }

    /**
     * One check's thresholds. A level is entered once the latency has stayed at or above it for {@code sustain}, and
     * left when it falls below the level less {@code hysteresis} percent of it (a warning at 800 ms with 10 % is left
     * below 720 ms).
     *
     * @param warning absolute warning threshold; with a baseline, the one used until the baseline is known; null: none
     * @param critical absolute critical threshold (MAJOR), never relative; null: none
     * @param sustain how long the latency must stay at or above a level before it counts (zero: at once)
     * @param hysteresis percent of a threshold below it before its level is left, in [0, 100)
     * @param baseline the warning threshold relative to the check's usual latency; null: none
     */
    public record Level(Duration warning, Duration critical, Duration sustain, double hysteresis, Baseline baseline) {

        public Level {
            if (warning == null && critical == null && baseline == null) {
                throw new IllegalArgumentException("needs warning, critical or baseline");
            }
            if (warning != null && (warning.isNegative() || warning.isZero())) {
                throw new IllegalArgumentException("warning must be more than zero, was " + warning);
            }
            if (critical != null && (critical.isNegative() || critical.isZero())) {
                throw new IllegalArgumentException("critical must be more than zero, was " + critical);
            }
            if (warning != null && critical != null && warning.compareTo(critical) > 0) {
                throw new IllegalArgumentException("warning must be at most critical");
            }
            if (baseline != null && critical != null && baseline.floor().compareTo(critical) > 0) {
                throw new IllegalArgumentException("baseline floor must be at most critical");
            }
            if (sustain == null || sustain.isNegative()) {
                throw new IllegalArgumentException("sustain must be zero or positive");
            }
            if (!(hysteresis >= 0 && hysteresis < 100)) {
                throw new IllegalArgumentException("hysteresis must be within [0, 100) percent, was " + hysteresis);
            }
        }
    }

    public LatencyThresholds {
        checks = Collections.unmodifiableMap(new TreeMap<>(checks == null ? Map.of() : checks));
    }

    /** The thresholds of a check; a check without any is not judged for latency (empty). */
    public Optional<Level> of(String check) {
        return Optional.ofNullable(checks.get(check));
    }

    public boolean isEmpty() {
        return checks.isEmpty();
    }
}
