package io.mihari.model.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.YearMonth;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A city's business calendar 開庁日: a day is a business day unless it is a Saturday or Sunday, a national holiday
 * ({@link JapaneseHolidays}), in the year-end closure 年末年始 (12/29–1/3) or one of the city's own closed days
 * 閉庁日; a day the city lists as open (e.g. a Sunday counter opening in the moving season) is a business day
 * whatever else it is. One place answers "is D a business day", "the n-th / last business day of the month",
 * "the next business day" and why a day is closed.
 *
 * @param closedDates the city's own closed days, besides weekends, holidays and the year-end closure
 * @param openDates days the city opens although they would be closed
 */
public record BusinessCalendar(Set<LocalDate> closedDates, Set<LocalDate> openDates) {

    /** The calendar of a city that adds nothing of its own. */
    public static final BusinessCalendar JAPAN = new BusinessCalendar(Set.of(), Set.of());

    private static final MonthDay CLOSURE_FROM = MonthDay.of(12, 29);
    private static final MonthDay CLOSURE_TO = MonthDay.of(1, 3);
    /** How far the next or previous business day is looked for: beyond it something is wrong with the lists. */
    private static final int SEARCH_DAYS = 366;

    public BusinessCalendar {
        closedDates = closedDates == null ? Set.of() : Set.copyOf(new TreeSet<>(closedDates));
        openDates = openDates == null ? Set.of() : Set.copyOf(new TreeSet<>(openDates));
        Set<LocalDate> both = new TreeSet<>(closedDates);
        both.retainAll(openDates);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("a day cannot be both closed and open: " + both);
        }
    }

    public static BusinessCalendar of(Collection<LocalDate> closedDates, Collection<LocalDate> openDates) {
        return new BusinessCalendar(closedDates == null ? Set.of() : Set.copyOf(closedDates),
                openDates == null ? Set.of() : Set.copyOf(openDates));
    }

    /** Why a day is not a business day, in Japanese and English. */
    public record Closure(String ja, String en) {
    }

    public boolean isBusinessDay(LocalDate date) {
        return closure(date).isEmpty();
    }

    /**
     * Why {@code date} is not a business day (the first reason that applies: the city's own closed day, a
     * national holiday by name, the year-end closure, the weekend); empty for a business day.
     */
    public Optional<Closure> closure(LocalDate date) {
        if (openDates.contains(date)) {
            return Optional.empty();
        }
        if (closedDates.contains(date)) {
            return Optional.of(new Closure("閉庁日", "closed day"));
        }
        Optional<JapaneseHolidays.Holiday> holiday = JapaneseHolidays.on(date);
        if (holiday.isPresent()) {
            return Optional.of(new Closure(holiday.get().nameJa(), holiday.get().nameEn()));
        }
        MonthDay md = MonthDay.from(date);
        if (!md.isBefore(CLOSURE_FROM) || !md.isAfter(CLOSURE_TO)) {
            return Optional.of(new Closure("年末年始", "year-end closure"));
        }
        if (date.getDayOfWeek() == DayOfWeek.SATURDAY) {
            return Optional.of(new Closure("土曜日", "Saturday"));
        }
        if (date.getDayOfWeek() == DayOfWeek.SUNDAY) {
            return Optional.of(new Closure("日曜日", "Sunday"));
        }
        return Optional.empty();
    }

    /** The first business day strictly after {@code date}. */
    public LocalDate nextBusinessDay(LocalDate date) {
        LocalDate d = date.plusDays(1);
        for (int i = 0; i < SEARCH_DAYS; i++, d = d.plusDays(1)) {
            if (isBusinessDay(d)) {
                return d;
            }
        }
        throw new IllegalStateException("no business day within a year after " + date);
    }

    /** The last business day strictly before {@code date}. */
    public LocalDate previousBusinessDay(LocalDate date) {
        LocalDate d = date.minusDays(1);
        for (int i = 0; i < SEARCH_DAYS; i++, d = d.minusDays(1)) {
            if (isBusinessDay(d)) {
                return d;
            }
        }
        throw new IllegalStateException("no business day within a year before " + date);
    }

    /**
     * The {@code n}-th business day of {@code month}: 1 is the first, -1 the last, -2 the one before it; empty when
     * the month has fewer.
     */
    public Optional<LocalDate> businessDay(YearMonth month, int n) {
        if (n == 0) {
            throw new IllegalArgumentException("the n-th business day counts from 1 (or from -1, the last)");
        }
        int seen = 0;
        if (n > 0) {
            for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
                if (isBusinessDay(d) && ++seen == n) {
                    return Optional.of(d);
                }
            }
        } else {
            for (LocalDate d = month.atEndOfMonth(); !d.isBefore(month.atDay(1)); d = d.minusDays(1)) {
                if (isBusinessDay(d) && ++seen == -n) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }

    /** The last business day of {@code month} (empty only for a month without any). */
    public Optional<LocalDate> lastBusinessDay(YearMonth month) {
        return businessDay(month, -1);
    }
}
