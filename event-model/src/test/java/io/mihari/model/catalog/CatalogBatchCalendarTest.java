package io.mihari.model.catalog;

import io.mihari.model.calendar.BusinessCalendar;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A batch job's {@code on:} and {@code shift:} (the business calendar) as the catalog loader reads them. */
class CatalogBatchCalendarTest {

    private static Catalog load(String yaml) {
        return CatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    /** The test catalog with these jobs for its one service (hosts krs-juki-ap1, krs-juki-ap2, krs-juki-db1). */
    private static String withJobs(String jobs) throws Exception {
        try (InputStream in = CatalogBatchCalendarTest.class.getResourceAsStream("/catalog/valid.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8) + "    jobs:\n" + jobs;
        }
    }

    private static void assertProblems(String yaml, String... expected) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOfSatisfying(CatalogException.class,
                e -> assertThat(e.problems()).containsExactly(expected));
    }

    @Test
    void onAndShiftAreReadWithTheCalendar() throws Exception {
        Service service = load(withJobs("""
                      - {name: plain, host: krs-juki-db1, schedule: "30 2 * * *"}
                      - {name: weekday-forms, host: krs-juki-db1, schedule: "30 7 * * *", on: businessDays}
                      - {name: nightly, host: krs-juki-db1, schedule: "30 2 * * *", on: afterBusinessDays}
                      - {name: closing, host: krs-juki-db1, schedule: "0 22 * * *", on: lastBusinessDay}
                      - {name: third, host: krs-juki-db1, schedule: "0 9 * * *", on: {businessDay: 3}}
                      - {name: payment, host: krs-juki-db1, schedule: "0 3 1 * *", shift: nextBusinessDay}
                      - {name: stats, host: krs-juki-db1, schedule: "0 4 1 * *", on: everyDay, shift: skip}
                      - name: before-last
                        host: krs-juki-db1
                        schedule: "0 9 * * *"
                        on:
                          businessDay: -2
                """)).service("kurashiki-juki").orElseThrow();

        assertThat(service.jobs()).extracting(BatchJob::on).containsExactly(BatchDays.EVERY_DAY,
                BatchDays.BUSINESS_DAYS, BatchDays.AFTER_BUSINESS_DAYS, BatchDays.LAST_BUSINESS_DAY,
                BatchDays.businessDayOfMonth(3), BatchDays.EVERY_DAY, BatchDays.EVERY_DAY,
                BatchDays.businessDayOfMonth(-2));
        assertThat(service.jobs()).extracting(BatchJob::shift).containsExactly(BatchShift.NONE, BatchShift.NONE,
                BatchShift.NONE, BatchShift.NONE, BatchShift.NONE, BatchShift.NEXT_BUSINESS_DAY, BatchShift.SKIP,
                BatchShift.NONE);
        assertThat(service.jobs()).extracting(BatchJob::calendarRule).containsExactly("", "on: businessDays",
                "on: afterBusinessDays", "on: lastBusinessDay", "on: {businessDay: 3}", "shift: nextBusinessDay",
                "shift: skip", "on: {businessDay: -2}");
        assertThat(service.jobs()).extracting(BatchJob::calendar).containsOnly(BusinessCalendar.JAPAN);
        assertThat(service.jobs().get(0)).as("plain cron, as before").isEqualTo(new BatchJob("plain",
                "kurashiki/krs-juki-db1", "30 2 * * *", ZoneId.of("Asia/Tokyo"), Duration.ofMinutes(30), null));
        assertThat(service.jobs().get(0).usesCalendar()).isFalse();
    }

    @Test
    void aJobFollowsItsCitysOwnCalendar() throws Exception {
        // Kurashiki closes 2027-04-30 (a Friday) for its own reasons and opens on Sunday 2027-03-28
        String yaml = withJobs("""
                      - {name: closing, host: krs-juki-db1, schedule: "0 22 * * *", on: lastBusinessDay}
                """).replace("    name: {ja: 倉敷市, en: Kurashiki}\n", """
                    name: {ja: 倉敷市, en: Kurashiki}
                    calendar: {closedDates: [2027-04-30], openDates: [2027-03-28]}
                """);
        BatchJob closing = load(yaml).service("kurashiki-juki").orElseThrow().jobs().get(0);

        assertThat(closing.calendar()).isNotEqualTo(BusinessCalendar.JAPAN);
        assertThat(closing.calendar().lastBusinessDay(java.time.YearMonth.of(2027, 4)))
                .contains(java.time.LocalDate.of(2027, 4, 28));
        assertThat(closing.calendar().isBusinessDay(java.time.LocalDate.of(2027, 3, 28))).isTrue();
    }

    @Test
    void badKeywordsAndCombinationsNameTheirKey() throws Exception {
        assertProblems(withJobs("""
                      - {name: a, host: krs-juki-db1, schedule: "30 2 * * *", on: weekdays}
                      - {name: b, host: krs-juki-db1, schedule: "30 2 * * *", shift: later}
                      - {name: c, host: krs-juki-db1, schedule: "0 9 * * *", on: {businessDay: 0}}
                      - {name: d, host: krs-juki-db1, schedule: "0 9 * * *", on: {day: 3}}
                      - {name: e, host: krs-juki-db1, schedule: "0 9 * * *", on: {businessDay: third}}
                      - {name: f, host: krs-juki-db1, schedule: "30 2 * * *", on: businessDays, shift: skip}
                      - {name: g, host: krs-juki-db1, schedule: "0 22 28 * *", on: lastBusinessDay}
                      - {name: h, host: krs-juki-db1, schedule: "0 9 * * 1-5", on: {businessDay: 3}}
                      - {name: i, host: krs-juki-db1, on: businessDays, shift: skip}
                      - {name: j, host: krs-juki-db1, schedule: "30 2 * * *", on: [businessDays]}
                """),
                "services[0].jobs[0].on: unknown 'weekdays' (everyDay, businessDays, afterBusinessDays,"
                        + " lastBusinessDay or {businessDay: N})",
                "services[0].jobs[1].shift: unknown 'later' (none, skip, nextBusinessDay or previousBusinessDay)",
                "services[0].jobs[2].on.businessDay: counts from 1 (the first business day of the month) or from -1"
                        + " (the last), at most 31 either way; was 0",
                "services[0].jobs[3].on: a mapping must be {businessDay: N}, was {\"day\":3} (or one of everyDay,"
                        + " businessDays, afterBusinessDays, lastBusinessDay or {businessDay: N})",
                "services[0].jobs[4].on.businessDay: must be a whole number, was 'third'",
                "services[0].jobs[5].shift: 'skip' moves the dates of on: everyDay only, not of on: businessDays",
                "services[0].jobs[6].schedule: '0 22 28 * *' must be '<minute> <hour> * * *' with on: lastBusinessDay"
                        + " (the day comes from the business calendar)",
                "services[0].jobs[7].schedule: '0 9 * * 1-5' must be '<minute> <hour> * * *' with on: {businessDay: 3}"
                        + " (the day comes from the business calendar)",
                "services[0].jobs[8].on: needs a schedule (a job without one runs on demand)",
                "services[0].jobs[8].shift: needs a schedule (a job without one runs on demand)",
                "services[0].jobs[9].on: unknown '[\"businessDays\"]' (everyDay, businessDays, afterBusinessDays,"
                        + " lastBusinessDay or {businessDay: N})");
    }

    @Test
    void theSampleCatalogsCalendarJobsLoad() {
        Catalog catalog = CatalogLoader.load(Path.of("..", "deploy", "catalog", "sample-catalog.yaml"));

        assertThat(catalog.service("takamatsu-juki").orElseThrow().job("takamatsu/tkm-juki-euc1", "weekday-forms"))
                .map(BatchJob::on).contains(BatchDays.BUSINESS_DAYS);
        assertThat(catalog.service("takamatsu-hokenfukushi").orElseThrow()
                .job("takamatsu/tkm-hf-db1", "monthly-nhi-closing")).map(BatchJob::on)
                .contains(BatchDays.LAST_BUSINESS_DAY);
    }
}
