package io.mihari.alert.detect;

import io.mihari.model.catalog.ResourceThresholds;
import io.mihari.model.catalog.ResourceThresholds.Metric;
import io.mihari.model.event.ResourceSample;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Resource thresholds with a sustain time and hysteresis, per target and per subject: {@code CPU},
 * {@code MEMORY} (used / total), {@code SWAP} (used / total) and one {@code DISK:<mount>} per file system. Pure
 * logic, no I/O; time is always the sample's instant as passed in.
 *
 * <p>Each subject is at a {@link Level}. With the metric's warning threshold {@code w}, critical threshold
 * {@code c}, hysteresis {@code h} and sustain {@code s}, on every sample of value {@code v} at instant {@code t}:
 * <ol>
 * <li><b>Timers.</b> The warning timer runs from the first sample of the current run of samples with
 *     {@code v >= w}; the critical timer likewise for {@code v >= c}. A sample below the threshold stops (resets)
 *     the timer, even while the level is held by hysteresis.</li>
 * <li><b>Leaving</b> is immediate and needs no sustain: CRITICAL is left when {@code v < c - h}, to WARNING if
 *     {@code v >= w - h} (the value is still within warning's band) and otherwise straight to NORMAL; WARNING is
 *     left for NORMAL when {@code v < w - h}. A value sitting exactly at a threshold, or anywhere in
 *     {@code [threshold - h, threshold)}, therefore keeps the level it has: no oscillation.</li>
 * <li><b>Entering</b> a higher level needs its timer to have run for at least {@code s}
 *     ({@code t - timerStart >= s}; with {@code s = 0} on the first sample at or above the threshold). CRITICAL
 *     is checked first, so a value jumping from normal to critical raises one CRITICAL alert, not a WARNING
 *     followed by a CRITICAL. The alert's instant is the timer's start: when the value first reached the
 *     threshold.</li>
 * </ol>
 * Leaving and entering cannot both happen on one sample (leaving a level means being below its threshold, which
 * stops its timer). Only consecutive samples count: a gap in the samples does not break a timer, since nothing
 * says the value dipped meanwhile.
 *
 * <p>Alerts, keyed {@code Alert.key(targetId, RESOURCE, subject)}: entering or escalating to a level fires with
 * its severity (WARNING → {@link Severity#WARNING}, CRITICAL → {@link Severity#MAJOR}) and cause
 * {@code RESOURCE_WARNING} / {@code RESOURCE_CRITICAL}; de-escalating from CRITICAL to WARNING fires again with
 * WARNING severity, cause {@code RESOURCE_WARNING}, at the sample's instant; returning to NORMAL ends the alert
 * (not firing, the severity it had, cause {@code RESOURCE_RECOVERED}, at the sample's instant).
 *
 * <p>A subject that a sample does not evaluate any more stops being watched and its state is dropped; if its
 * level was not NORMAL its alert is ended (cause {@code RESOURCE_RECOVERED}, summary saying it is no longer
 * reported). That is the case for a disk whose mount is missing from the sample (unmounted, removed), for memory
 * or swap whose total is 0 (no swap configured), and for a metric whose thresholds were removed from the
 * catalog. Should the subject come back, it starts from NORMAL with fresh timers.
 *
 * <p>Samples are applied in order per target: a sample not newer than the newest already applied for the target
 * (replayed from an agent's spool, or delivered twice) is ignored.
 *
 * <p>After a restart, {@link #restore} takes up a subject whose alert was still open: it is at the restored level
 * straight away, so the next sample continues the alert (leaving, staying or escalating by the rules above)
 * instead of starting from NORMAL, which would need {@code sustain} to see again what was already alerted.
 */
public final class ResourceMonitor {

    /** Where a subject stands. */
    public enum Level { NORMAL, WARNING, CRITICAL }

    public static final String CAUSE_WARNING = "RESOURCE_WARNING";
    public static final String CAUSE_CRITICAL = "RESOURCE_CRITICAL";
    public static final String CAUSE_RECOVERED = "RESOURCE_RECOVERED";

    /** One subject's level and the start of its running timers (null: not running). */
    private static final class Watch {
        Level level = Level.NORMAL;
        Instant warningSince;
        Instant criticalSince;
    }

    private static final class TargetState {
        Instant newest;
        /** subject → watch, in the order of the last sample's evaluation */
        Map<String, Watch> subjects = new LinkedHashMap<>();
    }

    /** A subject as measured by one sample. */
    private record Measure(String subject, double value, ResourceThresholds.Level thresholds) {
    }

    private final Map<String, TargetState> targets = new HashMap<>();

    /**
     * Applies one resource sample of {@code targetId}, taken at {@code at}, under {@code thresholds}.
     *
     * @return the alerts it raised, changed or ended, CPU, memory, swap, disks (in sample order), then subjects
     *         that are no longer reported
     */
    public synchronized List<Alert> onSample(String targetId, ResourceThresholds thresholds, ResourceSample sample,
            Instant at) {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(at, "at");
        TargetState state = targets.computeIfAbsent(targetId, k -> new TargetState());
        if (state.newest != null && !at.isAfter(state.newest)) {
            return List.of(); // replayed or duplicate
        }
        state.newest = at;

        List<Alert> alerts = new ArrayList<>();
        Map<String, Watch> evaluated = new LinkedHashMap<>();
        for (Measure m : measures(thresholds, sample)) {
            if (evaluated.containsKey(m.subject())) {
                continue; // the same mount listed twice: the first one counts
            }
            Watch watch = state.subjects.getOrDefault(m.subject(), new Watch());
            evaluate(targetId, m, watch, at).ifPresent(alerts::add);
            evaluated.put(m.subject(), watch);
        }
        for (Map.Entry<String, Watch> gone : state.subjects.entrySet()) {
            if (!evaluated.containsKey(gone.getKey()) && gone.getValue().level != Level.NORMAL) {
                String subject = gone.getKey();
                alerts.add(new Alert(Alert.key(targetId, AlertKind.RESOURCE, subject), AlertKind.RESOURCE,
                        severity(gone.getValue().level), false, targetId, at, CAUSE_RECOVERED,
                        label(subject) + " no longer reported"));
            }
        }
        state.subjects = evaluated;
        return alerts;
    }

    /** Every subject the sample lets us evaluate under the thresholds, in a fixed order. */
    private static List<Measure> measures(ResourceThresholds thresholds, ResourceSample sample) {
        List<Measure> measures = new ArrayList<>();
        thresholds.level(Metric.CPU).ifPresent(l -> measures.add(new Measure("CPU", sample.cpuPercent(), l)));
        thresholds.level(Metric.MEMORY).ifPresent(l -> {
            if (sample.memoryTotalBytes() > 0) {
                measures.add(new Measure("MEMORY",
                        100.0 * sample.memoryUsedBytes() / sample.memoryTotalBytes(), l));
            }
        });
        thresholds.level(Metric.SWAP).ifPresent(l -> {
            if (sample.swapTotalBytes() > 0) {
                measures.add(new Measure("SWAP", 100.0 * sample.swapUsedBytes() / sample.swapTotalBytes(), l));
            }
        });
        thresholds.level(Metric.DISK).ifPresent(l -> {
            for (ResourceSample.Disk disk : sample.disks()) {
                measures.add(new Measure("DISK:" + disk.mount(), disk.usedPercent(), l));
            }
        });
        return measures;
    }

    /** Applies one value to one subject's watch (updated in place); returns the alert of a level change. */
    private static Optional<Alert> evaluate(String targetId, Measure m, Watch watch, Instant at) {
        ResourceThresholds.Level t = m.thresholds();
        double v = m.value();
        watch.warningSince = v >= t.warning() ? (watch.warningSince == null ? at : watch.warningSince) : null;
        watch.criticalSince = v >= t.critical() ? (watch.criticalSince == null ? at : watch.criticalSince) : null;

        Level from = watch.level;
        Level to = from;
        Instant since = at;
        if (from == Level.CRITICAL && v < t.critical() - t.hysteresis()) {
            to = v >= t.warning() - t.hysteresis() ? Level.WARNING : Level.NORMAL;
        } else if (from == Level.WARNING && v < t.warning() - t.hysteresis()) {
            to = Level.NORMAL;
        }
        if (to != Level.CRITICAL && sustained(watch.criticalSince, t.sustain(), at)) {
            to = Level.CRITICAL;
            since = watch.criticalSince;
        } else if (to == Level.NORMAL && sustained(watch.warningSince, t.sustain(), at)) {
            to = Level.WARNING;
            since = watch.warningSince;
        }
        if (to == from) {
            return Optional.empty();
        }
        watch.level = to;

        String key = Alert.key(targetId, AlertKind.RESOURCE, m.subject());
        String value = String.format(Locale.ROOT, "%.1f%%", v);
        if (to == Level.NORMAL) {
            return Optional.of(new Alert(key, AlertKind.RESOURCE, severity(from), false, targetId, at,
                    CAUSE_RECOVERED, label(m.subject()) + " back to " + value + " (" + threshold(from, t) + ")",
                    Map.of(Alert.VALUE, value, Alert.THRESHOLD, limit(from, t))));
        }
        String cause = to == Level.CRITICAL ? CAUSE_CRITICAL : CAUSE_WARNING;
        String summary;
        if (to.compareTo(from) > 0) {
            Duration held = Duration.between(since, at);
            String during = held.getSeconds() > 0 ? " for " + duration(held) : "";
            summary = label(m.subject()) + " at " + value + during + " (" + threshold(to, t) + ")";
        } else {
            summary = label(m.subject()) + " down to " + value + ", no longer critical (" + threshold(to, t) + ")";
        }
        return Optional.of(new Alert(key, AlertKind.RESOURCE, severity(to), true, targetId, since, cause,
                summary, Map.of(Alert.VALUE, value, Alert.THRESHOLD, limit(to, t))));
    }

    private static boolean sustained(Instant since, Duration sustain, Instant at) {
        return since != null && Duration.between(since, at).compareTo(sustain) >= 0;
    }

    private static Severity severity(Level level) {
        return level == Level.CRITICAL ? Severity.MAJOR : Severity.WARNING;
    }

    /** e.g. {@code critical at 95%} */
    private static String threshold(Level level, ResourceThresholds.Level t) {
        return level == Level.CRITICAL ? "critical at " + percent(t.critical()) + "%"
                : "warning at " + percent(t.warning()) + "%";
    }

    /** The level's threshold, e.g. {@code 90%}. */
    private static String limit(Level level, ResourceThresholds.Level t) {
        return percent(level == Level.CRITICAL ? t.critical() : t.warning()) + "%";
    }

    /** 90 → {@code 90}, 92.5 → {@code 92.5} */
    private static String percent(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** e.g. {@code 5m}, {@code 1h30m}, {@code 45s} (whole seconds) */
    private static String duration(Duration d) {
        long s = d.getSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 > 0) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }

    /** The human name of a subject key, e.g. {@code DISK:/var} → {@code disk /var}. */
    private static String label(String subject) {
        return switch (subject) {
            case "CPU" -> "CPU";
            case "MEMORY" -> "memory";
            case "SWAP" -> "swap";
            default -> subject.startsWith("DISK:") ? "disk " + subject.substring("DISK:".length()) : subject;
        };
    }

    /** The current level of every watched subject of {@code targetId} (NORMAL included), e.g. for a dashboard. */
    public synchronized Map<String, Level> levels(String targetId) {
        TargetState state = targets.get(targetId);
        if (state == null) {
            return Map.of();
        }
        Map<String, Level> levels = new LinkedHashMap<>();
        state.subjects.forEach((subject, watch) -> levels.put(subject, watch.level));
        return Collections.unmodifiableMap(levels);
    }

    /**
     * Takes up a subject whose alert was open before a restart or a rebalance, before samples are consumed: the
     * subject is at {@code level} as if it had entered it at {@code since} (when its alert began), without an
     * alert. Its timers are not running; the thresholds are those of the next sample. So the next sample of the
     * subject below the level minus hysteresis ends the alert ({@code RESOURCE_RECOVERED}, or "no longer reported"
     * when the sample does not evaluate the subject), one within the hysteresis band keeps it, and one at or above
     * a higher level starts that level's timer and escalates after {@code sustain}, with an alert of the same key.
     * Samples not newer than {@code since} are ignored afterwards (the alert shows the subject was at the level
     * then). A subject that already has a state is not touched (what was seen wins over what was stored); NORMAL is
     * not restored.
     */
    public synchronized void restore(String targetId, String subject, Level level, Instant since) {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(since, "since");
        if (level == null || level == Level.NORMAL) {
            return;
        }
        TargetState state = targets.computeIfAbsent(targetId, k -> new TargetState());
        if (state.subjects.containsKey(subject)) {
            return;
        }
        Watch watch = new Watch();
        watch.level = level;
        state.subjects.put(subject, watch);
        if (state.newest == null || since.isAfter(state.newest)) {
            state.newest = since;
        }
    }

    /**
     * Drops everything known about {@code targetId} (e.g. it is now watched by another instance); no alert is
     * ended.
     */
    public synchronized void forget(String targetId) {
        targets.remove(targetId);
    }

    /** Drops everything known about every target whose id matches; no alert is ended. */
    public synchronized void forgetIf(Predicate<String> targetId) {
        targets.keySet().removeIf(targetId);
    }
}
