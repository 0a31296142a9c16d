package io.mihari.alert.detect;

import io.mihari.alert.incident.ProblemWords;
import io.mihari.model.calendar.BusinessCalendar;
import io.mihari.model.catalog.BatchDays;
import io.mihari.model.catalog.BatchJob;
import io.mihari.model.catalog.BatchShift;
import io.mihari.model.catalog.CountRange;
import io.mihari.model.catalog.NeededBy;
import io.mihari.model.event.BatchRun;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Processed counts against {@code expectedCount}, and room to re-run before {@code neededBy} (Asia/Tokyo). */
class BatchMonitorOutputTest {

    static final String DB1 = "kurashiki/krs-juki-db1";
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final String JOB = "nightly-juki-export";

    final BatchMonitor monitor = new BatchMonitor();

    static BatchJob job(CountRange count, NeededBy neededBy) {
        return new BatchJob(JOB, DB1, "0 2 * * *", TOKYO, Duration.ofMinutes(30), Duration.ofHours(6),
                BatchDays.EVERY_DAY, BatchShift.NONE, BusinessCalendar.JAPAN).withOutput(count, neededBy);
    }

    static Instant tokyo(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(TOKYO).toInstant();
    }

    List<Alert> run(BatchJob job, String runId, BatchRun.State state, Instant at, Long durationMs, Long count) {
        Integer exit = state == BatchRun.State.STARTED ? null : state == BatchRun.State.SUCCEEDED ? 0 : 1;
        return monitor.onRun(DB1, Optional.of(job), new BatchRun(JOB, runId, state, exit, durationMs, null, count), at);
    }

    List<Alert> succeeded(BatchJob job, String runId, Instant at, Long count) {
        return run(job, runId, BatchRun.State.SUCCEEDED, at, 600_000L, count);
    }

    // ---- processed counts ----

