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
}
