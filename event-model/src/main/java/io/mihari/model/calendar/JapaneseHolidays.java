package io.mihari.model.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Japan's national holidays 国民の祝日 as the Act on National Holidays (国民の祝日に関する法律) and its special acts
 * make them, computed by rule for 2000 to 2099: fixed days, the Happy Monday days (from 2000 and 2003), the vernal
 * and autumnal equinox days by the standard formula (the official days are announced each February for the next
 * year; the formula has matched every announcement since 1980 and is what calendars use ahead of it), the
 * substitute holiday 振替休日 (before 2007: the Monday after a Sunday holiday; since: the next day that is not a
 * holiday) and the citizens' holiday 国民の休日 (a day between two holidays). The one-off days of 2019 (the
 * enthronement) and the Olympic moves of 2020 and 2021 are listed as the special acts set them.
 */
public final class JapaneseHolidays {

    /** A national holiday: its date and name in Japanese and English. */
    public record Holiday(LocalDate date, String nameJa, String nameEn) {
    }

    /** The first and last years computed; outside them there is no national holiday known. */
    public static final int FIRST_YEAR = 2000;
    public static final int LAST_YEAR = 2099;

    private static final Map<Integer, TreeMap<LocalDate, Holiday>> YEARS = new ConcurrentHashMap<>();

    private JapaneseHolidays() {
    }

    /** The national holiday on {@code date}, if it is one. */
    public static Optional<Holiday> on(LocalDate date) {
        return Optional.ofNullable(year(date.getYear()).get(date));
    }

    /** Whether {@code date} is a national holiday (including 振替休日 and 国民の休日). */
    public static boolean isHoliday(LocalDate date) {
        return year(date.getYear()).containsKey(date);
    }

    /** The national holidays of {@code year}, in date order; empty outside {@link #FIRST_YEAR}–{@link #LAST_YEAR}. */
    public static List<Holiday> of(int year) {
        return List.copyOf(year(year).values());
    }

