package io.mihari.alert.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which daily event indices retention deletes: pure logic, no OpenSearch. */
class EventRetentionTest {

    static final LocalDate TODAY = LocalDate.parse("2026-11-25");

    @Test
    void indexOfTheBoundaryDayIsKeptAndTheDayBeforeItIsDeleted() {
        // 90 days before 2026-11-25 is 2026-08-27
        List<String> names = List.of("mihari-events-2026.08.26", "mihari-events-2026.08.27", "mihari-events-2026.08.28");

        assertThat(EventRetention.expired(names, TODAY, 90)).containsExactly("mihari-events-2026.08.26");
    }

    @Test
    void todayAndTomorrowAreKept() {
        List<String> names = List.of("mihari-events-2026.11.25", "mihari-events-2026.11.26");

        assertThat(EventRetention.expired(names, TODAY, 1)).isEmpty();
    }

    @Test
    void indicesDatedAfterTomorrowAreDeleted() {
        // only a sender with a wrong clock (or a hostile one) made these, before ingest refused such dates
        List<String> names = List.of("mihari-events-2026.11.26", "mihari-events-2026.11.27", "mihari-events-2027.01.01",
                "mihari-events-9999.12.31");

        assertThat(EventRetention.expired(names, TODAY, 90))
                .containsExactly("mihari-events-2026.11.27", "mihari-events-2027.01.01", "mihari-events-9999.12.31");
    }

    @Test
    void keepingOneDayDeletesEverythingBeforeYesterday() {
        List<String> names = List.of("mihari-events-2026.11.23", "mihari-events-2026.11.24", "mihari-events-2026.11.25");

        assertThat(EventRetention.expired(names, TODAY, 1)).containsExactly("mihari-events-2026.11.23");
    }

    @Test
    void expiredIndicesAreReturnedOldestFirst() {
        List<String> names = List.of("mihari-events-2026.01.02", "mihari-events-2025.12.31", "mihari-events-2026.01.01");

        assertThat(EventRetention.expired(names, TODAY, 90))
                .containsExactly("mihari-events-2025.12.31", "mihari-events-2026.01.01", "mihari-events-2026.01.02");
    }

    @Test
    void namesThatAreNotADailyIndexAreNeverDeleted() {
        List<String> names = List.of(
                "mihari-events-2001.02.30",          // no such day
                "mihari-events-2001.13.01",          // no such month
                "mihari-events-2001.1.1",            // not the naming pattern
                "mihari-events-2001.01.01-restored", // a copy someone made
                "mihari-events-old",
                "mihari-events-",
                "mihari-events-*");

        assertThat(EventRetention.expired(names, TODAY, 90)).isEmpty();
    }

    @Test
    void otherIndexFamiliesAreNeverDeleted() {
        List<String> names = List.of(Indices.STATUS, Indices.TARGETS, Indices.INCIDENTS, Indices.OUTBOX,
                Indices.COUNTERS, ".kibana_1", "other-events-2001.01.01", "xmihari-events-2001.01.01",
                "mihari-events-2001.01.01");

        assertThat(EventRetention.expired(names, TODAY, 90)).containsExactly("mihari-events-2001.01.01");
    }

    @Test
    void todayIsCountedLikeTheIndexNamesAreMade() {
        // whatever zone Indices names days in, retention's "today" is the day of today's index name
        for (String instant : List.of("2026-11-25T00:00:00Z", "2026-11-25T15:30:00Z", "2026-11-25T23:59:59.999Z",
                "2026-11-24T23:59:59.999Z")) {
            Instant now = Instant.parse(instant);
            assertThat(Indices.EVENTS_PREFIX + EventRetention.today(now).toString().replace('-', '.'))
                    .as(instant).isEqualTo(Indices.events(now));
        }
    }

    @Test
    void dayIsReadFromADailyIndexNameOnly() {
        assertThat(EventRetention.day("mihari-events-2026.11.25")).contains(LocalDate.parse("2026-11-25"));
        assertThat(EventRetention.day("mihari-events-2024.02.29")).contains(LocalDate.parse("2024-02-29"));
        assertThat(EventRetention.day("mihari-events-2025.02.29")).isEmpty();
        assertThat(EventRetention.day("mihari-status")).isEmpty();
        assertThat(EventRetention.day(null)).isEmpty();
    }

    @Test
    void fewerThanOneDayKeptIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> EventRetention.keepDays(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mihari.retention.event-days")
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> EventRetention.expired(List.of("mihari-events-2026.11.24"), TODAY, -1))
                .hasMessageContaining("mihari.retention.event-days");
        assertThat(EventRetention.keepDays(1)).isEqualTo(1);
    }
}
