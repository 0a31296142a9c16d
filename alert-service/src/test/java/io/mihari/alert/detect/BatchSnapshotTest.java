package io.mihari.alert.detect;

import io.mihari.alert.store.StateReader.StoredRun;
import io.mihari.model.catalog.BatchJob;
import io.mihari.model.event.BatchRun;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What a restarted alert-service knows of a batch job from its stored runs. */
class BatchSnapshotTest {

    static final Instant T0 = Instant.parse("2026-11-25T17:30:00Z");
    static final BatchJob JOB = new BatchJob("export", "kurashiki/krs-juki-db1", null, ZoneOffset.UTC,
            Duration.ofMinutes(30), Duration.ofHours(2));

    @Test
    void runStartedBeforeTheRestartAndNotEndedIsStillFoundHung() {
        List<StoredRun> newestFirst = List.of(
                new StoredRun("run-2", "STARTED", T0),
                new StoredRun("run-1", "SUCCEEDED", T0.minus(Duration.ofDays(1)).plusSeconds(60)),
                new StoredRun("run-1", "STARTED", T0.minus(Duration.ofDays(1))));
        Instant restart = T0.plus(Duration.ofMinutes(30));

        BatchMonitor.Snapshot snapshot = Detection.snapshot(newestFirst, restart);
        assertThat(snapshot.openRunId()).isEqualTo("run-2");
        assertThat(snapshot.openRunStartedAt()).isEqualTo(T0);
        assertThat(snapshot.lastStartedAt()).isEqualTo(T0);

        BatchMonitor monitor = new BatchMonitor();
        monitor.restore(JOB.targetId(), JOB, snapshot);
        assertThat(monitor.evaluate(T0.plus(Duration.ofHours(2)).minusMillis(1), List.of(JOB))).isEmpty();
        assertThat(monitor.evaluate(T0.plus(Duration.ofHours(2)), List.of(JOB))).singleElement().satisfies(a -> {
            assertThat(a.cause()).isEqualTo(BatchMonitor.CAUSE_HUNG);
            assertThat(a.at()).isEqualTo(T0.plus(Duration.ofHours(2)));
        });
        // the run ends after all: its success resolves the hang
        assertThat(monitor.onRun(JOB.targetId(), Optional.of(JOB), new BatchRun("export", "run-2",
                BatchRun.State.SUCCEEDED, 0, 9_000_000L, null), T0.plus(Duration.ofHours(3))))
                .singleElement().satisfies(a -> assertThat(a.firing()).isFalse());
    }

    @Test
    void theUsualDurationIsLearnedAgainFromTheStoredSuccessfulRuns() {
        List<StoredRun> newestFirst = List.of(
                new StoredRun("run-3", "FAILED", T0, 60_000L),
                new StoredRun("run-3", "STARTED", T0.minusSeconds(60)),
                new StoredRun("run-2", "SUCCEEDED", T0.minus(Duration.ofDays(1)), 14_400_000L),
                new StoredRun("run-1", "SUCCEEDED", T0.minus(Duration.ofDays(2)), 10_800_000L));

        BatchMonitor.Snapshot snapshot = Detection.snapshot(newestFirst, T0);

        assertThat(snapshot.recentDurations()).containsExactly(10_800_000L, 14_400_000L);
        assertThat(BatchMonitor.usualDuration(snapshot.recentDurations())).isEqualTo(Duration.ofMinutes(210));
        // restored: a failure 3 h before the output is needed has no room for a 3.5-hour re-run
        BatchJob job = JOB.withOutput(null, new io.mihari.model.catalog.NeededBy(java.time.LocalTime.of(8, 30), null));
        BatchMonitor monitor = new BatchMonitor();
        monitor.restore(job.targetId(), job, snapshot);
        Instant start = Instant.parse("2026-11-27T02:00:00Z");
        monitor.onRun(job.targetId(), Optional.of(job), new BatchRun("export", "run-4", BatchRun.State.STARTED, null,
                null, null), start);
        assertThat(monitor.onRun(job.targetId(), Optional.of(job), new BatchRun("export", "run-4",
                BatchRun.State.FAILED, 1, 12_600_000L, null), Instant.parse("2026-11-27T05:30:00Z")))
                .extracting(Alert::cause).containsExactly(BatchMonitor.CAUSE_FAILED, BatchMonitor.CAUSE_NO_TIME_TO_RERUN);
    }

    @Test
    void endedRunsLeaveNothingOpen() {
        BatchMonitor.Snapshot snapshot = Detection.snapshot(List.of(
                new StoredRun("run-1", "FAILED", T0.plusSeconds(60)),
                new StoredRun("run-1", "STARTED", T0)), T0.plusSeconds(600));
        assertThat(snapshot.openRunId()).isNull();
        assertThat(snapshot.lastStartedAt()).isEqualTo(T0);
        assertThat(Detection.snapshot(List.of(), T0).lastStartedAt()).isNull();
    }

    @Test
    void aRunAtRiskAcrossARestartIsNotReportedAgainWhileItsProblemIsOpen() {
        // usual 3 h; output needed 08:30 UTC; run-5 started 02:00 and has not ended: at risk from 05:30
        List<StoredRun> newestFirst = List.of(
                new StoredRun("run-5", "STARTED", Instant.parse("2026-11-27T02:00:00Z")),
                new StoredRun("run-4", "SUCCEEDED", T0, 10_800_000L));
        BatchJob job = new BatchJob("export", "kurashiki/krs-juki-db1", null, ZoneOffset.UTC, Duration.ofMinutes(30),
                Duration.ofHours(6)).withOutput(null, new io.mihari.model.catalog.NeededBy(
                        java.time.LocalTime.of(8, 30), null));
        Instant restart = Instant.parse("2026-11-27T06:00:00Z");
        Instant riskAt = Instant.parse("2026-11-27T05:30:00Z");

        TargetDetection open = new TargetDetection(3);
        open.restoreAlert(Alert.key(job.targetId(), AlertKind.BATCH, "export") + BatchMonitor.RERUN_SUFFIX,
                job.targetId(), riskAt);
        open.restoreJob(job.targetId(), job, Detection.snapshot(newestFirst, restart));
        TargetDetection notRaised = new TargetDetection(3);
        notRaised.restoreJob(job.targetId(), job, Detection.snapshot(newestFirst, restart));

        assertThat(open.evaluate(restart.plusSeconds(30), restart.plusSeconds(30), List.of(job), List.of())
                .alerts()).as("reported before the restart, still open").isEmpty();
        assertThat(notRaised.evaluate(restart.plusSeconds(30), restart.plusSeconds(30), List.of(job), List.of())
                .alerts()).as("the restart came before it was raised").singleElement().satisfies(a -> {
                    assertThat(a.cause()).isEqualTo(BatchMonitor.CAUSE_RERUN_AT_RISK);
                    assertThat(a.at()).isEqualTo(riskAt);
                });
        // the run succeeds after all: its output is ready, the open problem ends once
        assertThat(open.onBatch(new LivenessMonitor.TargetRef(job.targetId(), "svc", "kurashiki", "juki", "db1"),
                Optional.of(job), new BatchRun("export", "run-5", BatchRun.State.SUCCEEDED, 0, 16_200_000L, null),
                Instant.parse("2026-11-27T06:30:00Z")).alerts())
                .singleElement().satisfies(a -> {
                    assertThat(a.firing()).isFalse();
                    assertThat(a.key()).endsWith(BatchMonitor.RERUN_SUFFIX);
                    assertThat(a.cause()).isEqualTo(BatchMonitor.CAUSE_OUTPUT_READY);
                });
    }
}
