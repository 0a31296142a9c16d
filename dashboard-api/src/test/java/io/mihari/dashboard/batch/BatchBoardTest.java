package io.mihari.dashboard.batch;

import io.mihari.dashboard.auth.Scope;
import io.mihari.dashboard.auth.User;
import io.mihari.dashboard.batch.BatchBoard.CalendarDay;
import io.mihari.dashboard.batch.BatchBoard.Closure;
import io.mihari.dashboard.batch.BatchBoard.DayStatus;
import io.mihari.dashboard.batch.BatchBoard.JobDay;
import io.mihari.dashboard.batch.BatchBoard.JobView;
import io.mihari.dashboard.batch.BatchBoard.JobsView;
import io.mihari.dashboard.batch.BatchBoard.LastRun;
import io.mihari.model.calendar.BusinessCalendar;
import io.mihari.model.catalog.BatchDays;
import io.mihari.model.catalog.BatchJob;
import io.mihari.model.catalog.BatchShift;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link BatchBoard}: a service's jobs over days on Kurashiki's business calendar (Asia/Tokyo, 02:30 JST =
 * 17:30 UTC the day before), with fixed instants.
 */
class BatchBoardTest {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final Instant NOW = Instant.parse("2027-01-13T03:00:00Z"); // Wednesday 2027-01-13 12:00 JST

    static final String YAML = """
            tenants:
              - id: kurashiki
                name: {ja: 倉敷市, en: Kurashiki}
                calendar: {closedDates: [2027-01-14]}
              - id: takamatsu
                name: {ja: 高松市, en: Takamatsu}
            systems: [{id: juki, name: {ja: 住記系, en: Resident records}}]
            vendors:
              - {id: fujitsu-japan, name: {ja: 富士通Japan, en: Fujitsu Japan}}
              - {id: ines, name: {ja: アイネス, en: INES}}
            services:
              - id: kurashiki-juki
                tenant: kurashiki
                system: juki
                vendor: fujitsu-japan
                targets: [{host: krs-juki-db1}]
                jobs:
                  - {name: nightly-export, host: krs-juki-db1, schedule: "30 2 * * *", on: businessDays,
                     startWithin: 30m, maxRunTime: 2h}
                  - {name: month-end-close, host: krs-juki-db1, schedule: "0 22 * * *", on: lastBusinessDay}
                  - {name: weekday-report, host: krs-juki-db1, schedule: "0 3 * * 1-5"}
                  - {name: day-after, host: krs-juki-db1, schedule: "30 2 * * *", on: afterBusinessDays}
                  - {name: payment, host: krs-juki-db1, schedule: "0 3 11 1 *", shift: nextBusinessDay}
              - id: takamatsu-juki
                tenant: takamatsu
                system: juki
                vendor: ines
                targets: [{host: tkm-juki-db1}]
            """;

    static final Catalog CATALOG = CatalogLoader.load(
            new ByteArrayInputStream(YAML.getBytes(StandardCharsets.UTF_8)), "test-catalog.yaml");
    static final Scope ADMIN = Scope.of("admin", "Admin", User.ADMIN, null, CATALOG);

    static JobsView week(String from, String to) {
        return BatchBoard.of(CATALOG, ADMIN, "kurashiki-juki", from, to, NOW, job -> Optional.empty());
    }

    static JobView job(JobsView view, String name) {
        return view.jobs().stream().filter(j -> j.name().equals(name)).findFirst().orElseThrow();
    }

    static JobDay runs(String date, String... instants) {
        return new JobDay(LocalDate.parse(date), DayStatus.RUNS, java.util.Arrays.stream(instants).map(Instant::parse)
                .toList(), null, null, null, null);
    }

    static JobDay noRun(String date, String ja, String en) {
        return new JobDay(LocalDate.parse(date), DayStatus.NO_RUN_EXPECTED, List.of(), null, new Closure(ja, en),
                LocalDate.parse(date), null);
    }

    static JobDay notScheduled(String date) {
        return new JobDay(LocalDate.parse(date), DayStatus.NOT_SCHEDULED, List.of(), null, null, null, null);
    }

