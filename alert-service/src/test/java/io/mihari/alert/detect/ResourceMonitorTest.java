package io.mihari.alert.detect;

import io.mihari.alert.detect.ResourceMonitor.Level;
import io.mihari.model.catalog.ResourceThresholds;
import io.mihari.model.catalog.ResourceThresholds.Metric;
import io.mihari.model.event.ResourceSample;
import io.mihari.model.event.ResourceSample.Disk;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ResourceMonitorTest {

    static final Instant T0 = Instant.parse("2026-11-25T01:00:00Z");
    static final String DB1 = "kurashiki/krs-juki-db1";
    static final String CPU_KEY = "kurashiki/krs-juki-db1|RESOURCE|CPU";
    static final String VAR_KEY = "kurashiki/krs-juki-db1|RESOURCE|DISK:/var";

    /** CPU: warning 85, critical 95, 5 minutes, hysteresis 5. */
    static final ResourceThresholds CPU_ONLY = new ResourceThresholds(
            Map.of(Metric.CPU, new ResourceThresholds.Level(85, 95, Duration.ofMinutes(5), 5)));
    /** Disk: warning 80, critical 90, at once, hysteresis 2. */
    static final ResourceThresholds DISK_ONLY = new ResourceThresholds(
            Map.of(Metric.DISK, new ResourceThresholds.Level(80, 90, Duration.ZERO, 2)));

    final ResourceMonitor monitor = new ResourceMonitor();

    static ResourceSample cpu(double percent) {
        return new ResourceSample(percent, null, null, null, 0, 0, 0, 0, List.of(), 3600);
    }

    static ResourceSample disks(Disk... disks) {
        return new ResourceSample(10, null, null, null, 0, 0, 0, 0, List.of(disks), 3600);
    }

    /** {@code permille} of 1000 bytes used, i.e. percent × 10. */
    static Disk disk(String mount, long permille) {
        return new Disk(mount, 1000, permille);
    }

    List<Alert> cpuAt(int minute, double percent) {
        return monitor.onSample(DB1, CPU_ONLY, cpu(percent), T0.plus(Duration.ofMinutes(minute)));
    }

    List<Alert> disksAt(int minute, Disk... disks) {
        return monitor.onSample(DB1, DISK_ONLY, disks(disks), T0.plus(Duration.ofMinutes(minute)));
    }

    @Test
    void cpuAboveWarningForLessThanTheSustainTimeRaisesNothing() {
        for (int minute = 0; minute < 5; minute++) {
            assertThat(cpuAt(minute, 90)).as("minute %d", minute).isEmpty();
        }
        assertThat(monitor.levels(DB1)).containsExactlyEntriesOf(Map.of("CPU", Level.NORMAL));
    }

    @Test
    void cpuAboveWarningForTheSustainTimeFiresAtTheFirstSampleAboveIt() {
        cpuAt(0, 50);
        for (int minute = 1; minute < 6; minute++) {
            assertThat(cpuAt(minute, 90)).isEmpty();
        }

        assertThat(cpuAt(6, 90.04)).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(CPU_KEY);
            assertThat(a.kind()).isEqualTo(AlertKind.RESOURCE);
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.firing()).isTrue();
            assertThat(a.targetId()).isEqualTo(DB1);
            assertThat(a.at()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
            assertThat(a.cause()).isEqualTo("RESOURCE_WARNING");
            assertThat(a.summary()).isEqualTo("CPU at 90.0% for 5m (warning at 85%)");
        });
        assertThat(cpuAt(7, 90)).as("reported once").isEmpty();
        assertThat(monitor.levels(DB1)).containsEntry("CPU", Level.WARNING);
    }

    @Test
    void aDipBelowTheThresholdBeforeTheSustainTimeResetsTheTimer() {
        cpuAt(0, 90);
        cpuAt(3, 90);
        assertThat(cpuAt(4, 84.9)).isEmpty();
        assertThat(cpuAt(5, 90)).isEmpty();
        assertThat(cpuAt(9, 90)).as("only 4 minutes since the dip").isEmpty();

        assertThat(cpuAt(10, 90)).singleElement()
                .satisfies(a -> assertThat(a.at()).isEqualTo(T0.plus(Duration.ofMinutes(5))));
    }

    @Test
    void jumpingStraightToCriticalRaisesOneCriticalAlert() {
        cpuAt(0, 97);
        assertThat(cpuAt(4, 97)).isEmpty();

        assertThat(cpuAt(5, 97)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.cause()).isEqualTo("RESOURCE_CRITICAL");
            assertThat(a.at()).isEqualTo(T0);
            assertThat(a.summary()).isEqualTo("CPU at 97.0% for 5m (critical at 95%)");
        });
        assertThat(monitor.levels(DB1)).containsEntry("CPU", Level.CRITICAL);
    }

    @Test
    void hysteresisKeepsTheLevelUntilTheValueFallsBelowThresholdMinusHysteresis() {
        disksAt(0, disk("/var", 800));
        assertThat(monitor.levels(DB1)).containsEntry("DISK:/var", Level.WARNING);

        assertThat(disksAt(1, disk("/var", 799))).as("below 80, above 78").isEmpty();
        assertThat(disksAt(2, disk("/var", 781))).as("78.1 = threshold − hysteresis + 0.1").isEmpty();
        assertThat(disksAt(3, disk("/var", 780))).as("exactly 78 is not below 78").isEmpty();
        assertThat(monitor.levels(DB1)).containsEntry("DISK:/var", Level.WARNING);

        assertThat(disksAt(4, disk("/var", 779))).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(VAR_KEY);
            assertThat(a.firing()).isFalse();
            assertThat(a.severity()).as("the severity it had").isEqualTo(Severity.WARNING);
            assertThat(a.cause()).isEqualTo("RESOURCE_RECOVERED");
            assertThat(a.at()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
            assertThat(a.summary()).isEqualTo("disk /var back to 77.9% (warning at 80%)");
        });
        assertThat(monitor.levels(DB1)).containsEntry("DISK:/var", Level.NORMAL);
    }

    @Test
    void valueSittingExactlyAtTheThresholdDoesNotOscillate() {
        assertThat(disksAt(0, disk("/var", 900))).singleElement()
                .satisfies(a -> assertThat(a.cause()).isEqualTo("RESOURCE_CRITICAL"));
        for (int minute = 1; minute < 10; minute++) {
            assertThat(disksAt(minute, disk("/var", minute % 2 == 0 ? 900 : 899))).isEmpty();
        }
    }

    @Test
    void escalatesAndDeescalatesWithHysteresis() {
        assertThat(disksAt(0, disk("/var", 850))).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.summary()).isEqualTo("disk /var at 85.0% (warning at 80%)");
        });
        assertThat(disksAt(1, disk("/var", 931))).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(VAR_KEY);
            assertThat(a.firing()).isTrue();
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.cause()).isEqualTo("RESOURCE_CRITICAL");
            assertThat(a.at()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
            assertThat(a.summary()).isEqualTo("disk /var at 93.1% (critical at 90%)");
        });
        assertThat(disksAt(2, disk("/var", 881))).as("88.1: still critical").isEmpty();

        assertThat(disksAt(3, disk("/var", 879))).singleElement().satisfies(a -> {
            assertThat(a.firing()).isTrue();
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.cause()).isEqualTo("RESOURCE_WARNING");
            assertThat(a.at()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
            assertThat(a.summary()).isEqualTo("disk /var down to 87.9%, no longer critical (warning at 80%)");
        });
        assertThat(monitor.levels(DB1)).containsEntry("DISK:/var", Level.WARNING);
    }

    @Test
    void criticalFallingBelowBothBandsEndsTheAlertDirectly() {
        disksAt(0, disk("/var", 950));

        assertThat(disksAt(1, disk("/var", 500))).singleElement().satisfies(a -> {
            assertThat(a.firing()).isFalse();
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.cause()).isEqualTo("RESOURCE_RECOVERED");
            assertThat(a.summary()).isEqualTo("disk /var back to 50.0% (critical at 90%)");
        });
    }

    @Test
    void criticalFallingIntoTheWarningHysteresisBandDeescalatesToWarning() {
        disksAt(0, disk("/var", 950));

        assertThat(disksAt(1, disk("/var", 785))).as("78.5: below 80 but not below 78")
                .singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.WARNING));
        assertThat(monitor.levels(DB1)).containsEntry("DISK:/var", Level.WARNING);
    }

    @Test
    void escalationNeedsTheSustainTimeAtTheCriticalLevelAndStartsWhenItWasReached() {
        cpuAt(0, 90);
        assertThat(cpuAt(5, 90)).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.WARNING));
        assertThat(cpuAt(6, 96)).isEmpty();
        assertThat(cpuAt(10, 96)).isEmpty();

        assertThat(cpuAt(11, 96)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.at()).isEqualTo(T0.plus(Duration.ofMinutes(6)));
            assertThat(a.summary()).isEqualTo("CPU at 96.0% for 5m (critical at 95%)");
        });
        assertThat(cpuAt(12, 89.9)).as("above 85 − 5: de-escalates to warning at once")
                .singleElement().satisfies(a -> assertThat(a.cause()).isEqualTo("RESOURCE_WARNING"));
        assertThat(cpuAt(13, 79.9)).singleElement().satisfies(a -> assertThat(a.firing()).isFalse());
    }

    @Test
    void disksAreWatchedPerMountAndAMountThatDisappearsEndsItsAlert() {
        List<Alert> alerts = disksAt(0, disk("/", 500), disk("/var", 931), disk("/backup", 850));
        assertThat(alerts).extracting(Alert::key)
                .containsExactly(VAR_KEY, "kurashiki/krs-juki-db1|RESOURCE|DISK:/backup");
        assertThat(monitor.levels(DB1)).containsExactly(Map.entry("DISK:/", Level.NORMAL),
                Map.entry("DISK:/var", Level.CRITICAL), Map.entry("DISK:/backup", Level.WARNING));

        assertThat(disksAt(1, disk("/", 500), disk("/var", 931))).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("kurashiki/krs-juki-db1|RESOURCE|DISK:/backup");
            assertThat(a.firing()).isFalse();
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.cause()).isEqualTo("RESOURCE_RECOVERED");
            assertThat(a.at()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
            assertThat(a.summary()).isEqualTo("disk /backup no longer reported");
        });
        assertThat(monitor.levels(DB1)).containsOnlyKeys("DISK:/", "DISK:/var");
        assertThat(disksAt(2, disk("/var", 931))).as("a normal mount disappears silently").isEmpty();

        assertThat(disksAt(3, disk("/var", 931), disk("/backup", 850))).as("back: starts from NORMAL")
                .singleElement().satisfies(a -> assertThat(a.at()).isEqualTo(T0.plus(Duration.ofMinutes(3))));
    }

    @Test
    void sustainZeroFiresOnTheFirstSampleAtTheThreshold() {
        assertThat(disksAt(0, disk("/var", 799))).isEmpty();
        assertThat(disksAt(1, disk("/var", 800))).singleElement().satisfies(a -> {
            assertThat(a.at()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
            assertThat(a.summary()).isEqualTo("disk /var at 80.0% (warning at 80%)");
        });
    }

    @Test
    void memoryAndSwapAreUsedOverTotalAndSkippedWhenTheTotalIsZero() {
        ResourceThresholds memoryAndSwap = new ResourceThresholds(Map.of(
                Metric.MEMORY, new ResourceThresholds.Level(85, 95, Duration.ZERO, 5),
                Metric.SWAP, new ResourceThresholds.Level(50, 80, Duration.ZERO, 5)));

        List<Alert> alerts = monitor.onSample(DB1, memoryAndSwap,
                new ResourceSample(10, 0.5, 0.5, 0.5, 16_000, 15_360, 0, 0, List.of(), 3600), T0);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("kurashiki/krs-juki-db1|RESOURCE|MEMORY");
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.summary()).isEqualTo("memory at 96.0% (critical at 95%)");
        });
        assertThat(monitor.levels(DB1)).as("no swap configured: not watched").containsOnlyKeys("MEMORY");

        alerts = monitor.onSample(DB1, memoryAndSwap,
                new ResourceSample(10, 0.5, 0.5, 0.5, 0, 0, 4_000, 2_400, List.of(), 3600), T0.plusSeconds(60));
        assertThat(alerts).extracting(Alert::key, Alert::firing, Alert::summary).containsExactly(
                tuple("kurashiki/krs-juki-db1|RESOURCE|SWAP", true,
                        "swap at 60.0% (warning at 50%)"),
                tuple("kurashiki/krs-juki-db1|RESOURCE|MEMORY", false,
                        "memory no longer reported"));
    }

    @Test
    void metricWithoutThresholdsIsNotWatched() {
        assertThat(monitor.onSample(DB1, CPU_ONLY, disks(disk("/var", 990)), T0)).isEmpty();
        assertThat(monitor.levels(DB1)).containsOnlyKeys("CPU");
    }

    @Test
    void sampleNotNewerThanTheNewestAppliedIsIgnored() {
        cpuAt(0, 90);
        cpuAt(5, 90);

        assertThat(cpuAt(3, 50)).as("replayed: does not reset anything").isEmpty();
        assertThat(cpuAt(5, 50)).as("same instant: duplicate").isEmpty();
        assertThat(monitor.levels(DB1)).containsEntry("CPU", Level.WARNING);
        assertThat(cpuAt(6, 50)).singleElement().satisfies(a -> assertThat(a.firing()).isFalse());
    }

    @Test
    void targetsAreIndependentAndForgetDropsOneSilently() {
        disksAt(0, disk("/var", 931));
        monitor.onSample("kurashiki/krs-juki-db2", DISK_ONLY, disks(disk("/var", 931)), T0);

        monitor.forget(DB1);

        assertThat(monitor.levels(DB1)).isEmpty();
        assertThat(monitor.levels("kurashiki/krs-juki-db2")).containsEntry("DISK:/var", Level.CRITICAL);
        assertThat(monitor.onSample(DB1, DISK_ONLY, disks(disk("/var", 931)), T0.minusSeconds(60)))
                .as("no newest instant any more: starts afresh").singleElement()
                .satisfies(a -> assertThat(a.firing()).isTrue());
    }

    @Test
    void forgetIfDropsEveryMatchingTargetSilently() {
        disksAt(0, disk("/var", 931));
        monitor.onSample("kurashiki/krs-juki-db2", DISK_ONLY, disks(disk("/var", 931)), T0);
        monitor.onSample("kurashiki/krs-juki-ap1", DISK_ONLY, disks(disk("/var", 931)), T0);

        monitor.forgetIf(id -> id.contains("-db"));

        assertThat(monitor.levels(DB1)).isEmpty();
        assertThat(monitor.levels("kurashiki/krs-juki-db2")).isEmpty();
        assertThat(monitor.levels("kurashiki/krs-juki-ap1")).containsEntry("DISK:/var", Level.CRITICAL);
    }

    // ---- restore ----

    @Test
    void restoredWarningIsKeptWithinTheHysteresisAndEndedBelowIt() {
        monitor.restore(DB1, "CPU", Level.WARNING, T0);
        assertThat(monitor.levels(DB1)).containsExactlyEntriesOf(Map.of("CPU", Level.WARNING));

        assertThat(cpuAt(1, 82)).as("within warning - hysteresis").isEmpty();
        assertThat(cpuAt(2, 79)).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(CPU_KEY);
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.firing()).isFalse();
            assertThat(a.at()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
            assertThat(a.cause()).isEqualTo(ResourceMonitor.CAUSE_RECOVERED);
        });
    }

    @Test
    void restoredWarningStillCriticalEscalatesAfterTheSustainFromTheFirstSample() {
        monitor.restore(DB1, "CPU", Level.WARNING, T0);

        for (int minute = 1; minute < 6; minute++) {
            assertThat(cpuAt(minute, 98)).as("minute %d: not ended, not escalated yet", minute).isEmpty();
        }
        assertThat(cpuAt(6, 98)).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(CPU_KEY);
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.firing()).isTrue();
            assertThat(a.at()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
            assertThat(a.cause()).isEqualTo(ResourceMonitor.CAUSE_CRITICAL);
        });
    }

    @Test
    void restoredCriticalComesDownToWarning() {
        monitor.restore(DB1, "DISK:/var", Level.CRITICAL, T0);

        assertThat(disksAt(1, disk("/var", 870))).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.firing()).isTrue();
            assertThat(a.cause()).isEqualTo(ResourceMonitor.CAUSE_WARNING);
        });
    }

    @Test
    void restoredSubjectTheNextSampleDoesNotEvaluateIsEndedAsNoLongerReported() {
        monitor.restore(DB1, "DISK:/data", Level.WARNING, T0);

        assertThat(disksAt(1, disk("/var", 500))).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("kurashiki/krs-juki-db1|RESOURCE|DISK:/data");
            assertThat(a.firing()).isFalse();
            assertThat(a.cause()).isEqualTo(ResourceMonitor.CAUSE_RECOVERED);
            assertThat(a.summary()).isEqualTo("disk /data no longer reported");
        });
    }

    @Test
    void restoreIgnoresOlderSamplesAndNormalAndLeavesWhatWasSeen() {
        monitor.restore(DB1, "DISK:/var", Level.WARNING, T0.plus(Duration.ofMinutes(10)));
        monitor.restore(DB1, "DISK:/tmp", Level.NORMAL, T0);
        assertThat(disksAt(5, disk("/var", 100))).as("older than the restored alert").isEmpty();
        assertThat(monitor.levels(DB1)).containsExactlyEntriesOf(Map.of("DISK:/var", Level.WARNING));

        monitor.onSample("kurashiki/krs-juki-db2", DISK_ONLY, disks(disk("/var", 100)), T0);
        monitor.restore("kurashiki/krs-juki-db2", "DISK:/var", Level.CRITICAL, T0.minusSeconds(60));
        assertThat(monitor.levels("kurashiki/krs-juki-db2")).containsEntry("DISK:/var", Level.NORMAL);
    }

    @Test
    void longerHoldsAreSpelledOut() {
        ResourceThresholds slow = new ResourceThresholds(
                Map.of(Metric.CPU, new ResourceThresholds.Level(85, 95, Duration.ofMinutes(90), 5)));
        monitor.onSample(DB1, slow, cpu(90), T0);

        assertThat(monitor.onSample(DB1, slow, cpu(90), T0.plus(Duration.ofMinutes(90)).plusSeconds(30)))
                .singleElement()
                .satisfies(a -> assertThat(a.summary()).isEqualTo("CPU at 90.0% for 1h30m30s (warning at 85%)"));
    }
}
