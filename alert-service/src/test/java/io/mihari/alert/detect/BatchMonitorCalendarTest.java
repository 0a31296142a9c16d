package io.mihari.alert.detect;

import io.mihari.alert.incident.ProblemWords;
import io.mihari.model.calendar.BusinessCalendar;
import io.mihari.model.catalog.BatchDays;
import io.mihari.model.catalog.BatchJob;
import io.mihari.model.catalog.BatchShift;
import io.mihari.model.event.BatchRun;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code BATCH_MISSED} and {@code BATCH_HUNG} of jobs on the business calendar (Asia/Tokyo, fixed instants). */
class BatchMonitorCalendarTest {

    static final String DB1 = "kurashiki/krs-juki-db1";
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final Duration GRACE = Duration.ofMinutes(30);

    final BatchMonitor monitor = new BatchMonitor();

    static BatchJob job(String name, String schedule, BatchDays on, BatchShift shift) {
        return new BatchJob(name, DB1, schedule, TOKYO, GRACE, Duration.ofHours(3), on, shift,
                BusinessCalendar.JAPAN);
    }

    static Instant tokyo(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(TOKYO).toInstant();
    }

    List<Alert> evaluate(Instant now, BatchJob job) {
        return monitor.evaluate(now, List.of(job));
    }

    List<Alert> start(BatchJob job, String runId, Instant at) {
        return monitor.onRun(DB1, Optional.of(job),
                new BatchRun(job.name(), runId, BatchRun.State.STARTED, null, null, null), at);
    }

    /** Evaluates every 10 minutes from {@code from} (exclusive) to {@code to} (inclusive), collecting the alerts. */
    List<Alert> evaluateEvery10Minutes(Instant from, Instant to, BatchJob job) {
        List<Alert> alerts = new java.util.ArrayList<>();
        for (Instant now = from.plus(Duration.ofMinutes(10)); !now.isAfter(to); now = now.plus(Duration.ofMinutes(10))) {
            alerts.addAll(evaluate(now, job));
        }
        return alerts;
    }