    @Test
    void aBusinessDaysJobInTheWeekOfComingOfAgeDayRunsOnlyOnBusinessDaysAndSaysWhyNot() {
        JobsView view = week("2027-01-09", "2027-01-15");

        assertThat(view.timeZone()).isEqualTo("Asia/Tokyo");
        assertThat(view.from()).isEqualTo(LocalDate.of(2027, 1, 9));
        assertThat(view.to()).isEqualTo(LocalDate.of(2027, 1, 15));
        JobView nightly = job(view, "nightly-export");
        assertThat(nightly.schedule()).isEqualTo("30 2 * * *");
        assertThat(nightly.calendarRule()).isEqualTo("on: businessDays");
        assertThat(nightly.timeZone()).isEqualTo("Asia/Tokyo");
        assertThat(nightly.startWithin()).isEqualTo("30m");
        assertThat(nightly.maxRunTime()).isEqualTo("2h");
        assertThat(nightly.targetId()).isEqualTo("kurashiki/krs-juki-db1");
        assertThat(nightly.problem()).isNull();
        assertThat(nightly.days()).containsExactly(
                noRun("2027-01-09", "土曜日", "Saturday"),
                noRun("2027-01-10", "日曜日", "Sunday"),
                noRun("2027-01-11", "成人の日", "Coming of Age Day"),
                runs("2027-01-12", "2027-01-11T17:30:00Z"),
                runs("2027-01-13", "2027-01-12T17:30:00Z"),
                noRun("2027-01-14", "閉庁日", "closed day"), // Kurashiki's own closed day
                runs("2027-01-15", "2027-01-14T17:30:00Z"));
    }

    @Test
    void theDaysOfTheCityCalendarSayBusinessDayOrClosedAndWhy() {
        assertThat(week("2027-01-09", "2027-01-15").days()).containsExactly(
                new CalendarDay(LocalDate.of(2027, 1, 9), false, new Closure("土曜日", "Saturday")),
                new CalendarDay(LocalDate.of(2027, 1, 10), false, new Closure("日曜日", "Sunday")),
                new CalendarDay(LocalDate.of(2027, 1, 11), false, new Closure("成人の日", "Coming of Age Day")),
                new CalendarDay(LocalDate.of(2027, 1, 12), true, null),
                new CalendarDay(LocalDate.of(2027, 1, 13), true, null),
                new CalendarDay(LocalDate.of(2027, 1, 14), false, new Closure("閉庁日", "closed day")),
                new CalendarDay(LocalDate.of(2027, 1, 15), true, null));
    }

    @Test
    void aLastBusinessDayJobRunsOnApril30th2027AndIsNotScheduledOnTheOtherDays() {
        JobsView view = week("2027-04-26", "2027-05-02");

        JobView close = job(view, "month-end-close");
        assertThat(close.calendarRule()).isEqualTo("on: lastBusinessDay");
        assertThat(close.maxRunTime()).isNull();
        assertThat(close.days()).containsExactly(
                notScheduled("2027-04-26"), notScheduled("2027-04-27"), notScheduled("2027-04-28"),
                notScheduled("2027-04-29"),
                runs("2027-04-30", "2027-04-30T13:00:00Z"), // Friday 22:00 JST
                notScheduled("2027-05-01"), notScheduled("2027-05-02"));
        assertThat(view.days().get(3)).isEqualTo(
                new CalendarDay(LocalDate.of(2027, 4, 29), false, new Closure("昭和の日", "Showa Day")));
    }

    @Test
    void aPlainCronJobWithoutATimeThatDayIsNotScheduledAndRunsOnHolidaysAsCronSays() {
        JobView report = job(week("2027-01-09", "2027-01-12"), "weekday-report");

        assertThat(report.calendarRule()).isEmpty();
        assertThat(report.days()).containsExactly(
                notScheduled("2027-01-09"), notScheduled("2027-01-10"),
                runs("2027-01-11", "2027-01-10T18:00:00Z"), // plain cron knows no holiday
                runs("2027-01-12", "2027-01-11T18:00:00Z"));
    }

    @Test
    void anAfterBusinessDaysJobNamesTheClosedDayBefore() {
        JobView dayAfter = job(week("2027-01-11", "2027-01-13"), "day-after");

        assertThat(dayAfter.days()).containsExactly(
                new JobDay(LocalDate.of(2027, 1, 11), DayStatus.NO_RUN_EXPECTED, List.of(), null,
                        new Closure("日曜日", "Sunday"), LocalDate.of(2027, 1, 10), null),
                new JobDay(LocalDate.of(2027, 1, 12), DayStatus.NO_RUN_EXPECTED, List.of(), null,
                        new Closure("成人の日", "Coming of Age Day"), LocalDate.of(2027, 1, 11), null),
                runs("2027-01-13", "2027-01-12T17:30:00Z"));
    }

