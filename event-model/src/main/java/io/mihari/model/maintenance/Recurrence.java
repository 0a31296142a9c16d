package io.mihari.model.maintenance;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A weekly rule for a recurring maintenance window (定期メンテナンス): on each listed day, starting at
 * {@code startTime} local time in {@code zone}, lasting {@code duration}.
 * <p>
 * Occurrences are generated per local date in the zone with {@link java.time.ZonedDateTime#of}: a start time in a
 * daylight-saving gap moves forward by the gap's length (02:30 on the spring-forward night in Europe/Berlin starts
 * at 03:30), one in an overlap takes the earlier offset. {@code duration} is elapsed time, so an occurrence may
 * cross midnight, and one across a DST change still lasts exactly {@code duration}.
 *
 * @param daysOfWeek the weekdays an occurrence starts on
 * @param startTime local start time of each occurrence
 * @param duration how long each occurrence lasts; positive and at most {@link #MAX_DURATION}
 * @param zone time zone id the days and start time are read in; {@value #DEFAULT_ZONE} when null
 */
public record Recurrence(List<DayOfWeek> daysOfWeek, LocalTime startTime, Duration duration, String zone) {

    /** The zone used when none is given. */
    public static final String DEFAULT_ZONE = "Asia/Tokyo";

    /** The longest occurrence allowed. */
    public static final Duration MAX_DURATION = Duration.ofDays(7);

    public Recurrence {
        daysOfWeek = daysOfWeek == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(daysOfWeek));
        zone = zone == null ? DEFAULT_ZONE : zone;
    }

    /** {@link #zone()} as a {@link ZoneId}; throws {@link DateTimeException} when it is not a valid zone id. */
    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    /**
     * Validation problems, each starting with its field path under {@code prefix} (e.g. {@code "recurrence."});
     * empty when valid.
     */
    List<String> problems(String prefix) {
        List<String> problems = new ArrayList<>();
        if (daysOfWeek.isEmpty()) {
            problems.add(prefix + "daysOfWeek: required");
        }
        for (int i = 0; i < daysOfWeek.size(); i++) {
            if (daysOfWeek.get(i) == null) {
                problems.add(prefix + "daysOfWeek[" + i + "]: required");
            }
        }
        if (startTime == null) {
            problems.add(prefix + "startTime: required");
        }
        if (duration == null) {
            problems.add(prefix + "duration: required");
        } else if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            problems.add(prefix + "duration: must be positive and at most 7 days");
        }
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            problems.add(prefix + "zone: unknown time zone '" + zone + "'");
        }
        return problems;
    }

    /**
     * The occurrences of this rule that start at or after {@code ruleStart} and before {@code ruleEnd}, cut at
     * {@code ruleEnd}, clipped to {@code [from, to)} and merged. An occurrence that started before {@code from} and
     * still runs at {@code from} is included from {@code from}. The rule must be valid ({@code problems} empty).
     *
     * @param ruleEnd null when the rule is open-ended
     */
    List<Interval> intervals(Instant ruleStart, Instant ruleEnd, Instant from, Instant to) {
        Instant earliestStart = later(ruleStart, from.minus(duration));
        Instant startsBefore = ruleEnd == null ? to : earlier(to, ruleEnd);
        if (!earliestStart.isBefore(startsBefore)) {
            return List.of();
        }
        ZoneId zoneId = zoneId();
        Set<DayOfWeek> days = EnumSet.copyOf(daysOfWeek);
        // a day either side: the local date of an instant and of its occurrence's start can differ around DST
        LocalDate last = startsBefore.atZone(zoneId).toLocalDate().plusDays(1);
        List<Interval> intervals = new ArrayList<>();
        for (LocalDate date = earliestStart.atZone(zoneId).toLocalDate().minusDays(1); !date.isAfter(last);
                date = date.plusDays(1)) {
            if (!days.contains(date.getDayOfWeek())) {
                continue;
            }
            Instant start = ZonedDateTime.of(date, startTime, zoneId).toInstant();
            if (start.isBefore(ruleStart) || (ruleEnd != null && !start.isBefore(ruleEnd))) {
                continue;
            }
            Instant end = start.plus(duration);
            if (ruleEnd != null) {
                end = earlier(end, ruleEnd);
            }
            Instant clippedStart = later(start, from);
            Instant clippedEnd = earlier(end, to);
            if (clippedStart.isBefore(clippedEnd)) {
                intervals.add(new Interval(clippedStart, clippedEnd));
            }
        }
        return Interval.merge(intervals);
    }

    static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
