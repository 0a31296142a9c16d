package io.mihari.alert.detect;

import io.mihari.model.event.OperatingStatus;
import io.mihari.model.event.OperatingStatus.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OperatingStatusMonitorTest {

    static final Instant T0 = Instant.parse("2026-12-06T03:25:43Z");
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String KEY = "kurashiki/krs-juki-ap1|OPERATING_STATUS|juki-ap";

    final OperatingStatusMonitor monitor = new OperatingStatusMonitor();

    Optional<Alert> at(int minute, Status status, String message) {
        return monitor.onStatus(AP1, new OperatingStatus("juki-ap", status, message), T0.plus(Duration.ofMinutes(minute)));
    }

    @Test
    void runningRaisesNothing() {
        assertThat(at(0, Status.RUNNING, null)).isEmpty();
        assertThat(at(1, Status.RUNNING, "ok")).isEmpty();
        assertThat(monitor.firing(AP1)).isEmpty();
    }

    @Test
    void stoppedFiresAMajorAlertOfItsOwnKindAndRunningEndsIt() {
        assertThat(at(0, Status.RUNNING, null)).isEmpty();
        Alert stopped = at(5, Status.STOPPED, "住民票発行停止").orElseThrow();
        assertThat(stopped.key()).isEqualTo(KEY);
        assertThat(stopped.kind()).isEqualTo(AlertKind.OPERATING_STATUS);
        assertThat(stopped.severity()).isEqualTo(Severity.MAJOR);
        assertThat(stopped.firing()).isTrue();
        assertThat(stopped.at()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(stopped.cause()).isEqualTo(OperatingStatusMonitor.CAUSE_STOPPED);
        assertThat(stopped.summary()).isEqualTo(AP1 + ": application juki-ap reports STOPPED: 住民票発行停止");
        assertThat(monitor.firing(AP1)).containsExactlyEntriesOf(Map.of("juki-ap", Status.STOPPED));

        assertThat(at(6, Status.STOPPED, "still")).as("the same problem").isEmpty();

        Alert running = at(9, Status.RUNNING, null).orElseThrow();
        assertThat(running.key()).isEqualTo(KEY);
        assertThat(running.firing()).isFalse();
        assertThat(running.severity()).isEqualTo(Severity.MAJOR);
        assertThat(running.at()).isEqualTo(T0.plus(Duration.ofMinutes(9)));
        assertThat(running.cause()).isEqualTo(OperatingStatusMonitor.CAUSE_RUNNING);
        assertThat(monitor.firing(AP1)).isEmpty();
    }

    @Test
    void degradedIsAWarningThatEscalatesWhenTheApplicationStops() {
        Alert degraded = at(0, Status.DEGRADED, "縮退運転").orElseThrow();
        assertThat(degraded.severity()).isEqualTo(Severity.WARNING);
        assertThat(degraded.cause()).isEqualTo(OperatingStatusMonitor.CAUSE_DEGRADED);
        Alert stopped = at(2, Status.STOPPED, null).orElseThrow();
        assertThat(stopped.key()).isEqualTo(KEY);
        assertThat(stopped.firing()).isTrue();
        assertThat(stopped.severity()).isEqualTo(Severity.MAJOR);
        assertThat(stopped.at()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(stopped.summary()).endsWith("reports STOPPED");
        Alert back = at(3, Status.DEGRADED, null).orElseThrow();
        assertThat(back.severity()).isEqualTo(Severity.WARNING);
        assertThat(back.firing()).isTrue();
    }

    @Test
    void replayedAndDuplicateReportsAreIgnored() {
        assertThat(at(5, Status.STOPPED, null)).isPresent();
        assertThat(at(5, Status.RUNNING, null)).as("same instant").isEmpty();
        assertThat(at(1, Status.RUNNING, null)).as("older, replayed").isEmpty();
        assertThat(monitor.firing(AP1)).containsKey("juki-ap");
        assertThat(at(6, Status.RUNNING, null)).isPresent();
    }

    @Test
    void applicationsOfATargetAreSeparateProblems() {
        Alert a = at(0, Status.STOPPED, null).orElseThrow();
        Alert b = monitor.onStatus(AP1, new OperatingStatus("juki-batch", Status.DEGRADED, null), T0).orElseThrow();
        assertThat(b.key()).isEqualTo("kurashiki/krs-juki-ap1|OPERATING_STATUS|juki-batch").isNotEqualTo(a.key());
        assertThat(monitor.firing(AP1)).containsOnlyKeys("juki-ap", "juki-batch");
    }

    @Test
    void aProblemRestoredAfterARestartIsEndedByTheNextRunning() {
        monitor.restore(AP1, "juki-ap", T0);
        assertThat(at(0, Status.RUNNING, null)).as("not newer than the restored instant").isEmpty();
        assertThat(at(1, Status.DEGRADED, null)).as("still the restored problem").isEmpty();
        Alert ended = at(2, Status.RUNNING, null).orElseThrow();
        assertThat(ended.key()).isEqualTo(KEY);
        assertThat(ended.firing()).isFalse();
    }

    @Test
    void throughTargetDetectionTheAlertLeavesTheTargetStatusAlone() {
        TargetDetection detection = new TargetDetection(3);
        LivenessMonitor.TargetRef ref = new LivenessMonitor.TargetRef(AP1, "kurashiki-juki", "kurashiki", "juki",
                "krs-juki-ap1");
        TargetDetection.Output out = detection.onOperatingStatus(ref,
                new OperatingStatus("juki-ap", Status.STOPPED, null), T0);
        assertThat(out.transitions()).isEmpty();
        assertThat(out.alerts()).extracting(Alert::key).containsExactly(KEY);
        assertThat(detection.status(AP1)).isEqualTo(TargetStatus.UNKNOWN);

        TargetDetection restarted = new TargetDetection(3);
        restarted.restoreAlert(KEY, AP1, T0);
        TargetDetection.Output ended = restarted.onOperatingStatus(ref,
                new OperatingStatus("juki-ap", Status.RUNNING, null), T0.plusSeconds(60));
        assertThat(ended.alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(KEY);
            assertThat(a.firing()).isFalse();
        });
    }
}