    @Test
    void aShiftedRunSaysWhereItMoved() {
        JobView payment = job(week("2027-01-11", "2027-01-12"), "payment");

        assertThat(payment.calendarRule()).isEqualTo("shift: nextBusinessDay");
        assertThat(payment.days()).containsExactly(
                new JobDay(LocalDate.of(2027, 1, 11), DayStatus.NO_RUN_EXPECTED, List.of(), null,
                        new Closure("成人の日", "Coming of Age Day"), LocalDate.of(2027, 1, 11),
                        LocalDate.of(2027, 1, 12)),
                runs("2027-01-12", "2027-01-11T18:00:00Z"));
    }

    @Test
    void withoutARangeItIsThisWeekInTheServicesZoneAndWithOneDateSevenDays() {
        JobsView thisWeek = week(null, null);
        assertThat(thisWeek.from()).isEqualTo(LocalDate.of(2027, 1, 11));
        assertThat(thisWeek.to()).isEqualTo(LocalDate.of(2027, 1, 17));
        assertThat(thisWeek.days()).hasSize(7);

        // Sunday 2027-01-17 23:30 JST is still that week in Tokyo although Monday has begun nowhere yet in UTC
        JobsView sunday = BatchBoard.of(CATALOG, ADMIN, "kurashiki-juki", "", null,
                Instant.parse("2027-01-17T14:30:00Z"), job -> Optional.empty());
        assertThat(sunday.from()).isEqualTo(LocalDate.of(2027, 1, 11));

        assertThat(week("2027-01-11", null).to()).isEqualTo(LocalDate.of(2027, 1, 17));
        assertThat(week(null, "2027-01-17").from()).isEqualTo(LocalDate.of(2027, 1, 11));
    }

    @Test
    void aRangeOfAtMost62DaysInOrderIsAccepted() {
        assertThat(week("2027-01-01", "2027-03-03").days()).hasSize(62);
        assertThat(week("2027-01-11", "2027-01-11").days()).hasSize(1);

        assertThatThrownBy(() -> week("2027-01-01", "2027-03-04")).isInstanceOf(BadRequestException.class)
                .hasMessage("from 2027-01-01 to 2027-03-04 is 63 days; at most 62");
        assertThatThrownBy(() -> week("2027-01-12", "2027-01-11")).isInstanceOf(BadRequestException.class)
                .hasMessage("from 2027-01-12 is after to 2027-01-11");
        assertThatThrownBy(() -> week("2027/01/11", null)).isInstanceOf(BadRequestException.class)
                .hasMessage("from: YYYY-MM-DD, e.g. 2027-01-11");
        assertThatThrownBy(() -> week(null, "2027-02-30")).isInstanceOf(BadRequestException.class)
                .hasMessage("to: YYYY-MM-DD, e.g. 2027-01-11");
    }

    @Test
    void aVendorIsRefusedAnotherVendorsServiceAsIfItDidNotExist() {
        Scope ines = Scope.of("ines-ops", "INES", User.VENDOR, "ines", CATALOG);
        Scope fujitsu = Scope.of("fujitsu-ops", "Fujitsu", User.VENDOR, "fujitsu-japan", CATALOG);
        Scope takamatsu = Scope.of("tkm", "Takamatsu", User.OPERATOR, "takamatsu", CATALOG);

        assertThatThrownBy(() -> BatchBoard.of(CATALOG, ines, "kurashiki-juki", null, null, NOW, j -> Optional.empty()))
                .isInstanceOf(NotFoundException.class).hasMessage("no service 'kurashiki-juki'");
        assertThatThrownBy(() -> BatchBoard.of(CATALOG, ines, "nowhere", null, null, NOW, j -> Optional.empty()))
                .isInstanceOf(NotFoundException.class).hasMessage("no service 'nowhere'");
        assertThatThrownBy(() -> BatchBoard.of(CATALOG, takamatsu, "kurashiki-juki", null, null, NOW,
                j -> Optional.empty())).isInstanceOf(NotFoundException.class);
        // refused before the range is even read: a bad range tells nothing about another vendor's service
        assertThatThrownBy(() -> BatchBoard.of(CATALOG, ines, "kurashiki-juki", "bad", null, NOW,
                j -> Optional.empty())).isInstanceOf(NotFoundException.class);

        assertThat(BatchBoard.of(CATALOG, fujitsu, "kurashiki-juki", null, null, NOW, j -> Optional.empty()).jobs())
                .hasSize(5);
        assertThat(BatchBoard.of(CATALOG, ines, "takamatsu-juki", null, null, NOW, j -> Optional.empty()).jobs())
                .isEmpty();
    }