    private static TreeMap<LocalDate, Holiday> year(int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            return EMPTY;
        }
        return YEARS.computeIfAbsent(year, JapaneseHolidays::compute);
    }

    private static final TreeMap<LocalDate, Holiday> EMPTY = new TreeMap<>();

    private static TreeMap<LocalDate, Holiday> compute(int y) {
        TreeMap<LocalDate, Holiday> days = new TreeMap<>();
        add(days, LocalDate.of(y, 1, 1), "元日", "New Year's Day");
        add(days, nthMonday(y, Month.JANUARY, 2), "成人の日", "Coming of Age Day");
        add(days, LocalDate.of(y, 2, 11), "建国記念の日", "National Foundation Day");
        if (y >= 2020) {
            add(days, LocalDate.of(y, 2, 23), "天皇誕生日", "Emperor's Birthday");
        }
        add(days, LocalDate.of(y, 3, vernalEquinox(y)), "春分の日", "Vernal Equinox Day");
        if (y >= 2007) {
            add(days, LocalDate.of(y, 4, 29), "昭和の日", "Showa Day");
            add(days, LocalDate.of(y, 5, 4), "みどりの日", "Greenery Day");
        } else {
            add(days, LocalDate.of(y, 4, 29), "みどりの日", "Greenery Day");
        }
        add(days, LocalDate.of(y, 5, 3), "憲法記念日", "Constitution Memorial Day");
        add(days, LocalDate.of(y, 5, 5), "こどもの日", "Children's Day");
        if (y == 2020) {
            add(days, LocalDate.of(y, 7, 23), "海の日", "Marine Day");
        } else if (y == 2021) {
            add(days, LocalDate.of(y, 7, 22), "海の日", "Marine Day");
        } else if (y >= 2003) {
            add(days, nthMonday(y, Month.JULY, 3), "海の日", "Marine Day");
        } else {
            add(days, LocalDate.of(y, 7, 20), "海の日", "Marine Day");
        }
        if (y == 2020) {
            add(days, LocalDate.of(y, 8, 10), "山の日", "Mountain Day");
        } else if (y == 2021) {
            add(days, LocalDate.of(y, 8, 8), "山の日", "Mountain Day");
        } else if (y >= 2016) {
            add(days, LocalDate.of(y, 8, 11), "山の日", "Mountain Day");
        }
        if (y >= 2003) {
            add(days, nthMonday(y, Month.SEPTEMBER, 3), "敬老の日", "Respect for the Aged Day");
        } else {
            add(days, LocalDate.of(y, 9, 15), "敬老の日", "Respect for the Aged Day");
        }
        add(days, LocalDate.of(y, 9, autumnalEquinox(y)), "秋分の日", "Autumnal Equinox Day");
        if (y == 2020) {
            add(days, LocalDate.of(y, 7, 24), "スポーツの日", "Sports Day");
        } else if (y == 2021) {
            add(days, LocalDate.of(y, 7, 23), "スポーツの日", "Sports Day");
        } else if (y >= 2020) {
            add(days, nthMonday(y, Month.OCTOBER, 2), "スポーツの日", "Sports Day");
        } else {
            add(days, nthMonday(y, Month.OCTOBER, 2), "体育の日", "Health and Sports Day");
        }
        add(days, LocalDate.of(y, 11, 3), "文化の日", "Culture Day");
        add(days, LocalDate.of(y, 11, 23), "勤労感謝の日", "Labor Thanksgiving Day");
        if (y <= 2018) {
            add(days, LocalDate.of(y, 12, 23), "天皇誕生日", "Emperor's Birthday");
        }
        if (y == 2019) {
            add(days, LocalDate.of(y, 5, 1), "休日（即位の日）", "Enthronement Day");
            add(days, LocalDate.of(y, 10, 22), "休日（即位礼正殿の儀の行われる日）",
                    "Enthronement Ceremony Day");
        }

        // 振替休日: a holiday on a Sunday moves the rest day to the next day that is not a holiday (before 2007:
        // to the Monday after it)
        List<LocalDate> sundays = new ArrayList<>();
        for (LocalDate d : days.keySet()) {
            if (d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                sundays.add(d);
            }
        }
        for (LocalDate sunday : sundays) {
            LocalDate substitute = sunday.plusDays(1);
            if (y >= 2007) {
                while (days.containsKey(substitute)) {
                    substitute = substitute.plusDays(1);
                }
            } else if (days.containsKey(substitute)) {
                continue;
            }
            add(days, substitute, "振替休日", "Substitute Holiday");
        }

        // 国民の休日: a day that is not a holiday between two national holidays (not a Sunday: that is a rest day
        // anyway, and the law's wording excludes it only through 振替休日 already placed)
        List<LocalDate> between = new ArrayList<>();
        for (LocalDate d : days.keySet()) {
            LocalDate next = d.plusDays(2);
            LocalDate gap = d.plusDays(1);
            if (days.containsKey(next) && !days.containsKey(gap) && gap.getDayOfWeek() != DayOfWeek.SUNDAY
                    && isLawHoliday(days.get(d)) && isLawHoliday(days.get(next))) {
                between.add(gap);
            }
        }
        for (LocalDate d : between) {
            add(days, d, "国民の休日", "Citizens' Holiday");
        }
        return days;
    }

    /** A holiday the Act names (not a substitute day, which does not make a day between holidays a holiday). */
    private static boolean isLawHoliday(Holiday h) {
        return !"振替休日".equals(h.nameJa());
    }

    private static void add(TreeMap<LocalDate, Holiday> days, LocalDate date, String ja, String en) {
        days.putIfAbsent(date, new Holiday(date, ja, en));
    }

    private static LocalDate nthMonday(int year, Month month, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, DayOfWeek.MONDAY));
    }

    /** The day of March of the vernal equinox, by the standard formula (valid 1980–2099). */
    static int vernalEquinox(int y) {
        return (int) (20.8431 + 0.242194 * (y - 1980)) - (y - 1980) / 4;
    }

    /** The day of September of the autumnal equinox, by the standard formula (valid 1980–2099). */
    static int autumnalEquinox(int y) {
        return (int) (23.2488 + 0.242194 * (y - 1980)) - (y - 1980) / 4;
    }
}
