package io.mihari.model.catalog;

import io.mihari.model.calendar.BusinessCalendar;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link BatchSchedules#next(BatchJob, Instant)} on the business calendar (Asia/Tokyo unless said otherwise). */
class BatchSchedulesTest {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    static BatchJob job(String schedule, BatchDays on, BatchShift shift) {
        return new BatchJob("job", "kurashiki/krs-juki-db1", schedule, TOKYO, Duration.ofMinutes(30), null, on, shift,
                BusinessCalendar.JAPAN);
    }

    /** The instant of a wall-clock time in Tokyo. */
    static Instant tokyo(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(TOKYO).toInstant();
    }

    /** The first {@code n} instants the job is due after {@code after}, as Tokyo wall-clock times. */
    static List<String> dueTimes(BatchJob job, String after, int n) {
        List<String> times = new ArrayList<>();
        Instant from = tokyo(after);
        for (int i = 0; i < n; i++) {
            Optional<Instant> next = BatchSchedules.next(job, from);
            if (next.isEmpty()) {
                break;
            }
            times.add(LocalDateTime.ofInstant(next.get(), TOKYO).toString());
            from = next.get();
        }
        return times;
    }

    @Test
    void plainCronIsUnchanged() {
        BatchJob plain = new BatchJob("job", "kurashiki/krs-juki-db1", "30 2 * * *", TOKYO, Duration.ofMinutes(30),
                null);
        Instant after = Instant.parse("2026-11-24T12:00:00Z");

        assertThat(plain.usesCalendar()).isFalse();
        assertThat(BatchSchedules.next(plain, after)).isEqualTo(BatchSchedules.next("30 2 * * *", TOKYO, after))
                .contains(Instant.parse("2026-11-24T17:30:00Z"));
        assertThat(dueTimes(job("30 2 * * *", BatchDays.EVERY_DAY, BatchShift.NONE), "2027-01-09T00:00", 3))
                .as("a holiday and a weekend change nothing").containsExactly("2027-01-09T02:30", "2027-01-10T02:30",
                        "2027-01-11T02:30");
    }

    @Test
    void businessDaysLeaveOutHolidaysWeekendsAndTheYearEndClosure() {
        BatchJob nightly = job("30 2 * * *", BatchDays.BUSINESS_DAYS, BatchShift.NONE);

        assertThat(dueTimes(nightly, "2027-01-08T12:00", 2)).as("not on Sat 1/9, Sun 1/10, 成人の日 Mon 1/11")
                .containsExactly("2027-01-12T02:30", "2027-01-13T02:30");
        assertThat(dueTimes(nightly, "2026-12-28T12:00", 1)).as("12/29–1/3 closed, 1/4 is a Monday")
                .containsExactly("2027-01-04T02:30");
        assertThat(BatchSchedules.next(nightly, tokyo("2026-12-28T12:00")))
                .contains(Instant.parse("2027-01-03T17:30:00Z"));
    }

    @Test
    void afterBusinessDaysFollowADayOfWork() {
        BatchJob nightly = job("30 2 * * *", BatchDays.AFTER_BUSINESS_DAYS, BatchShift.NONE);

        assertThat(dueTimes(nightly, "2027-01-04T12:00", 5)).as("Tue–Sat after Mon–Fri")
                .containsExactly("2027-01-05T02:30", "2027-01-06T02:30", "2027-01-07T02:30", "2027-01-08T02:30",
                        "2027-01-09T02:30");
        assertThat(BatchSchedules.next(nightly, tokyo("2027-01-09T02:30")))
                .as("not Sun 1/10 (after Sat), Mon 1/11 (after Sun), Tue 1/12 (after 成人の日)")
                .contains(Instant.parse("2027-01-12T17:30:00Z"));
    }

    @Test
    void lastBusinessDayOfTheMonth() {
        BatchJob closing = job("0 22 * * *", BatchDays.LAST_BUSINESS_DAY, BatchShift.NONE);

        assertThat(BatchSchedules.next(closing, tokyo("2027-04-01T00:00"))).as("2027-04-30 is a Friday")
                .contains(Instant.parse("2027-04-30T13:00:00Z"));
        assertThat(BatchSchedules.next(closing, tokyo("2028-04-01T00:00")))
                .as("2028-04-29 昭和の日 is a Saturday, 4/30 a Sunday").contains(tokyo("2028-04-28T22:00"));
        assertThat(dueTimes(closing, "2026-11-15T00:00", 3)).as("12/28 before the closure, 1/29 a Friday")
                .containsExactly("2026-11-30T22:00", "2026-12-28T22:00", "2027-01-29T22:00");
    }

    @Test
    void nthBusinessDayOfTheMonth() {
        BatchJob third = job("0 9 * * *", BatchDays.businessDayOfMonth(3), BatchShift.NONE);

        assertThat(dueTimes(third, "2026-12-20T00:00", 2)).as("1/4, 1/5, 1/6 after the closure; 2/1, 2/2, 2/3")
                .containsExactly("2027-01-06T09:00", "2027-02-03T09:00");
        assertThat(dueTimes(job("0 9 * * *", BatchDays.businessDayOfMonth(-2), BatchShift.NONE), "2027-04-01T00:00",
                1)).as("the one before the last: 4/28 (4/29 昭和の日, 4/30 the last)").containsExactly("2027-04-28T09:00");
        assertThat(dueTimes(job("0,30 9 * * *", BatchDays.businessDayOfMonth(1), BatchShift.NONE),
                "2027-01-04T09:00", 3)).as("every time of day of the cron, on that day")
                .containsExactly("2027-01-04T09:30", "2027-02-01T09:00", "2027-02-01T09:30");
    }