    @Test
    void theLastStoredRunOfEachJobIsPassedOn() {
        LastRun last = new LastRun("run-42", "SUCCEEDED", Instant.parse("2027-01-12T17:41:00Z"), 0, 660_000L);
        JobsView view = BatchBoard.of(CATALOG, ADMIN, "kurashiki-juki", null, null, NOW,
                job -> job.name().equals("nightly-export") ? Optional.of(last) : Optional.empty());

        assertThat(job(view, "nightly-export").lastRun()).isEqualTo(last);
        assertThat(job(view, "weekday-report").lastRun()).isNull();
    }

    @Test
    void theEndpointTestsCatalogHoldsItsTwoJobs() throws Exception {
        try (var in = BatchBoardTest.class.getResourceAsStream("/test-catalog.yaml")) {
            Catalog catalog = CatalogLoader.load(in, "test-catalog.yaml");
            JobsView view = BatchBoard.of(catalog, Scope.system(catalog), "kurashiki-juki", "2027-01-11", "2027-01-11",
                    NOW, job -> Optional.empty());
            assertThat(view.jobs()).extracting(JobView::name, JobView::calendarRule).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("nightly-export", "on: businessDays"),
                    org.assertj.core.groups.Tuple.tuple("month-end-close", "on: lastBusinessDay"));
            assertThat(view.jobs().get(0).days().get(0).status()).isEqualTo(DayStatus.NO_RUN_EXPECTED);
        }
    }

    @Test
    void aScheduleThatIsNotCronIsAProblemOfItsJobNotOfTheAnswer() {
        BatchJob broken = new BatchJob("broken", "kurashiki/krs-juki-db1", "every night", TOKYO,
                Duration.ofMinutes(30), null, BatchDays.BUSINESS_DAYS, BatchShift.NONE, BusinessCalendar.JAPAN);

        JobView view = BatchBoard.job(broken, TOKYO, LocalDate.of(2027, 1, 11), LocalDate.of(2027, 1, 12), null);

        assertThat(view.days()).isEmpty();
        assertThat(view.problem()).startsWith("schedule 'every night' is not a valid cron expression (");
    }

    @Test
    void aJobEveryFifteenMinutesListsItsDayAndAJobEveryMinuteSaysThereIsMore() {
        BatchJob quarterly = new BatchJob("poll", "kurashiki/krs-juki-db1", "*/15 * * * *", TOKYO,
                Duration.ofMinutes(5), null);
        BatchJob everyMinute = new BatchJob("tick", "kurashiki/krs-juki-db1", "* * * * *", TOKYO,
                Duration.ofMinutes(5), null);
        LocalDate day = LocalDate.of(2027, 1, 12);

        JobDay poll = BatchBoard.day(quarterly, TOKYO, day);
        assertThat(poll.runs()).hasSize(96).startsWith(Instant.parse("2027-01-11T15:00:00Z"))
                .endsWith(Instant.parse("2027-01-12T14:45:00Z"));
        assertThat(poll.more()).isNull();
        JobDay tick = BatchBoard.day(everyMinute, TOKYO, day);
        assertThat(tick.runs()).hasSize(96).endsWith(Instant.parse("2027-01-11T16:35:00Z"));
        assertThat(tick.more()).isTrue();
    }

    // ---- processed counts, linkage files and each job's own zone (issue 17) ----

    static final String RENKEI_YAML = """
            tenants:
              - id: kurashiki
                name: {ja: 倉敷市, en: Kurashiki}
                calendar: {closedDates: [2027-01-14]}
            systems: [{id: juki, name: {ja: 住記系, en: Resident records}}]
            vendors:
              - {id: fujitsu-japan, name: {ja: 富士通Japan, en: Fujitsu Japan}}
            services:
              - id: kurashiki-juki
                tenant: kurashiki
                system: juki
                vendor: fujitsu-japan
                targets: [{host: krs-juki-db1}, {host: krs-hf-db1}]
                jobs:
                  - {name: nightly-juki-export, host: krs-juki-db1, schedule: "30 2 * * *", maxRunTime: 2h,
                     expectedCount: {min: 1, max: 200000}}
                  - {name: utc-transfer, host: krs-juki-db1, schedule: "30 20 * * *", timeZone: UTC,
                     on: businessDays}
                files:
                  - {name: juki-to-fukushi, host: krs-hf-db1, pattern: "/data/renkei/in/IDO_*.csv",
                     schedule: "15 4 * * *", minBytes: 1, checksum: sha256}
                  - {name: zei-to-kokuho, host: krs-hf-db1, pattern: "/data/renkei/in/ZEI_*.txt",
                     schedule: "0 6 * * *", on: businessDays}
            """;
    static final Catalog RENKEI = CatalogLoader.load(
            new ByteArrayInputStream(RENKEI_YAML.getBytes(StandardCharsets.UTF_8)), "renkei-catalog.yaml");
    static final String DB1 = "kurashiki/krs-juki-db1";
    static final String HF1 = "kurashiki/krs-hf-db1";

    static JobsView renkei(String from, String to, BatchBoard.Stored stored,
            java.util.function.Function<BatchJob, Optional<LastRun>> lastRun) {
        return BatchBoard.of(RENKEI, Scope.system(RENKEI), "kurashiki-juki", from, to, NOW,
                BatchBoard.Store.of(lastRun, stored));
    }

    static BatchBoard.RunSignal signal(String job, String runId, String state, String at, Integer exit,
            Long durationMs, Long count) {
        return new BatchBoard.RunSignal(DB1, job, runId, state, Instant.parse(at), exit, durationMs, count);
    }

    static BatchBoard.ArrivalSignal arrival(String file, String path, long size, String modified, Boolean ok,
            String seen) {
        return new BatchBoard.ArrivalSignal(HF1, file, path, size, Instant.parse(modified), ok,
                Boolean.FALSE.equals(ok) ? "no sidecar " + path.substring(path.lastIndexOf('/') + 1) + ".sha256"
                        : null, Instant.parse(seen));
    }

    static BatchBoard.FileView file(JobsView view, String name) {
        return view.files().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aRunThatProcessedNoRecordsAgainstAnExpectedCountOfAtLeastOneIsOutOfRange() {
        BatchBoard.Stored stored = new BatchBoard.Stored(List.of(
                signal("nightly-juki-export", "r-1", "STARTED", "2027-01-11T17:30:05Z", null, null, null),
                signal("nightly-juki-export", "r-1", "SUCCEEDED", "2027-01-11T17:41:05Z", 0, 660_000L, 0L),
                signal("nightly-juki-export", "r-2", "SUCCEEDED", "2027-01-12T18:11:00Z", 0, 2_460_000L, 182_345L),
                // a failed run says nothing about counts, even with one
                signal("nightly-juki-export", "r-3", "FAILED", "2027-01-13T17:35:00Z", 3, 300_000L, 0L),
                signal("other-job", "x-1", "SUCCEEDED", "2027-01-12T18:00:00Z", 0, 1_000L, 0L)),
                List.of(), true);
        LastRun last = new LastRun("r-1", "SUCCEEDED", Instant.parse("2027-01-11T17:41:05Z"), 0, 660_000L, 0L, null);

        JobsView view = renkei("2027-01-12", "2027-01-14", stored,
                j -> j.name().equals("nightly-juki-export") ? Optional.of(last) : Optional.empty());

        JobView export = job(view, "nightly-juki-export");
        assertThat(export.expectedCount()).isEqualTo(
                new BatchBoard.ExpectedCount(1L, 200_000L, "1～200000件", "1–200000"));
        assertThat(export.days().get(0).runs()).containsExactly(Instant.parse("2027-01-11T17:30:00Z"));
        assertThat(export.days().get(0).ran()).containsExactly(new BatchBoard.Run("r-1", "SUCCEEDED",
                Instant.parse("2027-01-11T17:30:05Z"), Instant.parse("2027-01-11T17:41:05Z"), 0, 660_000L, 0L,
                false));
        // no STARTED stored: it started its duration before it ended (2027-01-13 02:30 JST)
        assertThat(export.days().get(1).ran()).containsExactly(new BatchBoard.Run("r-2", "SUCCEEDED",
                Instant.parse("2027-01-12T17:30:00Z"), Instant.parse("2027-01-12T18:11:00Z"), 0, 2_460_000L,
                182_345L, true));
        assertThat(export.days().get(2).ran()).containsExactly(new BatchBoard.Run("r-3", "FAILED",
                Instant.parse("2027-01-13T17:30:00Z"), Instant.parse("2027-01-13T17:35:00Z"), 3, 300_000L, 0L,
                null));
        assertThat(export.lastRun()).isEqualTo(
                new LastRun("r-1", "SUCCEEDED", Instant.parse("2027-01-11T17:41:05Z"), 0, 660_000L, 0L, false));
        assertThat(job(view, "utc-transfer").days()).allSatisfy(d -> assertThat(d.ran()).isNull());
        assertThat(view.partial()).isNull();
    }

    @Test
    void anExpectedCountWithOnlyAMinimumJudgesOnlySucceededRunsWithACount() {
        var atLeastOne = new io.mihari.model.catalog.CountRange(1L, null);
        assertThat(BatchBoard.inRange(atLeastOne, "SUCCEEDED", 0L)).isFalse();
        assertThat(BatchBoard.inRange(atLeastOne, "SUCCEEDED", 1L)).isTrue();
        assertThat(BatchBoard.inRange(atLeastOne, "SUCCEEDED", null)).isNull();
        assertThat(BatchBoard.inRange(atLeastOne, "FAILED", 0L)).isNull();
        assertThat(BatchBoard.inRange(null, "SUCCEEDED", 0L)).isNull();
        assertThat(BatchBoard.ExpectedCount.of(atLeastOne))
                .isEqualTo(new BatchBoard.ExpectedCount(1L, null, "1件以上", "at least 1"));
    }

    @Test
    void aFileThatArrivedTwiceForOneDeadlineIsADuplicateAndAnEmptyOneBeforeAGoodReSendIsNot() {
        BatchBoard.Stored stored = new BatchBoard.Stored(List.of(), List.of(
                // for 2027-01-12 04:15 JST (19:15Z the day before): an empty file, then the corrected re-send
                arrival("juki-to-fukushi", "/data/renkei/in/IDO_20270112.csv", 0, "2027-01-11T18:00:00Z", true,
                        "2027-01-11T18:01:00Z"),
                arrival("juki-to-fukushi", "/data/renkei/in/IDO_20270112.csv", 52_000, "2027-01-11T18:10:00Z", true,
                        "2027-01-11T18:11:00Z"),
                // for 2027-01-13 04:15 JST: a good file, the same arrival delivered again, and a copy that kept an
                // old time (rsync -a): it counts when the agent saw it
                arrival("juki-to-fukushi", "/data/renkei/in/IDO_20270113.csv", 48_000, "2027-01-12T18:00:00Z", true,
                        "2027-01-12T18:01:00Z"),
                arrival("juki-to-fukushi", "/data/renkei/in/IDO_20270113.csv", 48_000, "2027-01-12T18:00:00Z", true,
                        "2027-01-12T18:01:30Z"),
                arrival("juki-to-fukushi", "/data/renkei/in/IDO_20270113_2.csv", 48_000, "2027-01-10T00:00:00Z",
                        true, "2027-01-12T18:30:30Z"),
                // for 2027-01-14 04:15 JST: only a file whose sidecar is missing
                arrival("juki-to-fukushi", "/data/renkei/in/IDO_20270114.csv", 47_000, "2027-01-13T18:00:00Z",
                        false, "2027-01-13T18:00:40Z")), true);

        BatchBoard.FileView ido = file(renkei("2027-01-12", "2027-01-14", stored, j -> Optional.empty()),
                "juki-to-fukushi");

        assertThat(ido.pattern()).isEqualTo("/data/renkei/in/IDO_*.csv");
        assertThat(ido.schedule()).isEqualTo("15 4 * * *");
        assertThat(ido.timeZone()).isEqualTo("Asia/Tokyo");
        assertThat(ido.minBytes()).isEqualTo(1);
        assertThat(ido.checksum()).isEqualTo("sha256");
        assertThat(ido.days()).extracting(BatchBoard.FileDay::status).containsOnly(DayStatus.RUNS);
        assertThat(ido.days().get(0).deadlines()).containsExactly(new BatchBoard.Deadline(
                Instant.parse("2027-01-11T19:15:00Z"), Instant.parse("2027-01-10T19:15:00Z"),
                BatchBoard.DeadlineStatus.ARRIVED, List.of(
                        new BatchBoard.Arrival("/data/renkei/in/IDO_20270112.csv", 0,
                                Instant.parse("2027-01-11T18:00:00Z"), true, null, BatchBoard.ArrivalProblem.EMPTY),
                        new BatchBoard.Arrival("/data/renkei/in/IDO_20270112.csv", 52_000,
                                Instant.parse("2027-01-11T18:10:00Z"), true, null, null))));
        assertThat(ido.days().get(1).deadlines()).containsExactly(new BatchBoard.Deadline(
                Instant.parse("2027-01-12T19:15:00Z"), Instant.parse("2027-01-11T19:15:00Z"),
                BatchBoard.DeadlineStatus.DUPLICATE, List.of(
                        new BatchBoard.Arrival("/data/renkei/in/IDO_20270113.csv", 48_000,
                                Instant.parse("2027-01-12T18:00:00Z"), true, null, null),
                        new BatchBoard.Arrival("/data/renkei/in/IDO_20270113_2.csv", 48_000,
                                Instant.parse("2027-01-12T18:30:30Z"), true, null,
                                BatchBoard.ArrivalProblem.DUPLICATE))));
        BatchBoard.Deadline broken = ido.days().get(2).deadlines().get(0);
        assertThat(broken.status()).isEqualTo(BatchBoard.DeadlineStatus.CHECKSUM_MISMATCH);
        assertThat(broken.arrivals()).singleElement().satisfies(a -> {
            assertThat(a.problem()).isEqualTo(BatchBoard.ArrivalProblem.CHECKSUM_MISMATCH);
            assertThat(a.checksumNote()).isEqualTo("no sidecar IDO_20270114.csv.sha256");
        });
    }

    @Test
    void aMissingFileOnABusinessDayAndNoneExpectedOnComingOfAgeDayOrTheCitysClosedDay() {
        BatchBoard.Stored stored = new BatchBoard.Stored(List.of(), List.of(
                arrival("zei-to-kokuho", "/data/renkei/in/ZEI_20270113.txt", 9_000, "2027-01-12T20:50:00Z", null,
                        "2027-01-12T20:50:30Z")), true);
        List<List<BatchBoard.Wanted>> asked = new java.util.ArrayList<>();
        List<List<String>> lastRunsAsked = new java.util.ArrayList<>();
        BatchBoard.Store store = new BatchBoard.Store() {
            @Override
            public Optional<LastRun> lastRun(BatchJob job) {
                throw new AssertionError("asked per job");
            }

            @Override
            public java.util.Map<BatchJob, LastRun> lastRuns(List<BatchJob> jobs) {
                lastRunsAsked.add(jobs.stream().map(BatchJob::name).toList());
                return java.util.Map.of();
            }

            @Override
            public BatchBoard.Stored read(List<BatchBoard.Wanted> wanted) {
                asked.add(wanted);
                return stored;
            }
        };

        JobsView view = BatchBoard.of(RENKEI, Scope.system(RENKEI), "kurashiki-juki", "2027-01-11", "2027-01-15",
                NOW, store); // now: 2027-01-13 12:00 JST
        BatchBoard.FileView zei = file(view, "zei-to-kokuho");

        assertThat(zei.calendarRule()).isEqualTo("on: businessDays");
        assertThat(zei.days()).extracting(BatchBoard.FileDay::status).containsExactly(DayStatus.NO_RUN_EXPECTED,
                DayStatus.RUNS, DayStatus.RUNS, DayStatus.NO_RUN_EXPECTED, DayStatus.RUNS);
        assertThat(zei.days().get(0).closure()).isEqualTo(new Closure("成人の日", "Coming of Age Day"));
        assertThat(zei.days().get(0).deadlines()).isEmpty();
        // 2027-01-12 06:00 JST: nothing since Friday 2027-01-08 06:00 (the weekend and 成人の日 have no deadline)
        assertThat(zei.days().get(1).deadlines()).containsExactly(new BatchBoard.Deadline(
                Instant.parse("2027-01-11T21:00:00Z"), Instant.parse("2027-01-07T21:00:00Z"),
                BatchBoard.DeadlineStatus.MISSING, List.of()));
        assertThat(zei.days().get(2).deadlines()).extracting(BatchBoard.Deadline::status)
                .containsExactly(BatchBoard.DeadlineStatus.ARRIVED);
        assertThat(zei.days().get(3).closure()).isEqualTo(new Closure("閉庁日", "closed day"));
        // 2027-01-15 06:00 JST is still ahead; its window is after 2027-01-13 06:00 (1/14 is closed)
        assertThat(zei.days().get(4).deadlines()).containsExactly(new BatchBoard.Deadline(
                Instant.parse("2027-01-14T21:00:00Z"), Instant.parse("2027-01-12T21:00:00Z"),
                BatchBoard.DeadlineStatus.WAITING, List.of()));

        // the last runs of all the jobs at once, and one read for the whole page, each job and file with the range
        // its days need
        assertThat(lastRunsAsked).containsExactly(List.of("nightly-juki-export", "utc-transfer"));
        assertThat(asked).singleElement().satisfies(w -> assertThat(w).containsExactly(
                new BatchBoard.Wanted(false, DB1, "nightly-juki-export", Instant.parse("2027-01-10T15:00:00Z"),
                        Instant.parse("2027-01-16T15:00:00Z")),
                new BatchBoard.Wanted(false, DB1, "utc-transfer", Instant.parse("2027-01-11T00:00:00Z"),
                        Instant.parse("2027-01-17T00:00:00Z")),
                new BatchBoard.Wanted(true, HF1, "juki-to-fukushi", Instant.parse("2027-01-09T19:15:00Z"),
                        Instant.parse("2027-01-15T15:02:00Z")),
                new BatchBoard.Wanted(true, HF1, "zei-to-kokuho", Instant.parse("2027-01-07T21:00:00Z"),
                        Instant.parse("2027-01-15T15:02:00Z"))));
    }

    @Test
    void aJobInUtcOnATokyoServiceHasItsDaysInUtc() {
        BatchBoard.Stored stored = new BatchBoard.Stored(List.of(
                // 2027-01-13 05:31 JST, but 2027-01-12 in the job's zone
                signal("utc-transfer", "u-1", "STARTED", "2027-01-12T20:31:00Z", null, null, null)),
                List.of(), true);

        JobsView view = renkei("2027-01-11", "2027-01-13", stored, j -> Optional.empty());
        JobView utc = job(view, "utc-transfer");

        assertThat(view.timeZone()).isEqualTo("Asia/Tokyo");
        assertThat(utc.timeZone()).isEqualTo("UTC");
        assertThat(utc.days()).containsExactly(
                noRun("2027-01-11", "成人の日", "Coming of Age Day"), // 2027-01-11 in UTC, not in Tokyo
                new JobDay(LocalDate.of(2027, 1, 12), DayStatus.RUNS, List.of(Instant.parse("2027-01-12T20:30:00Z")),
                        null, null, null, null, List.of(new BatchBoard.Run("u-1", "STARTED",
                                Instant.parse("2027-01-12T20:31:00Z"), null, null, null, null, null))),
                runs("2027-01-13", "2027-01-13T20:30:00Z"));
        // the service's own days stay Tokyo's
        assertThat(job(view, "nightly-juki-export").days().get(1).runs())
                .containsExactly(Instant.parse("2027-01-11T17:30:00Z"));
    }

    @Test
    void aPartialReadIsSaid() {
        JobsView view = renkei("2027-01-12", "2027-01-12", new BatchBoard.Stored(List.of(), List.of(), false),
                j -> Optional.empty());
        assertThat(view.partial()).isTrue();
    }

    @Test
    void theDeadlineBeforeAMonthlyFilesFirstIsFoundWeeksBack() {
        BatchJob monthly = new BatchJob("monthly", HF1, "0 6 * * *", TOKYO, Duration.ZERO, null,
                BatchDays.LAST_BUSINESS_DAY, BatchShift.NONE, BusinessCalendar.JAPAN);
        assertThat(BatchBoard.previous(monthly, Instant.parse("2027-04-29T21:00:00Z")))
                .contains(Instant.parse("2027-03-30T21:00:00Z")); // 2027-03-31 06:00 JST, a Wednesday
    }
}