    @Test
    void aSuccessfulRunWithZeroRecordsAgainstAMinimumAlertsOnceAtTheRunsInstant() {
        BatchJob export = job(new CountRange(1L, null), null);
        Instant end = tokyo("2027-01-12T02:10");

        List<Alert> alerts = succeeded(export, "r-1", end, 0L);

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(DB1 + "|BATCH|" + JOB + ":count");
            assertThat(a.kind()).isEqualTo(AlertKind.BATCH);
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.firing()).isTrue();
            assertThat(a.at()).isEqualTo(end);
            assertThat(a.cause()).isEqualTo("BATCH_COUNT_OUT_OF_RANGE");
            assertThat(a.summary()).isEqualTo("nightly-juki-export run r-1 processed 0 records (expected at least 1)");
            ProblemWords.Text text = ProblemWords.alert(a);
            assertThat(text.ja()).isEqualTo(DB1 + " のバッチ処理 nightly-juki-export の処理件数が 0件でした（想定 1件以上、実行 r-1）");
            assertThat(text.en()).isEqualTo("batch job nightly-juki-export on " + DB1
                    + " run r-1 processed 0 records (expected at least 1)");
        });
        assertThat(succeeded(export, "r-1", end, 0L)).as("a replay").isEmpty();
        assertThat(monitor.evaluate(end.plus(Duration.ofHours(1)), List.of(export))).isEmpty();
    }

    @Test
    void theNextRunWithinRangeResolvesItAndARunWithoutACountSaysNothing() {
        BatchJob export = job(new CountRange(1L, 200_000L), null);

        assertThat(succeeded(export, "r-1", tokyo("2027-01-12T02:10"), 250_000L)).singleElement()
                .satisfies(a -> assertThat(a.summary())
                        .isEqualTo("nightly-juki-export run r-1 processed 250000 records (expected 1–200000)"));
        assertThat(succeeded(export, "r-2", tokyo("2027-01-13T02:10"), null)).as("count unknown").isEmpty();
        List<Alert> back = succeeded(export, "r-3", tokyo("2027-01-14T02:10"), 182_345L);

        assertThat(back).extracting(Alert::key, Alert::firing, Alert::at, Alert::cause).containsExactly(
                tuple(DB1 + "|BATCH|" + JOB + ":count", false, tokyo("2027-01-14T02:10"), "BATCH_COUNT_IN_RANGE"));
        assertThat(ProblemWords.alert(back.get(0)).ja()).isEqualTo(DB1
                + " のバッチ処理 nightly-juki-export の処理件数が想定の範囲に戻りました");
        assertThat(succeeded(export, "r-4", tokyo("2027-01-15T02:10"), 10L)).as("in range, nothing open").isEmpty();
    }

    @Test
    void aJobWithoutARangeOrAFailedRunSaysNothingAboutCounts() {
        assertThat(succeeded(job(null, null), "r-1", tokyo("2027-01-12T02:10"), 0L)).isEmpty();
        assertThat(run(job(new CountRange(1L, null), null), "r-2", BatchRun.State.FAILED, tokyo("2027-01-13T02:10"),
                600_000L, 0L)).extracting(Alert::cause).containsExactly("BATCH_FAILED");
    }

    // ---- room to re-run ----

    static final NeededBy BY_0830 = new NeededBy(LocalTime.of(8, 30), null);

    /** Three nights of 4-hour successful runs: the usual duration is 4 h. */
    void learnFourHours(BatchJob job) {
        monitor.evaluate(tokyo("2027-01-08T12:00"), List.of(job));
        for (String day : List.of("2027-01-09", "2027-01-10", "2027-01-11")) {
            Instant start = tokyo(day + "T02:00");
            run(job, "learn-" + day, BatchRun.State.STARTED, start, null, null);
            run(job, "learn-" + day, BatchRun.State.SUCCEEDED, start.plus(Duration.ofHours(4)),
                    Duration.ofHours(4).toMillis(), null);
        }
    }

    @Test
    void aFailureAt0500WhoseReRunNeedsFourHoursAgainstAn0830DeadlineAlertsAtOnce() {
        BatchJob export = job(null, BY_0830);
        learnFourHours(export);
        run(export, "r-1", BatchRun.State.STARTED, tokyo("2027-01-12T02:00"), null, null);

        List<Alert> alerts = run(export, "r-1", BatchRun.State.FAILED, tokyo("2027-01-12T05:00"),
                Duration.ofHours(3).toMillis(), null);

        assertThat(alerts).extracting(Alert::key, Alert::cause, Alert::severity, Alert::at).containsExactly(
                tuple(DB1 + "|BATCH|" + JOB, "BATCH_FAILED", Severity.MAJOR, tokyo("2027-01-12T05:00")),
                tuple(DB1 + "|BATCH|" + JOB + ":rerun", "BATCH_NO_TIME_TO_RERUN", Severity.MAJOR,
                        tokyo("2027-01-12T05:00")));
        Alert noTime = alerts.get(1);
        assertThat(noTime.summary()).isEqualTo("nightly-juki-export run r-1 failed at 2027-01-12 05:00: a re-run"
                + " needs about 4h 00m 00s; output needed by 2027-01-12 08:30");
        assertThat(ProblemWords.alert(noTime).ja()).isEqualTo(DB1 + " のバッチ処理 nightly-juki-export が失敗し、"
                + "期限までに再実行が間に合いません（再実行には約4時間0分かかり、出力の期限は 2027/01/12 08:30:00、実行 r-1）");
        assertThat(ProblemWords.alert(noTime).en()).isEqualTo("batch job nightly-juki-export on " + DB1
                + " failed with no time left to re-run it (a re-run needs about 4 h 0 min; output needed by"
                + " 2027/01/12 08:30:00 JST, run r-1)");

        List<Alert> rerun = new ArrayList<>();
        rerun.addAll(run(export, "r-2", BatchRun.State.STARTED, tokyo("2027-01-12T05:10"), null, null));
        rerun.addAll(run(export, "r-2", BatchRun.State.SUCCEEDED, tokyo("2027-01-12T09:10"),
                Duration.ofHours(4).toMillis(), null));
        assertThat(rerun).extracting(Alert::key, Alert::firing, Alert::cause, Alert::at).containsExactly(
                tuple(DB1 + "|BATCH|" + JOB, false, "BATCH_SUCCEEDED", tokyo("2027-01-12T09:10")),
                tuple(DB1 + "|BATCH|" + JOB + ":rerun", false, "BATCH_OUTPUT_READY", tokyo("2027-01-12T09:10")));
    }

    @Test
    void aLateStartAfterAMissedRunIsJudgedAgainstThatMorningsDeadlineNotTomorrows() {
        BatchJob export = job(null, BY_0830);
        learnFourHours(export);
        assertThat(monitor.evaluate(tokyo("2027-01-12T02:30"), List.of(export))).extracting(Alert::cause)
                .containsExactly("BATCH_MISSED");
        // started by hand at 09:00, after the morning it was needed for: its output is already late
        run(export, "r-late", BatchRun.State.STARTED, tokyo("2027-01-12T09:00"), null, null);

        List<Alert> failed = run(export, "r-late", BatchRun.State.FAILED, tokyo("2027-01-12T10:00"),
                Duration.ofHours(1).toMillis(), null);

        assertThat(failed).filteredOn(a -> a.key().endsWith(":rerun")).singleElement().satisfies(a -> {
            assertThat(a.cause()).isEqualTo("BATCH_NO_TIME_TO_RERUN");
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.summary()).endsWith("output needed by 2027-01-12 08:30");
        });
    }

    @Test
    void theSameFailureAt0300LeavesRoomToReRun() {
        BatchJob export = job(null, BY_0830);
        learnFourHours(export);
        run(export, "r-1", BatchRun.State.STARTED, tokyo("2027-01-12T02:00"), null, null);
        for (Instant now = tokyo("2027-01-12T02:10"); now.isBefore(tokyo("2027-01-12T03:00"));
                now = now.plus(Duration.ofMinutes(10))) {
            assertThat(monitor.evaluate(now, List.of(export))).isEmpty();
        }

        assertThat(run(export, "r-1", BatchRun.State.FAILED, tokyo("2027-01-12T03:00"), Duration.ofHours(1).toMillis(),
                null)).extracting(Alert::cause).containsExactly("BATCH_FAILED");
    }

    @Test
    void aRunNotEndedByTheDeadlineLessTheUsualDurationWarnsThenFailingMakesItMajor() {
        BatchJob export = job(null, BY_0830);
        learnFourHours(export);
        run(export, "r-1", BatchRun.State.STARTED, tokyo("2027-01-12T02:00"), null, null);
        List<Alert> evaluated = new ArrayList<>();
        for (Instant now = tokyo("2027-01-12T02:07"); now.isBefore(tokyo("2027-01-12T05:00"));
                now = now.plus(Duration.ofMinutes(7))) {
            evaluated.addAll(monitor.evaluate(now, List.of(export)));
        }

        assertThat(evaluated).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(DB1 + "|BATCH|" + JOB + ":rerun");
            assertThat(a.cause()).isEqualTo("BATCH_RERUN_AT_RISK");
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.at()).as("08:30 − 4 h, exactly").isEqualTo(tokyo("2027-01-12T04:30"));
        });
        assertThat(run(export, "r-1", BatchRun.State.FAILED, tokyo("2027-01-12T05:00"), Duration.ofHours(3).toMillis(),
                null)).extracting(Alert::cause, Alert::severity).containsExactly(
                        tuple("BATCH_FAILED", Severity.MAJOR), tuple("BATCH_NO_TIME_TO_RERUN", Severity.MAJOR));
    }

    @Test
    void withoutAnyKnownSuccessfulRunThereIsNoJudgement() {
        BatchJob export = job(null, BY_0830);
        monitor.evaluate(tokyo("2027-01-12T01:00"), List.of(export));
        run(export, "r-1", BatchRun.State.STARTED, tokyo("2027-01-12T02:00"), null, null);
        assertThat(monitor.evaluate(tokyo("2027-01-12T07:59"), List.of(export))).isEmpty();

        assertThat(run(export, "r-1", BatchRun.State.FAILED, tokyo("2027-01-12T07:59"), 21_540_000L, null))
                .extracting(Alert::cause).containsExactly("BATCH_FAILED");
    }

    @Test
    void theUsualDurationIsTheMedianOfTheLatestSuccessfulRuns() {
        assertThat(BatchMonitor.usualDuration(List.of())).isNull();
        assertThat(BatchMonitor.usualDuration(List.of(3L, 100L, 5L))).isEqualTo(Duration.ofMillis(5));
        assertThat(BatchMonitor.usualDuration(List.of(4L, 8L))).isEqualTo(Duration.ofMillis(6));
    }
}
