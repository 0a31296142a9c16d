package io.mihari.model.calendar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The computed national holidays against the published list of 2000–2030 ({@code calendar/holidays-2000-2030.csv},
 * copied from holiday-jp's list of the Cabinet Office's holidays), and the days that are easy to get wrong.
 */
class JapaneseHolidaysTest {

    /** The published list: date → name as published. */
    private static final Map<LocalDate, String> PUBLISHED = published();

    private static Map<LocalDate, String> published() {
        Map<LocalDate, String> days = new TreeMap<>();
        try (InputStream in = JapaneseHolidaysTest.class.getResourceAsStream("/calendar/holidays-2000-2030.csv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#") || line.equals("date,name")) {
                    continue;
                }
                String[] parts = line.split(",", 2);
                days.put(LocalDate.parse(parts[0]), parts[1]);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return days;
    }

    /**
     * Our name for a published one: the list calls a 国民の休日 "休日", a substitute "<holiday> 振替休日", the 2019
     * enthronement days "休日（祝日扱い）" and 2019's 体育の日 "体育の日（スポーツの日）".
     */
    private static String expectedName(LocalDate date, String published) {
        if (published.equals("休日")) {
            return "国民の休日";
        }
        if (published.endsWith(" 振替休日")) {
            return "振替休日";
        }
        if (published.equals("休日（祝日扱い）")) {
            return date.getMonthValue() == 5 ? "休日（即位の日）" : "休日（即位礼正殿の儀の行われる日）";
        }
        if (published.equals("体育の日（スポーツの日）")) {
            return "体育の日";
        }
        return published;
    }

