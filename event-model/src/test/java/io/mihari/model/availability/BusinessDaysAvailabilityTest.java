package io.mihari.model.availability;

import io.mihari.model.availability.Availability.Day;
import io.mihari.model.calendar.BusinessCalendar;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.ServiceHours;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.List;

import static io.mihari.model.availability.AvailabilityCalculatorTest.DB1;
import static io.mihari.model.availability.AvailabilityCalculatorTest.MIN;
import static io.mihari.model.availability.AvailabilityCalculatorTest.TOKYO;
import static io.mihari.model.availability.AvailabilityCalculatorTest.allUpAnd;
import static io.mihari.model.availability.AvailabilityCalculatorTest.compute;
import static io.mihari.model.availability.AvailabilityCalculatorTest.jst;
import static io.mihari.model.availability.AvailabilityCalculatorTest.juki;
import static io.mihari.model.availability.AvailabilityCalculatorTest.t;
import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service on business days only ({@code serviceDays: businessDays}): its city's business calendar takes national
 * holidays, the year-end closure and the city's closed days out of planned time, without listing them.
 */
class BusinessDaysAvailabilityTest {

    static final YearMonth MAY_2027 = YearMonth.of(2027, 5);
    /** 08:30–17:15 is 8 h 45 min. */
    static final long OFFICE_DAY_MS = 525 * MIN;

    static ServiceHours office(BusinessCalendar calendar, List<LocalDate> closedDates) {
        return new ServiceHours(List.of(new ServiceHours.Window(EnumSet.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY,
                FRIDAY), LocalTime.of(8, 30), LocalTime.of(17, 15))), closedDates, calendar);
    }

    static Service service(ServiceHours hours) {
        return juki(hours, new BigDecimal("99.5"), TOKYO);
    }

    /**
     * May 2027 has 21 weekdays (3–7, 10–14, 17–21, 24–28, 31); ゴールデンウィーク's 5/3 憲法記念日, 5/4 みどりの日 and
     * 5/5 こどもの日 are Monday to Wednesday, so 18 business days × 525 min = 9,450 min are planned. The database
     * down 09:00–12:00 on 5/4 costs nothing; down 10:00–10:30 on Thursday 5/6 costs 30 min.
     */
    @Test
    void officeHoursInGoldenWeek2027PlanOnlyTheBusinessDays() {
        Service office = service(office(BusinessCalendar.JAPAN, List.of()));

        Availability a = compute(office, MAY_2027, jst("2027-06-01T00:00"), allUpAnd(
                t(DB1, "2027-05-04T09:00", "DOWN", "HEARTBEAT_MISSING"),
                t(DB1, "2027-05-04T12:00", "UP", "CHECK_OK"),
                t(DB1, "2027-05-06T10:00", "DOWN", "HEARTBEAT_MISSING"),
                t(DB1, "2027-05-06T10:30", "UP", "CHECK_OK")), List.of(), List.of());

        assertThat(a.plannedMonthMs()).isEqualTo(18 * OFFICE_DAY_MS).isEqualTo(9_450 * MIN).isEqualTo(567_000_000L);
        assertThat(a.plannedMs()).isEqualTo(567_000_000L);
        assertThat(a.downtimeMs()).isEqualTo(30 * MIN);
        assertThat(a.intervals()).singleElement().satisfies(line -> {
            assertThat(line.start()).isEqualTo(jst("2027-05-06T10:00"));
            assertThat(line.end()).isEqualTo(jst("2027-05-06T10:30"));
        });
        assertThat(day(a, 3).plannedMs()).isZero();
        assertThat(day(a, 4).plannedMs()).isZero();
        assertThat(day(a, 4).downtimeMs()).isZero();
        assertThat(day(a, 5).plannedMs()).isZero();
        assertThat(day(a, 6).plannedMs()).isEqualTo(OFFICE_DAY_MS);
        assertThat(day(a, 7).plannedMs()).isEqualTo(OFFICE_DAY_MS);
        assertThat(a.days().stream().filter(d -> d.plannedMs() > 0)).hasSize(18);
        // why a weekday has no planned time
        assertThat(office.serviceHours().closure(LocalDate.of(2027, 5, 3)))
                .contains(new BusinessCalendar.Closure("憲法記念日", "Constitution Memorial Day"));
        assertThat(office.serviceHours().closure(LocalDate.of(2027, 5, 6))).isEmpty();
    }

    /** The same hours on every day (no calendar) plan the holidays too: 21 × 525 min. */
    @Test
    void withoutTheCalendarTheHolidaysArePlanned() {
        Service office = service(office(null, List.of()));

        Availability a = compute(office, MAY_2027, jst("2027-06-01T00:00"), allUpAnd(
                t(DB1, "2027-05-04T09:00", "DOWN", "HEARTBEAT_MISSING"),
                t(DB1, "2027-05-04T12:00", "UP", "CHECK_OK")), List.of(), List.of());

        assertThat(a.plannedMonthMs()).isEqualTo(21 * OFFICE_DAY_MS);
        assertThat(a.downtimeMs()).isEqualTo(180 * MIN);
    }

    /**
     * The city's own closed day (5/31) and a closed date of the service (5/28) both leave planned time; a day the
     * city opens (Saturday 5/29, 08:30–17:15 does not apply on a Saturday) adds nothing the windows do not give.
     */
    @Test
    void cityClosedDaysAndServiceClosedDatesBothApply() {
        BusinessCalendar city = BusinessCalendar.of(List.of(LocalDate.of(2027, 5, 31)),
                List.of(LocalDate.of(2027, 5, 29), LocalDate.of(2027, 5, 4)));
        Service office = service(office(city, List.of(LocalDate.of(2027, 5, 28))));

        Availability a = compute(office, MAY_2027, jst("2027-06-01T00:00"), allUpAnd(), List.of(), List.of());

        // 18 business days, minus 5/28 and 5/31, plus 5/4 (the city opens on みどりの日)
        assertThat(a.plannedMonthMs()).isEqualTo(17 * OFFICE_DAY_MS);
        assertThat(day(a, 4).plannedMs()).isEqualTo(OFFICE_DAY_MS);
        assertThat(day(a, 29).plannedMs()).isZero();
        assertThat(office.serviceHours().closure(LocalDate.of(2027, 5, 28)))
                .contains(new BusinessCalendar.Closure("閉庁日", "closed day"));
        assertThat(office.serviceHours().closure(LocalDate.of(2027, 5, 31)))
                .contains(new BusinessCalendar.Closure("閉庁日", "closed day"));
    }

    /** Around the clock on business days: the year-end closure plans nothing from 12/29 to 1/3. */
    @Test
    void aroundTheClockOnBusinessDaysLeavesTheYearEndOut() {
        ServiceHours hours = new ServiceHours(ServiceHours.ALWAYS.windows(), List.of(), BusinessCalendar.JAPAN);
        Availability a = compute(service(hours), YearMonth.of(2026, 12), jst("2027-01-01T00:00"), allUpAnd(),
                List.of(), List.of());

        // December 2026: 23 weekdays (1–4, 7–11, 14–18, 21–25, 28–31), no holiday; 29–31 are the closure: 20 days
        assertThat(a.plannedMonthMs()).isEqualTo(20 * 24 * 60 * MIN);
        assertThat(day(a, 28).plannedMs()).isEqualTo(24 * 60 * MIN);
        assertThat(day(a, 29).plannedMs()).isZero();
    }

    private static Day day(Availability a, int dayOfMonth) {
        return a.days().get(dayOfMonth - 1);
    }
}
