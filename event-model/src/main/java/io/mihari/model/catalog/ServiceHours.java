package io.mihari.model.catalog;

import io.mihari.model.calendar.BusinessCalendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When a service is planned to be available (計画サービス時間), in the service's time zone: weekly windows, minus
 * closed dates (e.g. the year-end holidays 年末年始, public holidays the contract excludes) and, for a service that
 * runs on business days only ({@code serviceDays: businessDays}), minus every day its city's business calendar
 * closes (national holidays, the year-end closure 12/29–1/3, the city's own closed days). Availability is
 * counted only inside these hours. The default is around the clock, every day.
 *
 * @param windows weekly windows; {@code to} may be 24:00 (written {@code 24:00} in YAML, held as {@link #END_OF_DAY})
 * @param closedDates whole days without planned service
 * @param calendar the business calendar whose closed days have no planned service; null = every day
 *        ({@code serviceDays: everyDay})
 */
public record ServiceHours(List<Window> windows, List<LocalDate> closedDates, BusinessCalendar calendar) {

    /** Stands for 24:00 in a window's {@code to}. */
    public static final LocalTime END_OF_DAY = LocalTime.MAX;

    /**
     * @param days the weekdays it applies to
     * @param from start (inclusive)
     * @param to end (exclusive); {@link #END_OF_DAY} for midnight at the end of the day
     */
    public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
        public Window {
            if (days == null || days.isEmpty()) {
                throw new IllegalArgumentException("a window needs at least one day");
            }
            if (from == null || to == null || !from.isBefore(to)) {
                throw new IllegalArgumentException("a window runs from an earlier to a later time of day, was "
                        + from + "–" + to);
            }
            days = Set.copyOf(days);
        }
    }

    public static final ServiceHours ALWAYS = new ServiceHours(
            List.of(new Window(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, END_OF_DAY)), List.of(), null);

    public ServiceHours {
        windows = List.copyOf(windows);
        closedDates = closedDates == null ? List.of() : List.copyOf(closedDates);
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("service hours need at least one window");
        }
    }

    /** Service hours on every day (no business calendar). */
    public ServiceHours(List<Window> windows, List<LocalDate> closedDates) {
        this(windows, closedDates, null);
    }

    /** Whether this is the default, around the clock. */
    public boolean isAlways() {
        return equals(ALWAYS);
    }

    /** Whether the service runs on business days only ({@code serviceDays: businessDays}). */
    public boolean businessDaysOnly() {
        return calendar != null;
    }

    /**
     * Why {@code date} has no planned service although its weekday may have windows: one of the closed dates
     * (閉庁日 / closed day), or the day the business calendar closes (its reason, e.g. 憲法記念日); empty for a day
     * whose windows apply.
     */
    public Optional<BusinessCalendar.Closure> closure(LocalDate date) {
        if (closedDates.contains(date)) {
            return Optional.of(new BusinessCalendar.Closure("閉庁日", "closed day"));
        }
        return calendar == null ? Optional.empty() : calendar.closure(date);
    }
}
