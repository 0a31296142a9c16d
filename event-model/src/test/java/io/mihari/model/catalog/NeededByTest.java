package io.mihari.model.catalog;

import io.mihari.model.calendar.BusinessCalendar;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** When a run's output is needed, counted from the instant it ran for. */
class NeededByTest {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    static java.time.Instant tokyo(String local) {
        return LocalDateTime.parse(local).atZone(TOKYO).toInstant();
    }

    @Test
    void sameDayIsTheNextDayWhenTheTimeHasPassedOnTheReferencesDate() {
        NeededBy by = new NeededBy(LocalTime.of(6, 0), NeededBy.Day.SAME_DAY);

        assertThat(by.after(tokyo("2027-01-12T00:00"), TOKYO, BusinessCalendar.JAPAN))
                .isEqualTo(tokyo("2027-01-12T06:00"));
        // started just before midnight for the 00:00 run (the instant it keeps not known, e.g. after a restart)
        assertThat(by.after(tokyo("2027-01-11T23:55"), TOKYO, BusinessCalendar.JAPAN))
                .isEqualTo(tokyo("2027-01-12T06:00"));
    }

    @Test
    void nextIsTheFirstBusinessDayWhoseTimeIsStillAhead() {
        NeededBy by = new NeededBy(LocalTime.of(8, 30), null);

        assertThat(by.after(tokyo("2027-01-12T02:00"), TOKYO, BusinessCalendar.JAPAN))
                .isEqualTo(tokyo("2027-01-12T08:30"));
        // Saturday 1/9 → Tuesday 1/12 (Sunday, then 成人の日)
        assertThat(by.after(tokyo("2027-01-09T02:00"), TOKYO, BusinessCalendar.JAPAN))
                .isEqualTo(tokyo("2027-01-12T08:30"));
        assertThat(by.after(tokyo("2027-01-12T09:00"), TOKYO, BusinessCalendar.JAPAN))
                .isEqualTo(tokyo("2027-01-13T08:30"));
    }
}
