package io.mihari.model.catalog;

import io.mihari.model.calendar.BusinessCalendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * When a job's output is needed (the catalog's {@code neededBy} and {@code neededOn}, B.2.2.1: room to re-run a
 * failed batch): a wall-clock time in the job's zone, on a day counted from the run's scheduled instant (or its
 * start, for a job without a schedule) on the job's business calendar.
 *
 * @param time the wall-clock time, e.g. 08:30
 * @param on which day, counted from the reference instant
 */
public record NeededBy(LocalTime time, Day on) {

    /** Which day the time is on, counted from the reference instant's date in the job's zone. */
    public enum Day {
        /**
         * {@code next} (the default): the first business day whose {@code time} is after the reference instant —
         * that day's own when it is a business day and the time is still ahead, else the next business day's.
         */
        NEXT("next"),
        /**
         * {@code sameDay}: the reference's own date, business day or not — the next day when the time has passed on
         * it (a run started just before midnight for a job due at 00:00, when the instant it keeps is not known).
         */
        SAME_DAY("sameDay"),
        /** {@code nextBusinessDay}: the first business day after the reference's date. */
        NEXT_BUSINESS_DAY("nextBusinessDay");

        private final String yaml;

        Day(String yaml) {
            this.yaml = yaml;
        }

        public String yaml() {
            return yaml;
        }

        /** The day named as the catalog writes it (case does not matter). */
        public static Optional<Day> parse(String text) {
            String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            for (Day d : values()) {
                if (d.yaml.toLowerCase(Locale.ROOT).equals(t)) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }
    }

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    public NeededBy {
        Objects.requireNonNull(time, "time");
        on = Objects.requireNonNullElse(on, Day.NEXT);
    }

    /**
     * The instant the output of a run due at {@code reference} is needed, in {@code zone} on {@code calendar}. A
     * time that does not exist on the day (a DST gap) is read as the clocks read after the jump.
     */
    public Instant after(Instant reference, ZoneId zone, BusinessCalendar calendar) {
        ZonedDateTime ref = reference.atZone(zone);
        LocalDate date = ref.toLocalDate();
        LocalDate day = switch (on) {
            case SAME_DAY -> date;
            case NEXT_BUSINESS_DAY -> calendar.nextBusinessDay(date);
            case NEXT -> calendar.isBusinessDay(date) && ZonedDateTime.of(date, time, zone).toInstant()
                    .isAfter(reference) ? date : calendar.nextBusinessDay(date);
        };
        Instant needed = ZonedDateTime.of(day, time, zone).toInstant();
        return on == Day.SAME_DAY && !needed.isAfter(reference)
                ? ZonedDateTime.of(date.plusDays(1), time, zone).toInstant() : needed;
    }

    /** {@code 08:30}, or {@code 08:30 (nextBusinessDay)}: as an alert names it. */
    public String text() {
        return HH_MM.format(time) + (on == Day.NEXT ? "" : " (" + on.yaml() + ")");
    }
}