    @Test
    void publishedListCoversEveryYear() {
        assertThat(PUBLISHED.keySet().stream().map(LocalDate::getYear).distinct())
                .containsExactlyElementsOf(IntStream.rangeClosed(2000, 2030).boxed().toList());
        assertThat(PUBLISHED).hasSize(540);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012, 2013, 2014,
            2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030})
    void everyYearEqualsThePublishedList(int year) {
        Map<LocalDate, String> expected = new LinkedHashMap<>();
        PUBLISHED.forEach((date, name) -> {
            if (date.getYear() == year) {
                expected.put(date, expectedName(date, name));
            }
        });

        Map<LocalDate, String> computed = JapaneseHolidays.of(year).stream()
                .collect(Collectors.toMap(JapaneseHolidays.Holiday::date, JapaneseHolidays.Holiday::nameJa,
                        (a, b) -> a, LinkedHashMap::new));

        assertThat(computed).containsExactlyEntriesOf(expected);
        expected.keySet().forEach(d -> assertThat(JapaneseHolidays.isHoliday(d)).as("%s", d).isTrue());
    }

    @Test
    void goldenWeek2019IsTenDaysOff() {
        assertThat(JapaneseHolidays.of(2019).stream().map(JapaneseHolidays.Holiday::date)).containsSequence(
                LocalDate.of(2019, 4, 29), LocalDate.of(2019, 4, 30), LocalDate.of(2019, 5, 1),
                LocalDate.of(2019, 5, 2), LocalDate.of(2019, 5, 3), LocalDate.of(2019, 5, 4),
                LocalDate.of(2019, 5, 5), LocalDate.of(2019, 5, 6));
        assertThat(name(2019, 4, 30)).isEqualTo("国民の休日");
        assertThat(name(2019, 5, 1)).isEqualTo("休日（即位の日）");
        assertThat(JapaneseHolidays.on(LocalDate.of(2019, 5, 1)).orElseThrow().nameEn()).isEqualTo("Enthronement Day");
        assertThat(name(2019, 5, 2)).isEqualTo("国民の休日");
        assertThat(name(2019, 5, 6)).isEqualTo("振替休日");
        assertThat(name(2019, 10, 22)).isEqualTo("休日（即位礼正殿の儀の行われる日）");
        // 4/27 and 4/28 are a Saturday and a Sunday, not holidays: with them the whole of 4/27–5/6 is off
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2019, 4, 27))).isFalse();
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2019, 5, 7))).isFalse();
        BusinessCalendar calendar = BusinessCalendar.JAPAN;
        for (LocalDate d = LocalDate.of(2019, 4, 27); !d.isAfter(LocalDate.of(2019, 5, 6)); d = d.plusDays(1)) {
            assertThat(calendar.isBusinessDay(d)).as("%s", d).isFalse();
        }
        assertThat(calendar.nextBusinessDay(LocalDate.of(2019, 4, 26))).isEqualTo(LocalDate.of(2019, 5, 7));
        // no Emperor's Birthday at all in 2019: 12/23 had ended, 2/23 had not begun
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2019, 12, 23))).isFalse();
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2019, 2, 23))).isFalse();
    }

    @Test
    void olympicMovesOf2020And2021() {
        assertThat(name(2020, 7, 23)).isEqualTo("海の日");
        assertThat(name(2020, 7, 24)).isEqualTo("スポーツの日");
        assertThat(name(2020, 8, 10)).isEqualTo("山の日");
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2020, 7, 20))).isFalse();
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2020, 8, 11))).isFalse();
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2020, 10, 12))).isFalse();

        assertThat(name(2021, 7, 22)).isEqualTo("海の日");
        assertThat(name(2021, 7, 23)).isEqualTo("スポーツの日");
        assertThat(name(2021, 8, 8)).isEqualTo("山の日");
        assertThat(name(2021, 8, 9)).isEqualTo("振替休日");
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2021, 7, 19))).isFalse();
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2021, 8, 11))).isFalse();
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2021, 10, 11))).isFalse();
        // back to the rules in 2022
        assertThat(name(2022, 7, 18)).isEqualTo("海の日");
        assertThat(name(2022, 10, 10)).isEqualTo("スポーツの日");
    }

    @Test
    void citizensHolidayOn2026_09_22() {
        LocalDate day = LocalDate.of(2026, 9, 22);
        assertThat(day.getDayOfWeek()).isEqualTo(DayOfWeek.TUESDAY);
        assertThat(name(2026, 9, 21)).isEqualTo("敬老の日");
        assertThat(name(2026, 9, 22)).isEqualTo("国民の休日");
        assertThat(JapaneseHolidays.on(day).orElseThrow().nameEn()).isEqualTo("Citizens' Holiday");
        assertThat(name(2026, 9, 23)).isEqualTo("秋分の日");
    }

    @Test
    void comingOfAgeDay2027IsTheSecondMondayOfJanuary() {
        LocalDate day = LocalDate.of(2027, 1, 11);
        assertThat(day.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(JapaneseHolidays.on(day)).contains(
                new JapaneseHolidays.Holiday(day, "成人の日", "Coming of Age Day"));
        assertThat(BusinessCalendar.JAPAN.isBusinessDay(day)).isFalse();
    }

    @Test
    void showaDay2028OnASaturdayHasNoSubstitute() {
        LocalDate day = LocalDate.of(2028, 4, 29);
        assertThat(day.getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
        assertThat(name(2028, 4, 29)).isEqualTo("昭和の日");
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2028, 4, 30))).isFalse();
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2028, 5, 1))).isFalse();
    }

    @Test
    void substituteBefore2007IsOnlyTheMondayAfter() {
        // 2001-04-29 (Sunday): Monday 4/30 is the substitute
        assertThat(name(2001, 4, 30)).isEqualTo("振替休日");
        // 2008-05-04 (Sunday, みどりの日): since 2007 the substitute goes past 5/5 to 5/6
        assertThat(name(2008, 5, 6)).isEqualTo("振替休日");
    }

    @Test
    void nothingOutsideTheComputedYears() {
        assertThat(JapaneseHolidays.of(1999)).isEmpty();
        assertThat(JapaneseHolidays.of(2100)).isEmpty();
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2100, 1, 1))).isFalse();
        assertThat(JapaneseHolidays.of(2099)).isNotEmpty();
    }

    private static String name(int y, int m, int d) {
        return JapaneseHolidays.on(LocalDate.of(y, m, d)).map(JapaneseHolidays.Holiday::nameJa).orElse("(none)");
    }
}
