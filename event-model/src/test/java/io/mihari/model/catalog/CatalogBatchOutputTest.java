package io.mihari.model.catalog;

import io.mihari.model.calendar.BusinessCalendar;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A batch job's {@code expectedCount} (processed records) and {@code neededBy}/{@code neededOn} (room to re-run). */
class CatalogBatchOutputTest {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private static Catalog load(String yaml) {
        return CatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static String withJobs(String jobs) throws Exception {
        try (InputStream in = CatalogBatchOutputTest.class.getResourceAsStream("/catalog/valid.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8) + "    jobs:\n" + jobs;
        }
    }

    private static void assertProblems(String yaml, String... expected) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOfSatisfying(CatalogException.class,
                e -> assertThat(e.problems()).containsExactly(expected));
    }

    @Test
    void expectedCountAndNeededByAreRead() throws Exception {
        Service service = load(withJobs("""
                      - {name: export, host: krs-juki-db1, schedule: "0 2 * * *", expectedCount: {min: 1, max: 200000}}
                      - {name: at-least, host: krs-juki-db1, schedule: "0 2 * * *", expectedCount: {min: 1}}
                      - {name: at-most, host: krs-juki-db1, expectedCount: {max: 500}}
                      - {name: nightly, host: krs-juki-db1, schedule: "0 2 * * *", neededBy: "08:30"}
                      - {name: evening, host: krs-juki-db1, schedule: "0 22 * * *", neededBy: "08:30",
                         neededOn: nextBusinessDay}
                      - {name: same, host: krs-juki-db1, schedule: "0 2 * * *", neededBy: "06:00", neededOn: sameDay}
                      - {name: plain, host: krs-juki-db1, schedule: "0 2 * * *"}
                """)).service("kurashiki-juki").orElseThrow();

        assertThat(service.jobs()).extracting(BatchJob::expectedCount).containsExactly(new CountRange(1L, 200_000L),
                new CountRange(1L, null), new CountRange(null, 500L), null, null, null, null);
        assertThat(service.jobs()).extracting(BatchJob::neededBy).containsExactly(null, null, null,
                new NeededBy(LocalTime.of(8, 30), NeededBy.Day.NEXT),
                new NeededBy(LocalTime.of(8, 30), NeededBy.Day.NEXT_BUSINESS_DAY),
                new NeededBy(LocalTime.of(6, 0), NeededBy.Day.SAME_DAY), null);
        assertThat(service.jobs().get(0).expectedCount().text()).isEqualTo("1–200000");
        assertThat(service.jobs().get(1).expectedCount().text()).isEqualTo("at least 1");
        assertThat(service.jobs().get(2).expectedCount().textJa()).isEqualTo("500件以下");
    }

    @Test
    void badValuesAreRefusedWithTheirKeyPath() throws Exception {
        assertProblems(withJobs("""
                      - {name: a, host: krs-juki-db1, expectedCount: {min: -1}}
                      - {name: b, host: krs-juki-db1, expectedCount: {min: 10, max: 5}}
                      - {name: c, host: krs-juki-db1, expectedCount: {}}
                      - {name: d, host: krs-juki-db1, expectedCount: {min: many}}
                      - {name: e, host: krs-juki-db1, expectedCount: {least: 1}}
                      - {name: f, host: krs-juki-db1, neededBy: "8.30"}
                      - {name: g, host: krs-juki-db1, neededBy: "25:00"}
                      - {name: h, host: krs-juki-db1, neededBy: "08:30", neededOn: tomorrow}
                      - {name: i, host: krs-juki-db1, neededOn: sameDay}
                """),
                "services[0].jobs[0].expectedCount.min: must not be negative, was -1",
                "services[0].jobs[1].expectedCount: min 10 is above max 5",
                "services[0].jobs[2].expectedCount: needs min, max or both (e.g. {min: 1, max: 200000})",
                // nothing usable is left of these two: the binder's problem and the rule's, in the file's order
                "services[0].jobs[3].expectedCount: needs min, max or both (e.g. {min: 1, max: 200000})",
                "services[0].jobs[3].expectedCount.min: must be a whole number, was 'many'",
                "services[0].jobs[4].expectedCount: needs min, max or both (e.g. {min: 1, max: 200000})",
                "services[0].jobs[4].expectedCount.least: unknown key (known keys: min, max)",
                "services[0].jobs[5].neededBy: '8.30' is not a time of day (HH:MM, e.g. 08:30)",
                "services[0].jobs[6].neededBy: '25:00' is not a time of day (HH:MM, e.g. 08:30)",
                "services[0].jobs[7].neededOn: unknown 'tomorrow' (next, sameDay or nextBusinessDay)",
                "services[0].jobs[8].neededOn: needs neededBy (the time of day the output is needed)");
    }

    @Test
    void theOutputIsNeededOnTheDayTheRuleSays() {
        BusinessCalendar japan = BusinessCalendar.JAPAN;
        NeededBy next = new NeededBy(LocalTime.of(8, 30), null);
        // Tuesday 2027-01-12 02:00 JST: that morning
        assertThat(next.after(Instant.parse("2027-01-11T17:00:00Z"), TOKYO, japan))
                .isEqualTo(Instant.parse("2027-01-11T23:30:00Z"));
        // Friday 2027-01-08 22:00 JST: Tuesday 08:30, after the weekend and 成人の日 (Monday 1/11)
        assertThat(next.after(Instant.parse("2027-01-08T13:00:00Z"), TOKYO, japan))
                .isEqualTo(Instant.parse("2027-01-11T23:30:00Z"));
        // Saturday 2027-01-09 02:00 JST (the night after Friday): Tuesday 08:30
        assertThat(next.after(Instant.parse("2027-01-08T17:00:00Z"), TOKYO, japan))
                .isEqualTo(Instant.parse("2027-01-11T23:30:00Z"));
        // sameDay: that date whatever it is; nextBusinessDay: never that date
        assertThat(new NeededBy(LocalTime.of(6, 0), NeededBy.Day.SAME_DAY)
                .after(Instant.parse("2027-01-08T17:00:00Z"), TOKYO, japan))
                .isEqualTo(Instant.parse("2027-01-08T21:00:00Z"));
        assertThat(new NeededBy(LocalTime.of(8, 30), NeededBy.Day.NEXT_BUSINESS_DAY)
                .after(Instant.parse("2027-01-11T17:00:00Z"), TOKYO, japan))
                .isEqualTo(Instant.parse("2027-01-12T23:30:00Z"));
    }
}
