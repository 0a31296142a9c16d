package io.mihari.model.catalog;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Response-time thresholds of a target's checks ({@code latency:}): read, defaulted, refused with key paths. */
class CatalogLatencyTest {

    private static Catalog load(String yaml) {
        return CatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    /** The valid test catalog with its first target ({@code krs-juki-ap1}) given {@code latency}. */
    private static String withLatency(String latency) throws Exception {
        try (InputStream in = CatalogLatencyTest.class.getResourceAsStream("/catalog/valid.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return yaml.replace("      - {host: krs-juki-ap1, role: AP/WEB, redundancyGroup: ap-web}\n",
                    "      - host: krs-juki-ap1\n        role: AP/WEB\n        redundancyGroup: ap-web\n"
                            + "        latency:\n" + latency);
        }
    }

    private static void assertProblems(String yaml, String... expected) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOfSatisfying(CatalogException.class,
                e -> assertThat(e.problems()).containsExactly(expected));
    }

    private static Target ap1(Catalog catalog) {
        return catalog.target("kurashiki/krs-juki-ap1").orElseThrow();
    }

    @Test
    void thresholdsAreReadPerCheckWithDefaults() throws Exception {
        Catalog catalog = load(withLatency("""
                          portal: {warning: 800ms, critical: 2s, sustain: 10m, hysteresis: 5%,
                                   baseline: {percentile: 99, days: 14, factor: 1.5, floor: 300ms}}
                          api: {critical: 3s}
                          search: {baseline: {}}
                """));

        LatencyThresholds latency = ap1(catalog).latency();
        assertThat(latency.checks()).containsOnlyKeys("portal", "api", "search");
        assertThat(latency.of("portal")).contains(new LatencyThresholds.Level(Duration.ofMillis(800),
                Duration.ofSeconds(2), Duration.ofMinutes(10), 5,
                new LatencyThresholds.Baseline(99, 14, 1.5, Duration.ofMillis(300))));
        assertThat(latency.of("api")).contains(new LatencyThresholds.Level(null, Duration.ofSeconds(3),
                Duration.ofMinutes(5), 10, null));
        assertThat(latency.of("search")).contains(new LatencyThresholds.Level(null, null, Duration.ofMinutes(5), 10,
                new LatencyThresholds.Baseline(95, 7, 2, Duration.ofMillis(100))));
        assertThat(latency.of("juki-web")).isEmpty();
        // a target without the key has none
        assertThat(catalog.target("kurashiki/krs-juki-db1").orElseThrow().latency())
                .isEqualTo(LatencyThresholds.NONE);
    }

    @Test
    void theBaselineWarningIsFactorTimesThePercentileNeverBelowTheFloor() {
        LatencyThresholds.Baseline b = new LatencyThresholds.Baseline(95, 7, 2, Duration.ofMillis(200));
        assertThat(b.warningMs(300)).isEqualTo(600);
        assertThat(b.warningMs(40)).isEqualTo(200);
    }

    @Test
    void badValuesAreRefusedWithTheirKeyPath() throws Exception {
        String at = "services[0].targets[0].latency.";
        assertProblems(withLatency("""
                          a: {warning: 3s, critical: 2s}
                          b: {warning: -800ms}
                          c: {warning: 800, critical: 0s}
                          d: {warning: 800ms, timeout: 2s}
                          e: {baseline: {percentile: 40}}
                          f: {baseline: {percentile: 99.95, days: 0, factor: 0.5, floor: soon, median: 1}}
                          g: {sustain: 5m}
                          h: {warning: 800ms, hysteresis: 100%}
                          i: {critical: 1s, baseline: {floor: 2s}}
                          j: slow
                """),
                at + "a.warning: must be at most critical (2s), was '3s'",
                at + "b.warning: must not be negative, was '-800ms'",
                at + "c.warning: '800' needs a unit (e.g. 800ms or 800s)",
                at + "c.critical: must be more than zero, was '0s'",
                at + "d.timeout: unknown key (known keys: warning, critical, sustain, hysteresis, baseline)",
                at + "e.baseline.percentile: must be within 50..99.9, was 40",
                at + "f.baseline.percentile: must be within 50..99.9, was 99.95",
                at + "f.baseline.days: must be within 1..90 (events are kept 90 days), was 0",
                at + "f.baseline.factor: must be at least 1 (the usual response time is not slow), was 0.5",
                at + "f.baseline.floor: 'soon' is not a duration (e.g. 800ms, 2s, 5m, PT1S)",
                at + "f.baseline.median: unknown key (known keys: percentile, days, factor, floor)",
                at + "g: needs warning, critical or baseline (e.g. {warning: 800ms, critical: 2s})",
                at + "h.hysteresis: must be a percentage in [0, 100), was '100%'",
                at + "i.baseline.floor: must be at most critical (1s), was '2s'",
                at + "j: must be a mapping (e.g. {warning: 800ms, critical: 2s, sustain: 5m}), not 'slow'");
    }

    @Test
    void aProblemIsPlacedOnItsLine() throws Exception {
        assertThatThrownBy(() -> load(withLatency("""
                          portal: {warning: 3s, critical: 2s}
                """))).isInstanceOfSatisfying(CatalogException.class, e -> {
                    CatalogProblem p = e.located().get(0);
                    assertThat(p.key()).isEqualTo("services[0].targets[0].latency.portal.warning");
                    assertThat(p.line()).isEqualTo(26);
                });
    }

    @Test
    void notAMappingIsRefused() throws Exception {
        assertProblems(withLatency("""
                          - portal
                """), "services[0].targets[0].latency: must be a mapping of check names to thresholds (e.g. portal: "
                + "{warning: 800ms, critical: 2s}), not a list");
    }
}
