package io.mihari.model.calendar;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BusinessCalendarTest {

    private static final BusinessCalendar JAPAN = BusinessCalendar.JAPAN;

    private static LocalDate d(int y, int m, int day) {
        return LocalDate.of(y, m, day);
    }

    @Test
    void weekdaysAreBusinessDaysAndWeekendsAreNot() {
        assertThat(JAPAN.isBusinessDay(d(2027, 6, 7))).isTrue(); // Monday
        assertThat(JAPAN.isBusinessDay(d(2027, 6, 11))).isTrue(); // Friday
        assertThat(JAPAN.closure(d(2027, 6, 12))).contains(new BusinessCalendar.Closure("土曜日", "Saturday"));
        assertThat(JAPAN.closure(d(2027, 6, 13))).contains(new BusinessCalendar.Closure("日曜日", "Sunday"));
        assertThat(JAPAN.closure(d(2027, 6, 7))).isEmpty();
    }

    @Test
    void nationalHolidaysAreClosedByName() {
        assertThat(JAPAN.closure(d(2027, 1, 11))).contains(new BusinessCalendar.Closure("成人の日", "Coming of Age Day"));
        assertThat(JAPAN.closure(d(2027, 5, 3)))
                .contains(new BusinessCalendar.Closure("憲法記念日", "Constitution Memorial Day"));
        assertThat(JAPAN.closure(d(2026, 9, 22))).contains(new BusinessCalendar.Closure("国民の休日", "Citizens' Holiday"));
        assertThat(JAPAN.closure(d(2027, 3, 22))).contains(new BusinessCalendar.Closure("振替休日", "Substitute Holiday"));
    }

    @Test
    void yearEndClosureRunsFrom29DecemberTo3January() {
        assertThat(JAPAN.isBusinessDay(d(2026, 12, 28))).isTrue(); // Monday
        for (LocalDate day = d(2026, 12, 29); !day.isAfter(d(2027, 1, 3)); day = day.plusDays(1)) {
            assertThat(JAPAN.isBusinessDay(day)).as("%s", day).isFalse();
        }
        assertThat(JAPAN.isBusinessDay(d(2027, 1, 4))).isTrue(); // Monday
        BusinessCalendar.Closure yearEnd = new BusinessCalendar.Closure("年末年始", "year-end closure");
        assertThat(JAPAN.closure(d(2026, 12, 29))).contains(yearEnd); // Tuesday
        assertThat(JAPAN.closure(d(2026, 12, 31))).contains(yearEnd);
        assertThat(JAPAN.closure(d(2027, 1, 2))).contains(yearEnd); // a Saturday: the closure is named first
        assertThat(JAPAN.closure(d(2027, 1, 1))).contains(new BusinessCalendar.Closure("元日", "New Year's Day"));
    }

    @Test
    void cityClosedDaysCloseAndOpenDaysOpenWhateverElseTheyAre() {
        BusinessCalendar city = BusinessCalendar.of(
                List.of(d(2027, 6, 9)), // a Wednesday closed for the system move
                List.of(d(2027, 3, 28), d(2027, 5, 3), d(2026, 12, 29))); // a Sunday, a holiday, the closure
        assertThat(city.closure(d(2027, 6, 9))).contains(new BusinessCalendar.Closure("閉庁日", "closed day"));
        assertThat(city.isBusinessDay(d(2027, 3, 28))).isTrue();
        assertThat(city.isBusinessDay(d(2027, 5, 3))).isTrue();
        assertThat(city.isBusinessDay(d(2026, 12, 29))).isTrue();
        assertThat(city.closure(d(2027, 5, 3))).isEmpty();
        // the rest of the country's calendar still applies
        assertThat(city.isBusinessDay(d(2027, 5, 4))).isFalse();
        assertThat(JAPAN.isBusinessDay(d(2027, 6, 9))).isTrue();
    }

    @Test
    void aDayBothClosedAndOpenIsRefused() {
        assertThatThrownBy(() -> BusinessCalendar.of(List.of(d(2027, 6, 9)), List.of(d(2027, 6, 9))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2027-06-09");
    }

    @Test
    void listsAreCopiedAndNullMeansNone() {
        BusinessCalendar none = new BusinessCalendar(null, null);
        assertThat(none).isEqualTo(JAPAN);
        assertThat(none.closedDates()).isEmpty();
        assertThat(BusinessCalendar.of(Set.of(d(2027, 6, 9)), null).openDates()).isEmpty();
    }

    @Test
    void nextAndPreviousBusinessDay() {
        // Friday 2027-04-30 → Thursday 5/6 (5/1–5/2 the weekend, 5/3–5/5 holidays)
        assertThat(JAPAN.nextBusinessDay(d(2027, 4, 30))).isEqualTo(d(2027, 5, 6));
        assertThat(d(2027, 5, 6).getDayOfWeek()).isEqualTo(DayOfWeek.THURSDAY);
        assertThat(JAPAN.previousBusinessDay(d(2027, 5, 6))).isEqualTo(d(2027, 4, 30));
        // strictly after / before, even from a business day
        assertThat(JAPAN.nextBusinessDay(d(2027, 6, 7))).isEqualTo(d(2027, 6, 8));
        assertThat(JAPAN.previousBusinessDay(d(2027, 6, 8))).isEqualTo(d(2027, 6, 7));
        // across the year-end closure
        assertThat(JAPAN.nextBusinessDay(d(2026, 12, 28))).isEqualTo(d(2027, 1, 4));
        assertThat(JAPAN.previousBusinessDay(d(2027, 1, 4))).isEqualTo(d(2026, 12, 28));
        // a city's open Sunday is found
        BusinessCalendar city = BusinessCalendar.of(List.of(), List.of(d(2027, 3, 28)));
        assertThat(city.nextBusinessDay(d(2027, 3, 26))).isEqualTo(d(2027, 3, 28));
    }

    @Test
    void nthBusinessDayOfAMonth() {
        YearMonth january = YearMonth.of(2027, 1);
        // 1/1–1/3 closure, 1/4 Monday is the first; 1/11 成人の日
        assertThat(JAPAN.businessDay(january, 1)).contains(d(2027, 1, 4));
        assertThat(JAPAN.businessDay(january, 3)).contains(d(2027, 1, 6));
        assertThat(JAPAN.businessDay(january, 6)).contains(d(2027, 1, 12));
        assertThat(JAPAN.businessDay(january, -1)).contains(d(2027, 1, 29));
        assertThat(JAPAN.businessDay(january, -2)).contains(d(2027, 1, 28));
        // January 2027 has 19 business days
        assertThat(JAPAN.businessDay(january, 19)).contains(d(2027, 1, 29));
        assertThat(JAPAN.businessDay(january, 20)).isEmpty();
        assertThat(JAPAN.businessDay(january, -19)).contains(d(2027, 1, 4));
        assertThat(JAPAN.businessDay(january, -20)).isEmpty();
        assertThatThrownBy(() -> JAPAN.businessDay(january, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lastBusinessDayOfApril() {
        // 2027: 4/29 昭和の日 is a Thursday, 4/30 a Friday
        assertThat(JAPAN.lastBusinessDay(YearMonth.of(2027, 4))).contains(d(2027, 4, 30));
        // 2028: 4/29 昭和の日 is a Saturday (no substitute), 4/30 a Sunday
        assertThat(JAPAN.lastBusinessDay(YearMonth.of(2028, 4))).contains(d(2028, 4, 28));
        assertThat(d(2028, 4, 28).getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
        // December ends at the closure
        assertThat(JAPAN.lastBusinessDay(YearMonth.of(2026, 12))).contains(d(2026, 12, 28));
    }

    @Test
    void aMonthWithoutBusinessDays() {
        List<LocalDate> all = new ArrayList<>();
        for (LocalDate day = d(2027, 2, 1); day.getMonthValue() == 2; day = day.plusDays(1)) {
            all.add(day);
        }
        BusinessCalendar closedFebruary = BusinessCalendar.of(all, List.of());
        assertThat(closedFebruary.lastBusinessDay(YearMonth.of(2027, 2))).isEmpty();
        assertThat(closedFebruary.businessDay(YearMonth.of(2027, 2), 1)).isEmpty();
        assertThat(closedFebruary.nextBusinessDay(d(2027, 1, 29))).isEqualTo(d(2027, 3, 1));
    }

    @Test
    void closureGivesTheFirstReasonThatApplies() {
        // a city's closed day on a holiday says the city's reason; a holiday on a Sunday says the holiday
        BusinessCalendar city = BusinessCalendar.of(List.of(d(2027, 5, 3)), List.of());
        assertThat(city.closure(d(2027, 5, 3))).contains(new BusinessCalendar.Closure("閉庁日", "closed day"));
        assertThat(JAPAN.closure(d(2027, 3, 21))).contains(new BusinessCalendar.Closure("春分の日", "Vernal Equinox Day"));
        assertThat(d(2027, 3, 21).getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
    }
}
