package io.mihari.alert.detect;

import io.mihari.model.catalog.CheckPolicy;
import io.mihari.model.catalog.LatencyThresholds;
import io.mihari.model.event.CheckResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Response-time alerts of a check ({@link LatencyMonitor}): warning 800 ms, critical 2 s, sustain 5 min, hysteresis
 * 10 %; results every 30 s from {@link #T0}.
 */
class LatencyMonitorTest {

    static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String KEY = "kurashiki/krs-juki-ap1|LATENCY|portal";
    static final LatencyThresholds.Level ABSOLUTE = new LatencyThresholds.Level(Duration.ofMillis(800),
            Duration.ofSeconds(2), Duration.ofMinutes(5), 10, null);
    static final LatencyThresholds.Baseline P95_TIMES_2 = new LatencyThresholds.Baseline(95, 7, 2,
            Duration.ofMillis(200));
    static final LatencyThresholds.Level RELATIVE = new LatencyThresholds.Level(null, Duration.ofSeconds(2),
            Duration.ofMinutes(5), 10, P95_TIMES_2);

    final LatencyMonitor monitor = new LatencyMonitor();

    static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    Optional<Alert> up(int seconds, long latencyMs) {
        return monitor.onResult(AP1, "portal", ABSOLUTE, null, true, latencyMs, t(seconds));
    }

    /** The same latency every 30 s from {@code from} to {@code to} (inclusive); the alerts it raised. */
    java.util.List<Alert> run(int from, int to, long latencyMs) {
        java.util.List<Alert> alerts = new java.util.ArrayList<>();
        for (int s = from; s <= to; s += 30) {
            up(s, latencyMs).ifPresent(alerts::add);
        }
        return alerts;
    }

    @Test
    void aLatencyAboveWarningForTheSustainPeriodRaisesAWarningAtExactlySincePlusSustain() {
        assertThat(run(0, 270, 900)).as("4 min 30 s above warning: not yet").isEmpty();

        Alert warning = up(300, 900).orElseThrow();
        assertThat(warning.key()).isEqualTo(KEY);
        assertThat(warning.kind()).isEqualTo(AlertKind.LATENCY);
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(warning.firing()).isTrue();
        assertThat(warning.at()).isEqualTo(t(300));
        assertThat(warning.cause()).isEqualTo(LatencyMonitor.CAUSE_WARNING);
        assertThat(warning.summary()).isEqualTo(
                "check portal on kurashiki/krs-juki-ap1: response time 900 ms for 5m (warning at 800 ms)");
        assertThat(warning.facts()).isEqualTo(Map.of(Alert.CHECK, "portal", Alert.VALUE, "900 ms",
                Alert.THRESHOLD, "800 ms"));
        assertThat(monitor.levels(AP1)).containsEntry("portal", LatencyMonitor.Level.WARNING);
    }

    @Test
    void theAlertIsAtSincePlusSustainEvenWhenTheDecidingResultComesLater() {
        assertThat(up(10, 900)).isEmpty();
        assertThat(up(200, 900)).isEmpty();
        assertThat(up(420, 900)).hasValueSatisfying(a -> assertThat(a.at()).isEqualTo(t(310)));
    }

    @Test
    void aSingleSpikeDoesNotRaiseAnything() {
        assertThat(run(0, 120, 300)).isEmpty();
        assertThat(up(150, 5_000)).isEmpty();
        assertThat(run(180, 900, 300)).isEmpty();
        assertThat(up(930, 5_000)).as("a spike after a normal run starts a new timer").isEmpty();
        assertThat(up(960, 300)).isEmpty();
        assertThat(run(990, 1_500, 900).stream().map(Alert::at)).as("the timer started again at 990 s")
                .containsExactly(t(1_290));
    }

    @Test
    void aboveCriticalEscalatesWithTheSameKey() {
        assertThat(run(0, 300, 900)).hasSize(1);
        assertThat(run(330, 600, 2_500)).as("critical for 4 min 30 s").isEmpty();

        Alert critical = up(630, 2_500).orElseThrow();
        assertThat(critical.key()).isEqualTo(KEY);
        assertThat(critical.severity()).isEqualTo(Severity.MAJOR);
        assertThat(critical.cause()).isEqualTo(LatencyMonitor.CAUSE_CRITICAL);
        assertThat(critical.at()).isEqualTo(t(630));
        assertThat(critical.summary()).isEqualTo(
                "check portal on kurashiki/krs-juki-ap1: response time 2500 ms for 5m (critical at 2000 ms)");
        assertThat(critical.facts()).containsEntry(Alert.THRESHOLD, "2000 ms");
    }

    @Test
    void fromNormalStraightToCriticalIsOneAlert() {
        assertThat(run(0, 270, 3_000)).isEmpty();
        assertThat(up(300, 3_000)).hasValueSatisfying(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.at()).isEqualTo(t(300));
        });
    }

    @Test
    void withinTheHysteresisBandTheLevelHoldsAndBelowItClearsWithLatencyOk() {
        run(0, 300, 900);
        assertThat(up(330, 750)).as("750 ms is within 800 ms − 10 % = 720 ms").isEmpty();
        assertThat(up(360, 720)).as("at the band's edge").isEmpty();

        Alert ok = up(390, 719).orElseThrow();
        assertThat(ok.key()).isEqualTo(KEY);
        assertThat(ok.firing()).isFalse();
        assertThat(ok.severity()).isEqualTo(Severity.WARNING);
        assertThat(ok.cause()).isEqualTo(LatencyMonitor.CAUSE_OK);
        assertThat(ok.at()).isEqualTo(t(390));
        assertThat(ok.summary()).isEqualTo(
                "check portal on kurashiki/krs-juki-ap1: response time back to 719 ms (warning at 800 ms)");
        assertThat(monitor.levels(AP1)).containsEntry("portal", LatencyMonitor.Level.NORMAL);
    }

    @Test
    void criticalFallsBackToWarningThenClears() {
        run(0, 300, 2_500);
        assertThat(up(330, 1_900)).as("within 2000 ms − 10 %").isEmpty();
        Alert warning = up(360, 1_500).orElseThrow();
        assertThat(warning.firing()).isTrue();
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(warning.cause()).isEqualTo(LatencyMonitor.CAUSE_WARNING);
        assertThat(warning.at()).isEqualTo(t(360));
        assertThat(warning.summary()).isEqualTo("check portal on kurashiki/krs-juki-ap1: response time down to"
                + " 1500 ms, no longer critical (warning at 800 ms)");
        Alert ok = up(390, 500).orElseThrow();
        assertThat(ok.firing()).isFalse();
        assertThat(ok.cause()).isEqualTo(LatencyMonitor.CAUSE_OK);
    }

    @Test
    void failingResultsAreIgnoredTheyNeitherCountNorBreakTheTimer() {
        assertThat(run(0, 120, 900)).isEmpty();
        for (int s = 150; s <= 240; s += 30) {
            assertThat(monitor.onResult(AP1, "portal", ABSOLUTE, null, false, 30_000, t(s))).isEmpty();
        }
        assertThat(run(270, 300, 900)).singleElement().satisfies(a -> {
            assertThat(a.severity()).as("30 s DOWN results did not count as critical").isEqualTo(Severity.WARNING);
            assertThat(a.at()).isEqualTo(t(300));
        });
        // a DOWN check with a fast failure (connection refused in 1 ms) does not end the alert either
        assertThat(monitor.onResult(AP1, "portal", ABSOLUTE, null, false, 1, t(330))).isEmpty();
        assertThat(monitor.levels(AP1)).containsEntry("portal", LatencyMonitor.Level.WARNING);
    }

    @Test
    void replayedResultsAreIgnored() {
        run(0, 300, 900);
        assertThat(up(300, 100)).as("the same instant again").isEmpty();
        assertThat(up(120, 100)).as("older").isEmpty();
        assertThat(monitor.levels(AP1)).containsEntry("portal", LatencyMonitor.Level.WARNING);
    }

    @Test
    void theBaselineSetsTheWarningThresholdFactorTimesThePercentile() {
        LatencyBaselines.Baseline p95 = new LatencyBaselines.Baseline(300, 2_000, T0);
        assertThat(LatencyMonitor.Thresholds.of(RELATIVE, p95).warningMs()).isEqualTo(600);

        for (int s = 0; s < 300; s += 30) {
            assertThat(monitor.onResult(AP1, "portal", RELATIVE, p95, true, 650, t(s))).isEmpty();
        }
        Alert warning = monitor.onResult(AP1, "portal", RELATIVE, p95, true, 650, t(300)).orElseThrow();
        assertThat(warning.at()).isEqualTo(t(300));
        assertThat(warning.summary()).isEqualTo("check portal on kurashiki/krs-juki-ap1: response time 650 ms for 5m"
                + " (warning at 600 ms = 2 × p95 300 ms of the last 7d)");
        assertThat(warning.facts()).isEqualTo(Map.of(Alert.CHECK, "portal", Alert.VALUE, "650 ms",
                Alert.THRESHOLD, "600 ms", LatencyMonitor.BASELINE, "300 ms", LatencyMonitor.PERCENTILE, "95",
                LatencyMonitor.FACTOR, "2", LatencyMonitor.DAYS, "7"));
    }

    @Test
    void theBaselineWarningIsNeverBelowTheFloorNorAboveCritical() {
        LatencyBaselines.Baseline fast = new LatencyBaselines.Baseline(50, 2_000, T0);
        assertThat(LatencyMonitor.Thresholds.of(RELATIVE, fast).warningMs()).as("2 × 50 ms, floor 200 ms")
                .isEqualTo(200);
        LatencyBaselines.Baseline slow = new LatencyBaselines.Baseline(1_500, 2_000, T0);
        assertThat(LatencyMonitor.Thresholds.of(RELATIVE, slow).warningMs()).as("2 × 1500 ms, critical 2 s")
                .isEqualTo(2_000);

        for (int s = 0; s < 300; s += 30) {
            assertThat(monitor.onResult(AP1, "portal", RELATIVE, fast, true, 199, t(s))).isEmpty();
        }
        assertThat(monitor.onResult(AP1, "portal", RELATIVE, fast, true, 199, t(300))).as("below the floor").isEmpty();
        for (int s = 330; s < 630; s += 30) {
            assertThat(monitor.onResult(AP1, "portal", RELATIVE, fast, true, 250, t(s))).isEmpty();
        }
        assertThat(monitor.onResult(AP1, "portal", RELATIVE, fast, true, 250, t(630)))
                .hasValueSatisfying(a -> assertThat(a.facts()).containsEntry(Alert.THRESHOLD, "200 ms"));
    }

    @Test
    void untilABaselineExistsOnlyTheAbsoluteThresholdsApply() {
        assertThat(LatencyBaselines.of(new LatencyBaselines.Stats(99, 300.0), T0)).as("fewer than 100 results")
                .isEmpty();
        assertThat(LatencyBaselines.of(new LatencyBaselines.Stats(0, null), T0)).isEmpty();
        assertThat(LatencyBaselines.of(new LatencyBaselines.Stats(100, 300.0), T0))
                .contains(new LatencyBaselines.Baseline(300, 100, T0));

        LatencyThresholds.Level both = new LatencyThresholds.Level(Duration.ofMillis(800), Duration.ofSeconds(2),
                Duration.ofMinutes(5), 10, P95_TIMES_2);
        LatencyMonitor.Thresholds before = LatencyMonitor.Thresholds.of(both, null);
        assertThat(before.warningMs()).isEqualTo(800);
        assertThat(before.baseline()).isNull();
        assertThat(LatencyMonitor.Thresholds.of(both, new LatencyBaselines.Baseline(300, 100, T0)).warningMs())
                .isEqualTo(600);

        // baseline only, not known yet: only critical applies
        LatencyMonitor.Thresholds relative = LatencyMonitor.Thresholds.of(RELATIVE, null);
        assertThat(relative.warningMs()).isNull();
        assertThat(relative.criticalMs()).isEqualTo(2_000);
        for (int s = 0; s <= 600; s += 30) {
            assertThat(monitor.onResult(AP1, "portal", RELATIVE, null, true, 1_500, t(s))).isEmpty();
        }
    }

    @Test
    void baselinesAreKeptPerCheckAndRule() {
        LatencyBaselines baselines = new LatencyBaselines();
        LatencyBaselines.Key key = new LatencyBaselines.Key(AP1, "portal", 95, 7);
        baselines.update(key, new LatencyBaselines.Stats(2_016, 312.5), T0);
        assertThat(baselines.get(AP1, "portal", P95_TIMES_2)).isEqualTo(new LatencyBaselines.Baseline(312.5, 2_016, T0));
        assertThat(baselines.get(AP1, "portal", new LatencyThresholds.Baseline(99, 7, 2, Duration.ofMillis(200))))
                .as("another percentile is another baseline").isNull();
        assertThat(baselines.get(AP1, "portal", null)).isNull();
        baselines.update(key, new LatencyBaselines.Stats(12, 900.0), T0.plus(Duration.ofHours(1)));
        assertThat(baselines.get(AP1, "portal", P95_TIMES_2)).as("too few results now: none").isNull();
    }

    /** The example of docs/detection.md, "Response time 応答時間". */
    @Test
    void theDocumentedExample() {
        LatencyThresholds.Level level = new LatencyThresholds.Level(Duration.ofMillis(800), Duration.ofSeconds(2),
                Duration.ofMinutes(5), 10, P95_TIMES_2);
        LatencyBaselines.Baseline p95 = new LatencyBaselines.Baseline(300, 2_016, T0);
        java.util.List<Alert> alerts = new java.util.ArrayList<>();
        java.util.function.BiConsumer<Integer, Long> result = (s, ms) -> monitor.onResult(AP1, "portal", level, p95,
                true, ms, t(s)).ifPresent(alerts::add);
        for (int s = 0; s < 120; s += 30) {
            result.accept(s, 650L);
        }
        result.accept(120, 3_000L);
        result.accept(150, 640L);
        monitor.onResult(AP1, "portal", level, p95, false, 30_000, t(180)).ifPresent(alerts::add);
        for (int s = 210; s < 300; s += 30) {
            result.accept(s, 650L);
        }
        assertThat(alerts).isEmpty();
        result.accept(300, 650L);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.at()).isEqualTo(Instant.parse("2026-12-07T01:05:00Z"));
            assertThat(a.summary()).isEqualTo("check portal on kurashiki/krs-juki-ap1: response time 650 ms for 5m"
                    + " (warning at 600 ms = 2 × p95 300 ms of the last 7d)");
        });
        result.accept(330, 650L);
        result.accept(360, 560L);
        assertThat(alerts).hasSize(1);
        result.accept(390, 480L);
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1).cause()).isEqualTo(LatencyMonitor.CAUSE_OK);
        assertThat(alerts.get(1).at()).isEqualTo(Instant.parse("2026-12-07T01:06:30Z"));
        assertThat(alerts.get(1).facts()).containsEntry(Alert.VALUE, "480 ms");
    }

    @Test
    void aCheckNoLongerInTheCatalogEndsItsAlert() {
        run(0, 300, 900);
        Alert ended = monitor.onResult(AP1, "portal", null, null, true, 900, t(330)).orElseThrow();
        assertThat(ended.firing()).isFalse();
        assertThat(ended.cause()).isEqualTo(LatencyMonitor.CAUSE_OK);
        assertThat(ended.summary()).isEqualTo("check portal on kurashiki/krs-juki-ap1: response time no longer watched");
        assertThat(monitor.onResult(AP1, "portal", null, null, true, 900, t(360))).isEmpty();
    }

    @Test
    void throughTargetDetectionALatencyAlertNeverChangesTheTargetStatus() {
        TargetDetection detection = new TargetDetection(3);
        LivenessMonitor.TargetRef ref = new LivenessMonitor.TargetRef(AP1, "kurashiki-juki", "kurashiki", "juki",
                "krs-juki-ap1");
        detection.onHeartbeat(ref, Duration.ofSeconds(10), T0);
        TargetDetection.Output all = TargetDetection.Output.NONE;
        for (int s = 0; s <= 300; s += 30) {
            CheckResult slow = new CheckResult("portal", CheckResult.Kind.HTTP, CheckResult.Status.UP, 2_500, "HTTP 200",
                    null);
            all = all.and(detection.onCheck(ref, CheckPolicy.DEFAULT, slow, t(s), t(s)))
                    .and(detection.onLatency(ref, ABSOLUTE, null, slow, t(s)));
        }
        assertThat(all.transitions()).isEmpty();
        assertThat(all.alerts()).extracting(Alert::key, Alert::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple(KEY, Severity.MAJOR));
        assertThat(detection.status(AP1)).isEqualTo(TargetStatus.UP);
    }

    @Test
    void anOpenAlertIsTakenUpAfterARestart() {
        TargetDetection restarted = new TargetDetection(3);
        LivenessMonitor.TargetRef ref = new LivenessMonitor.TargetRef(AP1, "kurashiki-juki", "kurashiki", "juki",
                "krs-juki-ap1");
        restarted.restoreAlert(KEY, AP1, T0);
        CheckResult within = new CheckResult("portal", CheckResult.Kind.HTTP, CheckResult.Status.UP, 750, null, null);
        assertThat(restarted.onLatency(ref, ABSOLUTE, null, within, t(30)).alerts()).as("within the band").isEmpty();
        CheckResult fast = new CheckResult("portal", CheckResult.Kind.HTTP, CheckResult.Status.UP, 300, null, null);
        assertThat(restarted.onLatency(ref, ABSOLUTE, null, fast, t(60)).alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(KEY);
            assertThat(a.firing()).isFalse();
            assertThat(a.cause()).isEqualTo(LatencyMonitor.CAUSE_OK);
            assertThat(a.at()).isEqualTo(t(60));
        });
    }
}