    @Test
    void businessDayJobIsNotMissedOnAHolidayOrInTheYearEndClosure() {
        BatchJob nightly = job("nightly-juki-export", "30 2 * * *", BatchDays.BUSINESS_DAYS, BatchShift.NONE);
        evaluate(tokyo("2027-01-10T12:00"), nightly);

        assertThat(evaluateEvery10Minutes(tokyo("2027-01-10T12:00"), tokyo("2027-01-12T02:50"), nightly))
                .as("nothing on 2027-01-11 成人の日").isEmpty();
        assertThat(evaluate(tokyo("2027-01-12T03:00"), nightly)).singleElement().satisfies(a -> {
            assertThat(a.cause()).isEqualTo("BATCH_MISSED");
            assertThat(a.at()).isEqualTo(tokyo("2027-01-12T03:00"));
            assertThat(a.summary()).isEqualTo("nightly-juki-export was due at 2027-01-12 02:30 Asia/Tokyo"
                    + " (30 2 * * *, on: businessDays) and has not started within 30m 00s");
            assertThat(a.facts()).isEqualTo(Map.of(Alert.SCHEDULED, "2027-01-11T17:30:00Z", Alert.LIMIT, "PT30M",
                    Alert.CALENDAR, "on: businessDays"));
        });

        BatchMonitor yearEnd = new BatchMonitor();
        yearEnd.evaluate(tokyo("2026-12-28T12:00"), List.of(nightly));
        for (Instant now = tokyo("2026-12-28T12:10"); now.isBefore(tokyo("2027-01-04T03:00"));
                now = now.plus(Duration.ofMinutes(10))) {
            assertThat(yearEnd.evaluate(now, List.of(nightly))).as("nothing at %s (12/29–1/3 closed)", now).isEmpty();
        }
        assertThat(yearEnd.evaluate(tokyo("2027-01-04T03:00"), List.of(nightly))).extracting(Alert::cause, Alert::at)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("BATCH_MISSED", tokyo("2027-01-04T03:00")));
    }

    @Test
    void afterBusinessDaysJobRunsAfterADayOfWorkOnly() {
        BatchJob nightly = job("nightly-import", "30 2 * * *", BatchDays.AFTER_BUSINESS_DAYS, BatchShift.NONE);
        evaluate(tokyo("2027-01-16T03:00"), nightly); // Saturday, after Friday's run was due

        assertThat(evaluateEvery10Minutes(tokyo("2027-01-16T03:00"), tokyo("2027-01-19T02:50"), nightly))
                .as("nothing on Sunday 1/17 nor on the Monday after the weekend").isEmpty();
        assertThat(evaluate(tokyo("2027-01-19T03:00"), nightly)).extracting(Alert::at)
                .containsExactly(tokyo("2027-01-19T03:00"));

        BatchMonitor holiday = new BatchMonitor();
        holiday.evaluate(tokyo("2027-01-09T03:00"), List.of(nightly));
        for (Instant now = tokyo("2027-01-09T03:10"); now.isBefore(tokyo("2027-01-13T03:00"));
                now = now.plus(Duration.ofMinutes(10))) {
            assertThat(holiday.evaluate(now, List.of(nightly))).as("nothing at %s (1/12 follows 成人の日)", now)
                    .isEmpty();
        }
        assertThat(holiday.evaluate(tokyo("2027-01-13T03:00"), List.of(nightly))).extracting(Alert::at)
                .containsExactly(tokyo("2027-01-13T03:00"));
    }

    @Test
    void lastBusinessDayJobIsMissedAtExactlyItsStartPlusWindow() {
        BatchJob closing = job("monthly-nhi-closing", "0 22 * * *", BatchDays.LAST_BUSINESS_DAY, BatchShift.NONE);

        evaluate(tokyo("2027-04-01T00:00"), closing);
        assertThat(evaluate(tokyo("2027-04-30T22:30").minusMillis(1), closing)).isEmpty();
        assertThat(evaluate(tokyo("2027-04-30T22:30"), closing)).singleElement().satisfies(a -> {
            assertThat(a.cause()).isEqualTo("BATCH_MISSED");
            assertThat(a.at()).isEqualTo(Instant.parse("2027-04-30T13:30:00Z"));
            assertThat(a.summary()).contains("(0 22 * * *, on: lastBusinessDay)");
            assertThat(ProblemWords.alert(a).ja()).isEqualTo(
                    "kurashiki/krs-juki-db1 のバッチ処理 monthly-nhi-closing が予定（2027/04/30 22:00:00、on: lastBusinessDay）"
                            + "どおりに開始されていません");
            assertThat(ProblemWords.alert(a).en()).isEqualTo("batch job monthly-nhi-closing on kurashiki/krs-juki-db1"
                    + " did not start as scheduled (2027/04/30 22:00:00 JST, on: lastBusinessDay)");
        });

        BatchMonitor y2028 = new BatchMonitor();
        y2028.evaluate(tokyo("2028-04-01T00:00"), List.of(closing));
        assertThat(y2028.evaluate(tokyo("2028-04-28T22:30").minusMillis(1), List.of(closing)))
                .as("not on 4/29 昭和の日 (a Saturday) or 4/30 (a Sunday)").isEmpty();
        assertThat(y2028.evaluate(tokyo("2028-04-28T22:30"), List.of(closing))).extracting(Alert::cause, Alert::at)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("BATCH_MISSED",
                        Instant.parse("2028-04-28T13:30:00Z")));
    }

    @Test
    void nthBusinessDayJobKeptByItsStart() {
        BatchJob third = job("monthly-report", "0 9 * * *", BatchDays.businessDayOfMonth(3), BatchShift.NONE);
        evaluate(tokyo("2026-12-20T00:00"), third);

        assertThat(evaluate(tokyo("2027-01-06T09:30").minusMillis(1), third)).isEmpty();
        assertThat(start(third, "2027-01", tokyo("2027-01-06T09:05"))).isEmpty();
        assertThat(monitor.onRun(DB1, Optional.of(third), new BatchRun(third.name(), "2027-01",
                BatchRun.State.SUCCEEDED, 0, 600_000L, "done"), tokyo("2027-01-06T09:15"))).isEmpty();
        assertThat(evaluate(tokyo("2027-02-03T09:30").minusMillis(1), third)).as("kept by its start").isEmpty();
        assertThat(evaluate(tokyo("2027-02-03T09:30"), third)).extracting(Alert::at)
                .containsExactly(tokyo("2027-02-03T09:30"));
    }

    @Test
    void shiftedAndSkippedRuns() {
        BatchJob payment = job("monthly-welfare-payment", "0 3 1 * *", BatchDays.EVERY_DAY,
                BatchShift.NEXT_BUSINESS_DAY);
        evaluate(tokyo("2026-12-15T00:00"), payment);
        assertThat(evaluate(tokyo("2027-01-04T03:30").minusMillis(1), payment)).as("not on 1/1").isEmpty();
        assertThat(evaluate(tokyo("2027-01-04T03:30"), payment)).singleElement().satisfies(a -> {
            assertThat(a.facts()).containsEntry(Alert.SCHEDULED, "2027-01-03T18:00:00Z")
                    .containsEntry(Alert.CALENDAR, "shift: nextBusinessDay");
            assertThat(a.summary()).contains("due at 2027-01-04 03:00 Asia/Tokyo (0 3 1 * *, shift: nextBusinessDay)");
        });

        BatchJob stats = job("monthly-stats", "0 3 1 * *", BatchDays.EVERY_DAY, BatchShift.SKIP);
        evaluate(tokyo("2026-12-15T00:00"), stats);
        assertThat(evaluate(tokyo("2027-02-01T03:30").minusMillis(1), stats)).as("1/1 skipped").isEmpty();
        assertThat(evaluate(tokyo("2027-02-01T03:30"), stats)).extracting(Alert::at)
                .containsExactly(tokyo("2027-02-01T03:30"));
    }

    @Test
    void aReloadThatPutsAJobOnTheCalendarTakesEffectAtOnce() {
        BatchJob plain = job("nightly", "30 2 * * *", BatchDays.EVERY_DAY, BatchShift.NONE);
        BatchJob business = job("nightly", "30 2 * * *", BatchDays.BUSINESS_DAYS, BatchShift.NONE);
        evaluate(tokyo("2027-01-10T12:00"), plain); // the 1/11 02:30 instant is pending

        assertThat(evaluate(tokyo("2027-01-11T03:00"), business)).isEmpty();
        assertThat(evaluate(tokyo("2027-01-12T03:00"), business)).extracting(Alert::at)
                .containsExactly(tokyo("2027-01-12T03:00"));
    }

    @Test
    void hungRunOfACalendarJobIsFoundAtExactlyStartPlusMaxRunTime() {
        BatchJob closing = job("monthly-nhi-closing", "0 22 * * *", BatchDays.LAST_BUSINESS_DAY, BatchShift.NONE);
        evaluate(tokyo("2027-04-01T00:00"), closing);
        start(closing, "2027-04", tokyo("2027-04-30T22:01"));

        assertThat(evaluate(tokyo("2027-05-01T01:01").minusMillis(1), closing)).isEmpty();
        assertThat(evaluate(tokyo("2027-05-01T01:01"), closing)).extracting(Alert::cause, Alert::at)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("BATCH_HUNG", tokyo("2027-05-01T01:01")));
    }
}
