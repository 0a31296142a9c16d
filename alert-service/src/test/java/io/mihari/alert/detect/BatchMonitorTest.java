package io.mihari.alert.detect;

import io.mihari.model.catalog.BatchJob;
import io.mihari.model.catalog.BatchSchedules;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.event.BatchRun;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class BatchMonitorTest {

    static final String DB1 = "kurashiki/krs-juki-db1";
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final Duration GRACE = Duration.ofMinutes(30);
    /** daily at 02:30 in Tokyo = 17:30Z the day before */
    static final BatchJob EXPORT = new BatchJob("nightly-juki-export", DB1, "30 2 * * *", TOKYO, GRACE,
            Duration.ofHours(2));
    /** on the 1st of each month at 03:00 in Tokyo = 18:00Z on the last day of the month before */
    static final BatchJob MONTHLY = new BatchJob("monthly-welfare-payment", DB1, "0 3 1 * *", TOKYO, GRACE,
            Duration.ofHours(4));
    static final BatchJob ON_DEMAND = new BatchJob("on-demand-reissue", DB1, null, TOKYO, GRACE,
            Duration.ofMinutes(30));
    static final String EXPORT_KEY = "kurashiki/krs-juki-db1|BATCH|nightly-juki-export";

    /** 2026-11-25 02:30 in Tokyo */
    static final Instant DUE = Instant.parse("2026-11-24T17:30:00Z");
    static final Instant DEADLINE = DUE.plus(GRACE);
    static final Instant WATCHED = Instant.parse("2026-11-24T12:00:00Z");

    final BatchMonitor monitor = new BatchMonitor();

    static BatchRun started(BatchJob job, String runId) {
        return new BatchRun(job.name(), runId, BatchRun.State.STARTED, null, null, null);
    }

    static BatchRun succeeded(BatchJob job, String runId, long durationMs) {
        return new BatchRun(job.name(), runId, BatchRun.State.SUCCEEDED, 0, durationMs, "done");
    }

    static BatchRun failed(BatchJob job, String runId, Integer exitCode, long durationMs, String output) {
        return new BatchRun(job.name(), runId, BatchRun.State.FAILED, exitCode, durationMs, output);
    }

    List<Alert> run(BatchJob job, BatchRun run, Instant at) {
        return monitor.onRun(job.targetId(), Optional.of(job), run, at);
    }

    List<Alert> evaluate(Instant now, BatchJob... jobs) {
        return monitor.evaluate(now, List.of(jobs));
    }

    // ---- failures ----

    @Test
    void failedRunFiresWithExitCodeDurationAndTheFirstLinesOfItsOutput() {
        Instant at = Instant.parse("2026-11-24T17:41:12Z");

        assertThat(run(EXPORT, failed(EXPORT, "r-1", 2, 671_250,
                "\nORA-01555: snapshot too old\n  rollback segment 7\nexport aborted\n"), at))
                .containsExactly(new Alert(EXPORT_KEY, AlertKind.BATCH, Severity.MAJOR, true, DB1, at,
                        "BATCH_FAILED", "nightly-juki-export run r-1 failed with exit code 2 after 11m 11s: "
                                + "ORA-01555: snapshot too old / rollback segment 7",
                        java.util.Map.of(Alert.RUN, "r-1", Alert.EXIT_CODE, "2",
                                Alert.MESSAGE, "ORA-01555: snapshot too old / rollback segment 7")));
    }

    @Test
    void timedOutRunFiresAsTimedOut() {
        Instant at = Instant.parse("2026-11-24T19:30:00Z");
        BatchRun timedOut = new BatchRun(EXPORT.name(), "r-1", BatchRun.State.TIMED_OUT, null, 7_200_000L, null);

        assertThat(run(EXPORT, timedOut, at)).singleElement().satisfies(a -> {
            assertThat(a.firing()).isTrue();
            assertThat(a.cause()).isEqualTo("BATCH_TIMED_OUT");
            assertThat(a.at()).isEqualTo(at);
            assertThat(a.summary())
                    .isEqualTo("nightly-juki-export run r-1 timed out without an exit code after 2h 00m 00s");
        });
    }

    @Test
    void longOutputIsShortenedInTheSummary() {
        assertThat(BatchMonitor.firstLines("x".repeat(500))).hasSize(200).endsWith("…");
        assertThat(BatchMonitor.firstLines(null)).isEmpty();
        assertThat(BatchMonitor.duration(4_250L)).isEqualTo("4.250s");
    }

    @Test
    void laterSuccessResolvesTheFailureButAnOlderSuccessDeliveredLateDoesNot() {
        Instant failedAt = Instant.parse("2026-11-24T17:40:00Z");
        run(EXPORT, failed(EXPORT, "r-2", 1, 600_000, "boom"), failedAt);

        assertThat(run(EXPORT, succeeded(EXPORT, "r-1", 60_000), failedAt.minusSeconds(86_400)))
                .as("yesterday's run, delivered late").isEmpty();
        Instant retried = failedAt.plusSeconds(900);
        assertThat(run(EXPORT, succeeded(EXPORT, "r-3", 300_000), retried)).containsExactly(
                new Alert(EXPORT_KEY, AlertKind.BATCH, Severity.MAJOR, false, DB1, retried, "BATCH_SUCCEEDED",
                        "nightly-juki-export run r-3 succeeded after 5m 00s"));
        assertThat(run(EXPORT, succeeded(EXPORT, "r-4", 300_000), retried.plusSeconds(600)))
                .as("nothing left to resolve").isEmpty();
    }

    @Test
    void everyFailedRunIsReported() {
        run(EXPORT, failed(EXPORT, "r-1", 1, 1_000, null), DUE);

        assertThat(run(EXPORT, failed(EXPORT, "r-2", 3, 1_000, null), DUE.plusSeconds(60)))
                .extracting(Alert::cause, Alert::summary)
                .containsExactly(tuple("BATCH_FAILED",
                        "nightly-juki-export run r-2 failed with exit code 3 after 1.000s"));
    }

    // ---- hung ----

    @Test
    void runIsHungExactlyAtStartPlusMaxRunTime() {
        Instant start = Instant.parse("2026-11-25T01:00:00Z");
        evaluate(start.minusSeconds(60), ON_DEMAND);
        assertThat(run(ON_DEMAND, started(ON_DEMAND, "r-1"), start)).isEmpty();

        assertThat(evaluate(start.plus(Duration.ofMinutes(30)).minusMillis(1), ON_DEMAND)).isEmpty();
        assertThat(evaluate(start.plus(Duration.ofMinutes(30)), ON_DEMAND)).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("kurashiki/krs-juki-db1|BATCH|on-demand-reissue");
            assertThat(a.firing()).isTrue();
            assertThat(a.cause()).isEqualTo("BATCH_HUNG");
            assertThat(a.at()).isEqualTo(start.plus(Duration.ofMinutes(30)));
            assertThat(a.summary()).isEqualTo("on-demand-reissue run r-1 started at 2026-11-25T01:00:00Z has not"
                    + " ended within its maxRunTime of 30m 00s");
        });
        assertThat(evaluate(start.plus(Duration.ofHours(5)), ON_DEMAND)).as("once per run").isEmpty();

        Instant end = start.plus(Duration.ofMinutes(45));
        assertThat(run(ON_DEMAND, succeeded(ON_DEMAND, "r-1", 2_700_000), end)).singleElement()
                .satisfies(a -> {
                    assertThat(a.firing()).isFalse();
                    assertThat(a.cause()).isEqualTo("BATCH_SUCCEEDED");
                    assertThat(a.at()).isEqualTo(end);
                });
    }

    @Test
    void hungRunThatFailsBecomesAFailure() {
        Instant start = Instant.parse("2026-11-25T01:00:00Z");
        evaluate(start, ON_DEMAND);
        run(ON_DEMAND, started(ON_DEMAND, "r-1"), start);
        evaluate(start.plus(Duration.ofMinutes(30)), ON_DEMAND);

        assertThat(run(ON_DEMAND, failed(ON_DEMAND, "r-1", 137, 3_600_000, "Killed"), start.plusSeconds(3_600)))
                .singleElement().satisfies(a -> {
                    assertThat(a.firing()).isTrue();
                    assertThat(a.cause()).isEqualTo("BATCH_FAILED");
                    assertThat(a.at()).isEqualTo(start.plusSeconds(3_600));
                });
    }

    @Test
    void runThatEndedInTimeButWasDeliveredAfterItsHangAlertResolvesIt() {
        Instant start = Instant.parse("2026-11-25T01:00:00Z");
        evaluate(start, ON_DEMAND);
        run(ON_DEMAND, started(ON_DEMAND, "r-1"), start);
        Instant hungAt = start.plus(Duration.ofMinutes(30));
        evaluate(hungAt, ON_DEMAND);

        assertThat(run(ON_DEMAND, succeeded(ON_DEMAND, "r-1", 600_000), start.plusSeconds(600)))
                .singleElement().satisfies(a -> {
                    assertThat(a.firing()).isFalse();
                    assertThat(a.at()).as("never before the problem began").isEqualTo(hungAt);
                });
    }

    @Test
    void jobWithoutMaxRunTimeNeverHangs() {
        BatchJob unlimited = new BatchJob("archive", DB1, null, TOKYO, GRACE, null);
        evaluate(WATCHED, unlimited);
        run(unlimited, started(unlimited, "r-1"), WATCHED);

        assertThat(evaluate(WATCHED.plus(Duration.ofDays(3)), unlimited)).isEmpty();
    }

    // ---- missed ----

    @Test
    void scheduleIsReadInTheJobsTimeZone() {
        assertThat(BatchSchedules.next("30 2 * * *", TOKYO, WATCHED)).contains(DUE);
        assertThat(BatchSchedules.next("30 2 * * *", TOKYO, DUE)).contains(DUE.plus(Duration.ofDays(1)));
        assertThat(BatchSchedules.next("30 2 * * *", ZoneId.of("UTC"), WATCHED))
                .contains(Instant.parse("2026-11-25T02:30:00Z"));
    }

    @Test
    void missedExactlyAtScheduledPlusGrace() {
        evaluate(WATCHED, EXPORT);

        assertThat(evaluate(DEADLINE.minusMillis(1), EXPORT)).isEmpty();
        assertThat(evaluate(DEADLINE, EXPORT)).containsExactly(new Alert(EXPORT_KEY, AlertKind.BATCH,
                Severity.MAJOR, true, DB1, DEADLINE, "BATCH_MISSED",
                "nightly-juki-export was due at 2026-11-25 02:30 Asia/Tokyo (30 2 * * *) and has not started"
                        + " within 30m 00s", java.util.Map.of(Alert.SCHEDULED, DUE.toString(), Alert.LIMIT, "PT30M")));
        assertThat(evaluate(DEADLINE.plusSeconds(1), EXPORT)).as("once").isEmpty();
        assertThat(evaluate(DEADLINE.plus(Duration.ofDays(3)), EXPORT))
                .as("one alert while the job keeps not running").isEmpty();
    }

    @Test
    void lateStartResolvesTheMissedRunAndItsRunIsStillWatched() {
        evaluate(WATCHED, EXPORT);
        evaluate(DEADLINE, EXPORT);
        Instant late = DEADLINE.plus(Duration.ofMinutes(20));

        assertThat(run(EXPORT, started(EXPORT, "r-1"), late)).singleElement().satisfies(a -> {
            assertThat(a.firing()).isFalse();
            assertThat(a.cause()).isEqualTo("BATCH_STARTED");
            assertThat(a.at()).isEqualTo(late);
        });
        assertThat(evaluate(late.plus(Duration.ofHours(2)), EXPORT)).singleElement()
                .extracting(Alert::cause, Alert::at)
                .containsExactly("BATCH_HUNG", late.plus(Duration.ofHours(2)));
    }

    @Test
    void startAtTheEarliestTolerantInstantKeepsTheSchedule() {
        evaluate(WATCHED, EXPORT);
        run(EXPORT, started(EXPORT, "r-1"), DUE.minus(GRACE));
        run(EXPORT, succeeded(EXPORT, "r-1", 60_000), DUE.minus(GRACE).plusSeconds(60));

        assertThat(evaluate(DEADLINE.plus(Duration.ofHours(6)), EXPORT)).isEmpty();
        assertThat(evaluate(DEADLINE.plus(Duration.ofDays(1)), EXPORT)).as("the start counts once: the next day")
                .extracting(Alert::cause, Alert::at)
                .containsExactly(tuple("BATCH_MISSED",
                        DEADLINE.plus(Duration.ofDays(1))));
    }

    @Test
    void startTooEarlyCountsForNothing() {
        evaluate(WATCHED, EXPORT);
        run(EXPORT, started(EXPORT, "r-1"), DUE.minus(GRACE).minusMillis(1));

        assertThat(evaluate(DEADLINE, EXPORT)).extracting(Alert::cause).containsExactly("BATCH_MISSED");
        assertThat(run(EXPORT, succeeded(EXPORT, "r-1", 60_000), DUE.minus(GRACE).plusSeconds(60)))
                .as("that run ended before the problem began").isEmpty();
    }

    @Test
    void startJustBeforeTheDeadlineKeepsTheSchedule() {
        evaluate(WATCHED, EXPORT);
        run(EXPORT, started(EXPORT, "r-1"), DEADLINE.minusMillis(1));

        assertThat(evaluate(DEADLINE, EXPORT)).isEmpty();
    }

    @Test
    void lateStartKnownBeforeTheEvaluationIsStillAMissedRunResolvedAtOnce() {
        evaluate(WATCHED, EXPORT);
        Instant late = DEADLINE.plusSeconds(5);
        assertThat(run(EXPORT, started(EXPORT, "r-1"), late)).isEmpty();

        assertThat(evaluate(DEADLINE.plusSeconds(10), EXPORT)).extracting(Alert::firing, Alert::cause, Alert::at)
                .containsExactly(tuple(true, "BATCH_MISSED", DEADLINE),
                        tuple(false, "BATCH_STARTED", late));
    }

    @Test
    void startInTimeDeliveredAfterTheMissedAlertResolvesIt() {
        evaluate(WATCHED, EXPORT);
        evaluate(DEADLINE, EXPORT);

        assertThat(run(EXPORT, started(EXPORT, "r-1"), DUE.plusSeconds(3))).singleElement().satisfies(a -> {
            assertThat(a.cause()).isEqualTo("BATCH_STARTED");
            assertThat(a.at()).as("never before the problem began").isEqualTo(DEADLINE);
        });
    }

    @Test
    void runWhoseStartWasLostKeepsTheScheduleByItsEnd() {
        evaluate(WATCHED, EXPORT);
        run(EXPORT, succeeded(EXPORT, "r-1", 600_000), DUE.plusSeconds(600));

        assertThat(evaluate(DEADLINE, EXPORT)).isEmpty();
    }

    @Test
    void onlyInstantsAfterWatchingBeganCount() {
        Instant serviceStart = DUE.plus(Duration.ofMinutes(15));
        assertThat(evaluate(serviceStart, EXPORT)).isEmpty();

        assertThat(evaluate(DEADLINE.plus(Duration.ofHours(1)), EXPORT)).as("02:30 was before watching").isEmpty();
        assertThat(evaluate(DEADLINE.plus(Duration.ofDays(1)), EXPORT)).extracting(Alert::at)
                .containsExactly(DEADLINE.plus(Duration.ofDays(1)));
    }

    @Test
    void startSeenBeforeWatchingBeganStillCountsForTheNextInstant() {
        run(EXPORT, started(EXPORT, "r-1"), DUE.minusSeconds(60)); // e.g. consumed from Kafka's backlog at start
        evaluate(DUE.minusSeconds(30), EXPORT);

        assertThat(evaluate(DEADLINE, EXPORT)).isEmpty();
    }

    @Test
    void monthlyScheduleAcrossAMonthBoundary() {
        Instant watched = Instant.parse("2026-11-15T00:00:00Z");
        evaluate(watched, MONTHLY);
        Instant december = Instant.parse("2026-11-30T18:00:00Z"); // 2026-12-01 03:00 in Tokyo
        assertThat(BatchSchedules.next("0 3 1 * *", TOKYO, watched)).contains(december);

        assertThat(evaluate(december.plus(GRACE).minusMillis(1), MONTHLY)).isEmpty();
        assertThat(evaluate(december.plus(GRACE), MONTHLY)).singleElement().satisfies(a -> {
            assertThat(a.cause()).isEqualTo("BATCH_MISSED");
            assertThat(a.at()).isEqualTo(Instant.parse("2026-11-30T18:30:00Z"));
            assertThat(a.summary()).startsWith("monthly-welfare-payment was due at 2026-12-01 03:00 Asia/Tokyo");
        });
        run(MONTHLY, started(MONTHLY, "2026-12"), december.plus(Duration.ofHours(1)));
        run(MONTHLY, succeeded(MONTHLY, "2026-12", 3_600_000), december.plus(Duration.ofHours(2)));

        Instant january = Instant.parse("2026-12-31T18:00:00Z"); // 2027-01-01 03:00 in Tokyo
        assertThat(evaluate(january.plus(GRACE).minusMillis(1), MONTHLY)).isEmpty();
        assertThat(evaluate(january.plus(GRACE), MONTHLY)).extracting(Alert::at)
                .containsExactly(january.plus(GRACE));
    }

    @Test
    void daylightSavingTimeIsHandledLikeCron() {
        ZoneId newYork = ZoneId.of("America/New_York");
        // 2026-03-08: 02:00 EST jumps to 03:00 EDT, so 02:30 is due when the clock jumps (07:00Z), once
        assertThat(BatchSchedules.next("30 2 * * *", newYork, Instant.parse("2026-03-07T12:00:00Z")))
                .contains(Instant.parse("2026-03-08T07:00:00Z"));
        assertThat(BatchSchedules.next("*/15 2 * * *", newYork, Instant.parse("2026-03-08T06:59:00Z")))
                .contains(Instant.parse("2026-03-08T07:00:00Z"));
        assertThat(BatchSchedules.next("*/15 2 * * *", newYork, Instant.parse("2026-03-08T07:00:00Z")))
                .contains(Instant.parse("2026-03-09T06:00:00Z"));
        // 2026-11-01: 02:00 EDT goes back to 01:00 EST, so 01:30 happens twice: due at the first only
        assertThat(BatchSchedules.next("30 1 * * *", newYork, Instant.parse("2026-11-01T04:00:00Z")))
                .contains(Instant.parse("2026-11-01T05:30:00Z"));
        assertThat(BatchSchedules.next("30 1 * * *", newYork, Instant.parse("2026-11-01T05:30:00Z")))
                .contains(Instant.parse("2026-11-02T06:30:00Z"));
    }

    // ---- replays, unknown jobs, restarts ----

    @Test
    void replayedSignalsDoNotAlertTwice() {
        BatchRun failure = failed(EXPORT, "r-1", 1, 1_000, null);
        assertThat(run(EXPORT, failure, DUE)).hasSize(1);

        assertThat(run(EXPORT, failure, DUE)).isEmpty();
        assertThat(run(EXPORT, started(EXPORT, "r-1"), DUE.minusSeconds(1))).as("its STARTED, delivered last")
                .isEmpty();
        assertThat(evaluate(DUE.plus(Duration.ofDays(1)).minusSeconds(1), EXPORT))
                .as("a run that ended is never hung").isEmpty();
        BatchRun success = succeeded(EXPORT, "r-2", 1_000);
        assertThat(run(EXPORT, success, DUE.plusSeconds(60))).hasSize(1);
        assertThat(run(EXPORT, success, DUE.plusSeconds(60))).isEmpty();
    }

    @Test
    void jobMissingFromTheCatalogStillAlertsOnFailure() {
        BatchRun failure = new BatchRun("adhoc-cleanup", "r-1", BatchRun.State.FAILED, 1, 500L, "disk full");

        assertThat(monitor.onRun(DB1, Optional.empty(), failure, DUE)).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("kurashiki/krs-juki-db1|BATCH|adhoc-cleanup");
            assertThat(a.cause()).isEqualTo("BATCH_FAILED");
        });
        monitor.onRun(DB1, Optional.empty(), new BatchRun("adhoc-cleanup", "r-2", BatchRun.State.STARTED, null,
                null, null), DUE.plusSeconds(10));
        assertThat(monitor.evaluate(DUE.plus(Duration.ofDays(10)), List.of())).isEmpty();
        assertThat(monitor.onRun(DB1, Optional.empty(), new BatchRun("adhoc-cleanup", "r-2",
                BatchRun.State.SUCCEEDED, 0, 500L, null), DUE.plusSeconds(20)))
                .extracting(Alert::firing).containsExactly(false);
    }

    @Test
    void forgottenTargetStartsOver() {
        run(EXPORT, failed(EXPORT, "r-1", 1, 1_000, null), DUE);
        monitor.forget(DB1);

        assertThat(run(EXPORT, succeeded(EXPORT, "r-2", 1_000), DUE.plusSeconds(60))).isEmpty();
    }

    @Test
    void forgetIfDropsJobsOnlyEverEvaluatedSoTheyAreWatchedAfreshWhenListedAgain() {
        BatchJob ap1Export = new BatchJob("nightly-juki-export", "kurashiki/krs-juki-ap1", "30 2 * * *", TOKYO,
                GRACE, Duration.ofHours(2));
        assertThat(evaluate(WATCHED, EXPORT, ap1Export)).isEmpty();

        monitor.forgetIf(DB1::equals);

        assertThat(evaluate(DEADLINE, EXPORT, ap1Export))
                .as("DB1's job is watched from now on: nothing stale is declared missed")
                .extracting(Alert::key, Alert::cause, Alert::at)
                .containsExactly(tuple("kurashiki/krs-juki-ap1|BATCH|nightly-juki-export", "BATCH_MISSED", DEADLINE));
        assertThat(evaluate(DEADLINE.plus(Duration.ofDays(1)), EXPORT)).extracting(Alert::key)
                .containsExactly(EXPORT_KEY);
    }

    @Test
    void restoredOpenRunIsFoundHungAndRestoredFailureResolvedBySuccess() {
        Instant restart = Instant.parse("2026-11-25T03:00:00Z");
        Instant openStart = Instant.parse("2026-11-25T02:00:00Z");
        monitor.restore(DB1, ON_DEMAND, new BatchMonitor.Snapshot(restart, openStart, "r-9", openStart, null, null,
                null));

        assertThat(evaluate(restart, ON_DEMAND)).extracting(Alert::cause, Alert::at)
                .containsExactly(tuple("BATCH_HUNG", openStart.plusSeconds(1_800)));
        assertThat(run(ON_DEMAND, started(ON_DEMAND, "r-9"), openStart)).as("replayed from Kafka").isEmpty();
        assertThat(evaluate(restart.plusSeconds(10), ON_DEMAND)).as("not twice").isEmpty();

        Instant failedAt = Instant.parse("2026-11-24T17:40:00Z");
        monitor.restore(DB1, EXPORT, new BatchMonitor.Snapshot(restart, DUE, null, null, "BATCH_FAILED", failedAt,
                "r-1"));
        assertThat(run(EXPORT, failed(EXPORT, "r-1", 1, 600_000, null), failedAt)).as("replayed").isEmpty();
        assertThat(run(EXPORT, succeeded(EXPORT, "r-2", 60_000), restart.plusSeconds(60)))
                .extracting(Alert::key, Alert::firing, Alert::cause)
                .containsExactly(tuple(EXPORT_KEY, false, "BATCH_SUCCEEDED"));
    }

    @Test
    void restoredJobIsWatchedFromTheGivenInstantOnly() {
        Instant restart = DEADLINE.plusSeconds(60);
        monitor.restore(DB1, EXPORT, new BatchMonitor.Snapshot(restart, null, null, null, null, null, null));

        assertThat(evaluate(restart.plusSeconds(60), EXPORT)).as("the 02:30 run was due while down").isEmpty();
        assertThat(evaluate(DEADLINE.plus(Duration.ofDays(1)), EXPORT)).hasSize(1);
    }

    @Test
    void restoredMissedAlertIsResolvedByAStart() {
        Instant restart = DEADLINE.plusSeconds(60);
        monitor.restore(DB1, EXPORT, new BatchMonitor.Snapshot(restart, null, null, null, "BATCH_MISSED", DEADLINE,
                null));

        assertThat(run(EXPORT, started(EXPORT, "r-1"), DUE.minus(GRACE).minusSeconds(1)))
                .as("older than the missed instant's window").isEmpty();
        assertThat(run(EXPORT, started(EXPORT, "r-2"), restart.plusSeconds(60))).extracting(Alert::cause)
                .containsExactly("BATCH_STARTED");
    }

    // ---- schedule validation ----

    @Test
    void invalidSchedulesAreReportedWithTheirKey() {
        String yaml = """
                tenants:
                  - {id: kurashiki, name: {ja: 倉敷市, en: Kurashiki}}
                systems:
                  - {id: juki, name: {ja: 住記系, en: Resident records}}
                  - {id: hf, name: {ja: 保健福祉系, en: Health and welfare}}
                vendors:
                  - {id: fj, name: {ja: 富士通Japan, en: Fujitsu Japan}}
                services:
                  - id: kurashiki-juki
                    tenant: kurashiki
                    system: juki
                    vendor: fj
                    targets: [{host: db1}]
                    jobs:
                      - {name: ok, host: db1, schedule: "30 2 * * *"}
                      - {name: on-demand, host: db1}
                  - id: kurashiki-hf
                    tenant: kurashiki
                    system: hf
                    vendor: fj
                    targets: [{host: hf-db1}]
                    jobs:
                      - {name: bad, host: hf-db1, schedule: "61 2 * * *"}
                      - {name: never, host: hf-db1, schedule: "0 0 31 2 *"}
                      - {name: weekdays, host: hf-db1, schedule: "0 7 * * 1-5"}
                """;
        Catalog catalog = CatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t");

        assertThat(BatchSchedules.problems(catalog)).containsExactly(
                "services[1].jobs[0].schedule: '61 2 * * *' is not a valid cron expression (Failed to parse cron"
                        + " expression. Value 61 not in range [0, 59])",
                "services[1].jobs[1].schedule: '0 0 31 2 *' never matches a date");
    }
}
