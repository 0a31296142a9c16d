package io.mihari.alert.detect;

import io.mihari.alert.incident.ProblemWords;
import io.mihari.alert.incident.Problem;
import io.mihari.alert.incident.ServiceStatusTracker;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.status.ServiceStatusRule.ServiceStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The failover of a city hall's two lines, on the instants of the transitions (an injected clock's). */
class LineFailoverMonitorTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T03:00:00Z"), ZoneOffset.UTC);
    static final String SERVICE = "kurashiki-network";
    static final String A = "kurashiki/krs-line-a";
    static final String B = "kurashiki/krs-line-b";
    static final String KEY_A = "kurashiki/krs-line-a|LINE_FAILOVER";

    static final Catalog CATALOG = CatalogLoader.load(new ByteArrayInputStream("""
            tenants: [{id: kurashiki, name: {ja: 倉敷市, en: Kurashiki}}]
            systems:
              - {id: network, name: {ja: 回線, en: Network lines}}
              - {id: juki, name: {ja: 住記系, en: Resident records}}
            vendors: [{id: fujitsu-japan, name: {ja: 富士通Japan, en: Fujitsu Japan}}]
            parties:
              - {id: west-net, kind: carrier, name: {ja: 西日本ネットワーク回線, en: West Japan Network}}
            services:
              - id: kurashiki-network
                tenant: kurashiki
                system: network
                vendor: west-net
                targets:
                  - {host: krs-line-a, role: 回線A (Active), component: line, redundancyGroup: lines}
                  - {host: krs-line-b, role: 回線B (Standby), component: line, redundancyGroup: lines}
              - id: kurashiki-juki
                tenant: kurashiki
                system: juki
                vendor: fujitsu-japan
                targets:
                  - {host: krs-juki-ap1, redundancyGroup: ap-web}
                  - {host: krs-juki-ap2, redundancyGroup: ap-web}
            """.getBytes(StandardCharsets.UTF_8)), "t.yaml");

    final LineFailoverMonitor monitor = new LineFailoverMonitor(() -> CATALOG);
    final ServiceStatusTracker services = new ServiceStatusTracker(() -> CATALOG);

    static Instant at(int minute) {
        return CLOCK.instant().plus(Duration.ofMinutes(minute));
    }

    List<Alert> move(String target, TargetStatus from, TargetStatus to, int minute) {
        String service = target.contains("line") ? SERVICE : "kurashiki-juki";
        StatusTransition t = new StatusTransition(target, service, "kurashiki", service.substring(10),
                target.substring(10), from, to, at(minute), at(minute).plusSeconds(2), "CHECK_FAILED");
        services.apply(t);
        return monitor.onTransition(t);
    }

    @Test
    void lineADownWhileLineBIsUpIsAWarningUntilLineAIsBack() {
        assertThat(move(A, TargetStatus.UNKNOWN, TargetStatus.UP, 0)).isEmpty();
        assertThat(move(B, TargetStatus.UNKNOWN, TargetStatus.UP, 0)).isEmpty();

        Alert failover = move(A, TargetStatus.UP, TargetStatus.DOWN, 7).stream().findFirst().orElseThrow();
        assertThat(failover.key()).isEqualTo(KEY_A);
        assertThat(failover.kind()).isEqualTo(AlertKind.LINE_FAILOVER);
        assertThat(failover.severity()).isEqualTo(Severity.WARNING);
        assertThat(failover.firing()).isTrue();
        assertThat(failover.targetId()).isEqualTo(A);
        assertThat(failover.at()).isEqualTo(Instant.parse("2026-12-06T03:07:00Z"));
        assertThat(failover.cause()).isEqualTo(LineFailoverMonitor.CAUSE_FAILOVER);
        assertThat(failover.facts()).containsEntry(LineFailoverMonitor.TAKEOVER, B)
                .containsEntry(LineFailoverMonitor.LINE_JA, "回線A").containsEntry(LineFailoverMonitor.TAKEOVER_EN, "Line B");
        assertThat(ProblemWords.alert(failover)).isEqualTo(new ProblemWords.Text(
                "回線A障害: 回線Bへ切替（kurashiki/krs-line-a）", "Line A failed: traffic on line B (kurashiki/krs-line-a)"));
        assertThat(ProblemWords.title(List.of(Problem.of(failover)))).isEqualTo(new ProblemWords.Text(
                "回線A障害: 回線Bへ切替（kurashiki/krs-line-a）", "Line A failed: traffic on line B (kurashiki/krs-line-a)"));
        assertThat(ProblemWords.kind("LINE_FAILOVER")).isEqualTo(new ProblemWords.Text("回線切替", "line failover"));
        assertThat(services.status(SERVICE)).as("the pair still carries the traffic: not DOWN")
                .isEqualTo(ServiceStatus.DEGRADED);
        assertThat(monitor.firing()).containsExactly(A);

        assertThat(move(A, TargetStatus.DOWN, TargetStatus.UNKNOWN, 9)).as("no data is not the line back").isEmpty();
        assertThat(move(B, TargetStatus.UP, TargetStatus.UNKNOWN, 10))
                .isEmpty();
        assertThat(move(B, TargetStatus.UNKNOWN, TargetStatus.UP, 11)).as("A is UNKNOWN, not DOWN").isEmpty();

        Alert back = move(A, TargetStatus.UNKNOWN, TargetStatus.UP, 12).stream().findFirst().orElseThrow();
        assertThat(back.key()).isEqualTo(KEY_A);
        assertThat(back.firing()).isFalse();
        assertThat(back.severity()).isEqualTo(Severity.WARNING);
        assertThat(back.at()).isEqualTo(Instant.parse("2026-12-06T03:12:00Z"));
        assertThat(back.cause()).isEqualTo(LineFailoverMonitor.CAUSE_RESTORED);
        assertThat(ProblemWords.alert(back).ja()).isEqualTo("回線A復旧: 冗長構成に戻りました（kurashiki/krs-line-a）");
        assertThat(ProblemWords.alert(back).en()).isEqualTo("Line A up again: the pair is redundant again"
                + " (kurashiki/krs-line-a)");
        assertThat(monitor.firing()).isEmpty();
        assertThat(services.status(SERVICE)).isEqualTo(ServiceStatus.UP);
    }

    @Test
    void whenBothAreDownNothingFailsOverUntilOneComesBackAndCarriesTheTraffic() {
        move(A, TargetStatus.UNKNOWN, TargetStatus.UP, 0);
        move(B, TargetStatus.UNKNOWN, TargetStatus.UP, 0);
        assertThat(move(A, TargetStatus.UP, TargetStatus.DOWN, 1)).extracting(Alert::key).containsExactly(KEY_A);
        assertThat(move(B, TargetStatus.UP, TargetStatus.DOWN, 2)).as("nothing to fail over to").isEmpty();
        assertThat(services.status(SERVICE)).isEqualTo(ServiceStatus.DOWN);

        List<Alert> aBack = move(A, TargetStatus.DOWN, TargetStatus.UP, 5);
        assertThat(aBack).extracting(Alert::key, Alert::firing, Alert::at).containsExactly(
                org.assertj.core.groups.Tuple.tuple(KEY_A, false, at(5)),
                org.assertj.core.groups.Tuple.tuple("kurashiki/krs-line-b|LINE_FAILOVER", true, at(5)));
        assertThat(ProblemWords.alert(aBack.get(1)).en())
                .isEqualTo("Line B failed: traffic on line A (kurashiki/krs-line-b)");
        assertThat(move(B, TargetStatus.DOWN, TargetStatus.UP, 8)).extracting(Alert::firing, Alert::at)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(false, at(8)));
    }

    @Test
    void serversAndAloneLinesAreNotLinesOfAPair() {
        move("kurashiki/krs-juki-ap1", TargetStatus.UNKNOWN, TargetStatus.UP, 0);
        move("kurashiki/krs-juki-ap2", TargetStatus.UNKNOWN, TargetStatus.UP, 0);
        assertThat(move("kurashiki/krs-juki-ap1", TargetStatus.UP, TargetStatus.DOWN, 1)).isEmpty();
        assertThat(monitor.onTransition(new StatusTransition("kurashiki/stray", null, "kurashiki", "juki", "stray",
                TargetStatus.UP, TargetStatus.DOWN, at(1), at(1), "HEARTBEAT_MISSING"))).isEmpty();
    }

    @Test
    void replaysAreIgnoredAndTheSameTransitionReadAgainSaysTheSame() {
        move(A, TargetStatus.UNKNOWN, TargetStatus.UP, 0);
        move(B, TargetStatus.UNKNOWN, TargetStatus.UP, 0);
        Alert first = move(A, TargetStatus.UP, TargetStatus.DOWN, 3).get(0);
        assertThat(move(A, TargetStatus.UP, TargetStatus.DOWN, 3)).as("read again").containsExactly(first);
        assertThat(move(A, TargetStatus.DOWN, TargetStatus.UP, 1)).as("older: replayed").isEmpty();
        assertThat(monitor.firing()).containsExactly(A);
        Alert end = move(A, TargetStatus.DOWN, TargetStatus.UP, 4).get(0);
        assertThat(move(A, TargetStatus.DOWN, TargetStatus.UP, 4)).as("read again").containsExactly(end);
    }

    @Test
    void aFailoverOpenBeforeARestartIsEndedByTheLineComingBack() {
        LineFailoverMonitor restarted = new LineFailoverMonitor(() -> CATALOG);
        restarted.restore(SERVICE, Map.of(A, TargetStatus.DOWN, B, TargetStatus.UP), Map.of(A, at(1), B, at(0)));
        restarted.restoreAlert(KEY_A, at(1));
        restarted.restoreAlert("kurashiki/krs-line-a|CHECK|line-a-gw", at(1));
        assertThat(restarted.firing()).containsExactly(A);
        assertThat(restarted.onTransition(new StatusTransition(A, SERVICE, "kurashiki", "network", "krs-line-a",
                TargetStatus.DOWN, TargetStatus.UP, at(6), at(6), "CHECK_RECOVERED")))
                .singleElement().satisfies(a -> {
                    assertThat(a.key()).isEqualTo(KEY_A);
                    assertThat(a.firing()).isFalse();
                    assertThat(a.at()).isEqualTo(at(6));
                });
        restarted.forget(List.of(SERVICE));
        assertThat(restarted.firing()).isEmpty();
    }
}
