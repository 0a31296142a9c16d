package io.mihari.model.catalog;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Resource thresholds of a target, per metric. A metric is at WARNING (or CRITICAL) once it has stayed at or
 * above that level for {@link Level#sustain()}; it leaves a level only when it falls below the level minus
 * {@link Level#hysteresis()} percentage points.
 */
public record ResourceThresholds(Map<Metric, Level> levels) {

    /** What is measured, all in percent of capacity (CPU: of all cores). */
    public enum Metric { CPU, MEMORY, SWAP, DISK }

    /**
     * @param warning percent at which a warning is raised
     * @param critical percent at which it is critical (at least {@code warning})
     * @param sustain how long the value must stay at or above a level before it counts (zero: at once)
     * @param hysteresis percentage points below a level before it is left again
     */
    public record Level(double warning, double critical, Duration sustain, double hysteresis) {
        public Level {
            if (!(warning > 0 && warning <= 100) || !(critical >= warning && critical <= 100)) {
                throw new IllegalArgumentException(
                        "thresholds must satisfy 0 < warning <= critical <= 100, were " + warning + " / " + critical);
            }
            if (sustain == null || sustain.isNegative()) {
                throw new IllegalArgumentException("sustain must be zero or positive");
            }
            if (hysteresis < 0 || hysteresis >= warning) {
                throw new IllegalArgumentException("hysteresis must be within [0, warning), was " + hysteresis);
            }
        }
    }

    public static final ResourceThresholds DEFAULT = new ResourceThresholds(Map.of(
            Metric.CPU, new Level(85, 95, Duration.ofMinutes(5), 5),
            Metric.MEMORY, new Level(85, 95, Duration.ofMinutes(5), 5),
            Metric.SWAP, new Level(50, 80, Duration.ofMinutes(5), 5),
            Metric.DISK, new Level(80, 90, Duration.ZERO, 2)));

    public ResourceThresholds {
        EnumMap<Metric, Level> all = new EnumMap<>(Metric.class);
        all.putAll(levels);
        levels = java.util.Collections.unmodifiableMap(all);
    }

    /** The level of a metric; a metric without thresholds is not watched (empty). */
    public java.util.Optional<Level> level(Metric metric) {
        return java.util.Optional.ofNullable(levels.get(metric));
    }
}
