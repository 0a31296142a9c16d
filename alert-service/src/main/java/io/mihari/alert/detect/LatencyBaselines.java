package io.mihari.alert.detect;

import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.LatencyThresholds;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.Target;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The usual response time of each check whose latency threshold is relative ({@link LatencyThresholds.Baseline}):
 * its {@code percentile} over the passing results of the last {@code days} days, kept in memory. Computed by
 * OpenSearch from the stored CHECK_RESULT events (a percentiles aggregation, {@code StateReader.latencyStats}),
 * refreshed every {@link #REFRESH_EVERY} off the ingest thread ({@link LatencyBaselineRefresher}), read by detection
 * on every result. Until a check has {@link #MIN_RESULTS} passing results in its window it has no baseline, and only
 * its absolute thresholds apply. Thread-safe: written by the refresher, read by ingest.
 */
@jakarta.inject.Singleton
public final class LatencyBaselines {

    /** Fewer passing results than this in the window make no baseline (too few to say what is usual). */
    public static final int MIN_RESULTS = 100;
    /** How often a check's baseline is computed again. */
    public static final Duration REFRESH_EVERY = Duration.ofHours(1);

    /** Which baseline: a check of a target under one rule (a changed percentile or window is another baseline). */
    public record Key(String targetId, String check, double percentile, int days) {
    }

    /**
     * A check's usual latency.
     *
     * @param percentileMs the percentile of its passing results' latency, in milliseconds
     * @param results how many passing results it was taken over
     * @param computedAt when it was computed (the window ends then)
     */
    public record Baseline(double percentileMs, long results, Instant computedAt) {
    }

    /**
     * What the events say of a check's window: how many passing results it has and their percentile (null when
     * there are none).
     */
    public record Stats(long results, Double percentileMs) {
    }

    private final Map<Key, Baseline> known = new ConcurrentHashMap<>();
    private final Map<Key, Instant> computed = new ConcurrentHashMap<>();

    /**
     * The baseline of {@code stats}, if it is one: at least {@link #MIN_RESULTS} results and a percentile that is a
     * number of milliseconds (not negative, finite).
     */
    public static Optional<Baseline> of(Stats stats, Instant at) {
        if (stats == null || stats.results() < MIN_RESULTS || stats.percentileMs() == null
                || stats.percentileMs().isNaN() || stats.percentileMs().isInfinite() || stats.percentileMs() < 0) {
            return Optional.empty();
        }
        return Optional.of(new Baseline(stats.percentileMs(), stats.results(), at));
    }

    /** The known baseline of a check under {@code rule}; null when there is none (yet). */
    public Baseline get(String targetId, String check, LatencyThresholds.Baseline rule) {
        return rule == null ? null : known.get(new Key(targetId, check, rule.percentile(), rule.days()));
    }

    /** Every baseline the catalog asks for, in catalog order. */
    public static List<Key> wanted(Catalog catalog) {
        Set<Key> keys = new LinkedHashSet<>();
        for (Service s : catalog.services()) {
            for (Target t : s.targets()) {
                t.latency().checks().forEach((check, level) -> {
                    if (level.baseline() != null) {
                        keys.add(new Key(t.id(), check, level.baseline().percentile(), level.baseline().days()));
                    }
                });
            }
        }
        return new ArrayList<>(keys);
    }

    /**
     * The baselines to compute now: those the catalog asks for that were never computed or not for
     * {@link #REFRESH_EVERY}. Baselines the catalog no longer asks for are dropped.
     */
    public List<Key> due(Catalog catalog, Instant now) {
        List<Key> wanted = wanted(catalog);
        Set<Key> keep = Set.copyOf(wanted);
        known.keySet().retainAll(keep);
        computed.keySet().retainAll(keep);
        return wanted.stream().filter(k -> {
            Instant last = computed.get(k);
            return last == null || !now.isBefore(last.plus(REFRESH_EVERY));
        }).toList();
    }

    /** What the events said of {@code key} at {@code at}: its baseline from now on, or none (too few results). */
    public void update(Key key, Stats stats, Instant at) {
        computed.put(key, at);
        Optional<Baseline> baseline = of(stats, at);
        if (baseline.isPresent()) {
            known.put(key, baseline.get());
        } else {
            known.remove(key);
        }
    }
}
