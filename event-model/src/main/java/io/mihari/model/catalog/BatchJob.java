package io.mihari.model.catalog;

import io.mihari.model.calendar.BusinessCalendar;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A batch job a service expects to run (バッチ処理), modelled on cron monitors.
 *
 * @param name the job's name as the agent reports it ({@code mihari-agent exec --job NAME})
 * @param targetId {@code tenant/host} of the server that runs it
 * @param schedule a 5-field cron expression (minute hour day-of-month month day-of-week), or null when the
 *        job runs on demand (then only failures and hangs are detected, never a missed run)
 * @param timeZone the zone the schedule is read in
 * @param startWithin grace after the scheduled instant: not started by then = missed
 * @param maxRunTime started but not finished after this long = hung; null = no limit
 * @param on which dates the cron times apply to (the catalog's {@code on:}), {@link BatchDays#EVERY_DAY} for plain
 *        cron
 * @param shift what happens to a cron date that is not a business day when {@code on} is every day
 * @param calendar the business calendar {@code on} and {@code shift} are read on, resolved when the catalog is
 *        loaded
 * @param expectedCount how many records a successful run is expected to process; null: not judged
 * @param neededBy when the job's output is needed (room to re-run a failed run); null: not judged
 */
public record BatchJob(String name, String targetId, String schedule, ZoneId timeZone, Duration startWithin,
        Duration maxRunTime, BatchDays on, BatchShift shift, BusinessCalendar calendar, CountRange expectedCount,
        NeededBy neededBy) {

    public BatchJob {
        on = Objects.requireNonNullElse(on, BatchDays.EVERY_DAY);
        shift = Objects.requireNonNullElse(shift, BatchShift.NONE);
        calendar = Objects.requireNonNullElse(calendar, BusinessCalendar.JAPAN);
    }

    /** A job without an expected count or a time its output is needed by. */
    public BatchJob(String name, String targetId, String schedule, ZoneId timeZone, Duration startWithin,
            Duration maxRunTime, BatchDays on, BatchShift shift, BusinessCalendar calendar) {
        this(name, targetId, schedule, timeZone, startWithin, maxRunTime, on, shift, calendar, null, null);
    }

    /** The same job with an expected count and a time its output is needed by (either may be null). */
    public BatchJob withOutput(CountRange expectedCount, NeededBy neededBy) {
        return new BatchJob(name, targetId, schedule, timeZone, startWithin, maxRunTime, on, shift, calendar,
                expectedCount, neededBy);
    }

    /** A job on plain cron (every day, nothing shifted). */
    public BatchJob(String name, String targetId, String schedule, ZoneId timeZone, Duration startWithin,
            Duration maxRunTime) {
        this(name, targetId, schedule, timeZone, startWithin, maxRunTime, BatchDays.EVERY_DAY, BatchShift.NONE,
                BusinessCalendar.JAPAN, null, null);
    }

    /** Whether the schedule is read on the business calendar (an {@code on} or {@code shift} other than plain). */
    public boolean usesCalendar() {
        return on.kind() != BatchDays.Kind.EVERY_DAY || shift != BatchShift.NONE;
    }

    /** {@code on: lastBusinessDay}, {@code shift: nextBusinessDay}; empty for plain cron. */
    public String calendarRule() {
        if (on.kind() != BatchDays.Kind.EVERY_DAY) {
            return "on: " + on.yaml();
        }
        return shift == BatchShift.NONE ? "" : "shift: " + shift.yaml();
    }
}