    @Test
    void shiftToTheNextBusinessDay() {
        assertThat(BatchSchedules.next(job("0 3 1 * *", BatchDays.EVERY_DAY, BatchShift.NEXT_BUSINESS_DAY),
                tokyo("2026-12-15T00:00"))).as("1/1 (closure) → Mon 1/4").contains(tokyo("2027-01-04T03:00"))
                .contains(Instant.parse("2027-01-03T18:00:00Z"));
        assertThat(dueTimes(job("0 3 * * *", BatchDays.EVERY_DAY, BatchShift.NEXT_BUSINESS_DAY), "2027-01-07T12:00",
                3)).as("Sat, Sun, 成人の日 and Tue 1/12 itself are one run")
                .containsExactly("2027-01-08T03:00", "2027-01-12T03:00", "2027-01-13T03:00");
        assertThat(BatchSchedules.next(job("0 3 * * 6", BatchDays.EVERY_DAY, BatchShift.NEXT_BUSINESS_DAY),
                tokyo("2027-01-11T12:00"))).as("Saturday's run moved past a holiday is still ahead on Tuesday")
                .contains(tokyo("2027-01-12T03:00"));
    }

    @Test
    void shiftToThePreviousBusinessDay() {
        BatchJob firstOfMonth = job("0 3 1 * *", BatchDays.EVERY_DAY, BatchShift.PREVIOUS_BUSINESS_DAY);

        assertThat(dueTimes(firstOfMonth, "2027-04-01T12:00", 2)).as("Sat 5/1 → Fri 4/30; 6/1 is a Tuesday")
                .containsExactly("2027-04-30T03:00", "2027-06-01T03:00");
        assertThat(dueTimes(firstOfMonth, "2026-12-01T12:00", 1)).as("1/1 → 12/28, before the closure")
                .containsExactly("2026-12-28T03:00");
    }

    @Test
    void skipLeavesClosedDatesOut() {
        assertThat(dueTimes(job("0 3 1 * *", BatchDays.EVERY_DAY, BatchShift.SKIP), "2026-12-15T00:00", 2))
                .as("not 1/1; 2/1 is a Monday, 3/1 too").containsExactly("2027-02-01T03:00", "2027-03-01T03:00");
    }

    @Test
    void daylightSavingTimeOnACalendarIsHandledLikeCron() {
        ZoneId newYork = ZoneId.of("America/New_York");
        // a city that opens on Sunday 2026-03-08, the day 02:00 EST jumps to 03:00 EDT
        BusinessCalendar open = BusinessCalendar.of(Set.of(), Set.of(LocalDate.of(2026, 3, 8)));
        BatchJob nightly = new BatchJob("job", "kurashiki/krs-juki-db1", "30 2 * * *", newYork,
                Duration.ofMinutes(30), null, BatchDays.BUSINESS_DAYS, BatchShift.NONE, open);

        assertThat(BatchSchedules.next(nightly, Instant.parse("2026-03-07T12:00:00Z")))
                .contains(Instant.parse("2026-03-08T07:00:00Z"));
        assertThat(BatchSchedules.next(nightly, Instant.parse("2026-03-08T07:00:00Z")))
                .contains(Instant.parse("2026-03-09T06:30:00Z"));
    }

    @Test
    void aCalendarClosedForOverAYearGivesNoRunRatherThanAnError() {
        Set<LocalDate> closed = new java.util.HashSet<>();
        for (LocalDate d = LocalDate.of(2027, 1, 1); d.isBefore(LocalDate.of(2028, 3, 1)); d = d.plusDays(1)) {
            closed.add(d);
        }
        BatchJob payment = new BatchJob("job", "kurashiki/krs-juki-db1", "0 3 1 * *", TOKYO, Duration.ofMinutes(30),
                null, BatchDays.EVERY_DAY, BatchShift.NEXT_BUSINESS_DAY, BusinessCalendar.of(closed, Set.of()));

        assertThat(BatchSchedules.next(payment, tokyo("2026-12-15T00:00"))).isEmpty();
    }

    @Test
    void calendarRulesThatNeverFireAreRefusedWithTheirKey() {
        String yaml = """
                tenants: [{id: kurashiki, name: {ja: 倉敷市, en: Kurashiki}}]
                systems: [{id: juki, name: {ja: 住記系, en: Resident records}}]
                vendors: [{id: fj, name: {ja: 富士通Japan, en: Fujitsu Japan}}]
                services:
                  - id: kurashiki-juki
                    tenant: kurashiki
                    system: juki
                    vendor: fj
                    targets: [{host: db1}]
                    jobs:
                      - {name: ok, host: db1, schedule: "30 2 * * *", on: afterBusinessDays}
                      - {name: weekend, host: db1, schedule: "0 3 * * 0,6", on: businessDays}
                      - {name: new-year, host: db1, schedule: "0 3 1 1 *", shift: skip}
                      - {name: too-many, host: db1, schedule: "0 9 * * *", on: {businessDay: 24}}
                      - {name: third, host: db1, schedule: "0 9 * * *", on: {businessDay: 3}}
                """;
        Catalog catalog = CatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t");

        assertThat(BatchSchedules.problems(catalog)).containsExactly(
                "services[0].jobs[1].on: 'businessDays' with schedule '0 3 * * 0,6' never fires (no run day in 31"
                        + " years from 2000 on the business calendar)",
                "services[0].jobs[2].shift: 'skip' with schedule '0 3 1 1 *' never fires (no run day in 31 years"
                        + " from 2000 on the business calendar)",
                "services[0].jobs[3].on: '{businessDay: 24}' with schedule '0 9 * * *' never fires (no run day in 31"
                        + " years from 2000 on the business calendar)");
    }
}
