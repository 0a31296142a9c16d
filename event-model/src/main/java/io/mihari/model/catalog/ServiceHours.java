package io.mihari.model.catalog;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * When a service is planned to be available (計画サービス時間), in the service's time zone: weekly windows, minus
 * closed dates (e.g. the year-end holidays 年末年始, public holidays the contract excludes). Availability is
 * counted only inside these hours. The default is around the clock, every day.
 *
 * @param windows weekly windows; {@code to} may be 24:00 (written {@code 24:00} in YAML, held as {@link #END_OF_DAY})
 * @param closedDates whole days without planned service
 */
public record ServiceHours(List<Window> windows, List<LocalDate> closedDates) {

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
            List.of(new Window(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, END_OF_DAY)), List.of());

    public ServiceHours {
        windows = List.copyOf(windows);
        closedDates = closedDates == null ? List.of() : List.copyOf(closedDates);
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("service hours need at least one window");
        }
    }

    /** Whether this is the default, around the clock. */
    public boolean isAlways() {
        return equals(ALWAYS);
    }
}
