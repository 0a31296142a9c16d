package io.mihari.model.catalog;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.mihari.model.calendar.BusinessCalendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The batch jobs' cron schedules: UNIX 5-field expressions (minute hour day-of-month month day-of-week; when both
 * day fields are restricted either one matches, as in cron), read as wall-clock time in the job's zone.
 *
 * <p>Daylight saving time is handled as Vixie cron / cronie do for jobs at a fixed time: a wall-clock time that
 * does not exist (skipped when the clocks go forward) is due at the instant the clocks jump, and a wall-clock time
 * that occurs twice (when the clocks go back) is due once, at its first occurrence. Several skipped times of one
 * day collapse into that one instant.
 *
 * <p><b>Business calendar.</b> A job's {@code on} and {@code shift} ({@link BatchDays}, {@link BatchShift}) choose,
 * on the job's {@link BusinessCalendar}, the dates the cron's times of day apply to: each cron date {@code D} gives
 * a run day, {@code D} itself, another day (a shift) or none, and the job is due at each of the cron's times of
 * {@code D} placed on that run day (same wall-clock time, the DST rules above); a time due twice is due once. The
 * day of a date is always the wall-clock date in the job's zone. Plain cron (every day, no shift) is computed as it
 * always was. Dates are looked for up to {@value #SEARCH_YEARS} years ahead; a calendar rule with no run day in
 * that time never fires.
 */
public final class BatchSchedules {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Map<String, ExecutionTime> PARSED = new ConcurrentHashMap<>();
    /** Where "does it ever match" is asked from, so the answer does not depend on today's date. */
    private static final ZonedDateTime PROBE_FROM = LocalDateTime.of(2000, 1, 1, 0, 0).atZone(ZoneOffset.UTC);
    /** How far ahead a run day of a calendar rule is looked for: beyond it, the rule never fires. */
    static final int SEARCH_YEARS = 31;

    private BatchSchedules() {
    }

    /**
     * Every job schedule (and linkage file schedule, {@code services[i].files[j]}) of the catalog that cron cannot use, as {@code services[i].jobs[j].schedule: ...} (the
     * positions of the service in {@code catalog.services()} and of the job in {@code service.jobs()}, which are
     * those of the YAML), and every calendar rule that never fires, as {@code services[i].jobs[j].on: ...} (or
     * {@code .shift}): none of its run days in the {@value #SEARCH_YEARS} years from 2000 on the job's calendar.
     * Empty when all are valid.
     */
    public static List<String> problems(Catalog catalog) {
        List<String> problems = new ArrayList<>();
        List<Service> services = catalog.services();
        for (int i = 0; i < services.size(); i++) {
            List<BatchJob> jobs = services.get(i).jobs();
            for (int j = 0; j < jobs.size(); j++) {
                problems(problems, "services[" + i + "].jobs[" + j + "]", jobs.get(j));
            }
            List<LinkageFile> files = services.get(i).files();
            for (int j = 0; j < files.size(); j++) {
                problems(problems, "services[" + i + "].files[" + j + "]", files.get(j).deadlines());
            }
        }
        return problems;
    }

    /** The problems of one schedule (a job's, or a linkage file's deadlines) at key path {@code at}. */
    private static void problems(List<String> problems, String at, BatchJob job) {
        String schedule = job.schedule();
        if (schedule == null) {
            return;
        }
        String key = at + ".schedule: '" + schedule + "' ";
        try {
            if (parse(schedule).nextExecution(PROBE_FROM).isEmpty()) {
                problems.add(key + "never matches a date");
            } else if (job.usesCalendar() && onCalendar(job, PROBE_FROM.toInstant()).isEmpty()) {
                boolean on = job.on().kind() != BatchDays.Kind.EVERY_DAY;
                problems.add(at + (on ? ".on: '" + job.on().yaml() : ".shift: '" + job.shift().yaml())
                        + "' with schedule '" + schedule + "' never fires (no run day in " + SEARCH_YEARS
                        + " years from 2000 on the business calendar)");
            }
        } catch (IllegalArgumentException e) {
            problems.add(key + "is not a valid cron expression (" + e.getMessage() + ")");
        }
    }

    /**
     * The first instant strictly after {@code after} at which {@code schedule} is due in {@code zone}; empty when
     * it never is again.
     *
     * @throws IllegalArgumentException when the expression is not valid cron (see {@link #problems(Catalog)})
     */
    public static Optional<Instant> next(String schedule, ZoneId zone, Instant after) {
        ExecutionTime cron = parse(schedule);
        ZoneRules rules = zone.getRules();
        // Work on wall-clock time (cron's view), then map each candidate to the instant it happens.
        ZonedDateTime wallClock = LocalDateTime.ofInstant(after, zone).atZone(ZoneOffset.UTC);
        while (true) {
            Optional<ZonedDateTime> candidate = cron.nextExecution(wallClock);
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            Instant instant = instant(candidate.get().toLocalDateTime(), rules);
            // In a repeated hour, a wall-clock time whose first occurrence is already past is not due again.
            if (instant.isAfter(after)) {
                return Optional.of(instant);
            }
            wallClock = candidate.get();
        }
    }

    /**
     * The first instant strictly after {@code after} at which {@code job} is due: its schedule read in its zone, on
     * its business calendar ({@code on}, {@code shift}); empty when it never is again (or the job has no schedule).
     *
     * @throws IllegalArgumentException when the expression is not valid cron (see {@link #problems(Catalog)})
     */
    public static Optional<Instant> next(BatchJob job, Instant after) {
        if (job.schedule() == null) {
            return Optional.empty();
        }
        if (!job.usesCalendar()) {
            return next(job.schedule(), job.timeZone(), after);
        }
        return onCalendar(job, after);
    }

    /** {@link #walkCalendar}; a calendar without a business day for a year around a date has no run day. */
    private static Optional<Instant> onCalendar(BatchJob job, Instant after) {
        try {
            return walkCalendar(job, after);
        } catch (IllegalStateException e) {
            return Optional.empty(); // BusinessCalendar found no next/previous business day within a year
        }
    }

    /**
     * Walks the cron dates in order, maps each to its run day (monotonic: a later cron date never has an earlier run
     * day), and returns the first of the cron's times on a run day that is after {@code after}.
     */
    private static Optional<Instant> walkCalendar(BatchJob job, Instant after) {
        ExecutionTime cron = parse(job.schedule());
        ZoneRules rules = job.timeZone().getRules();
        LocalDateTime localAfter = LocalDateTime.ofInstant(after, job.timeZone());
        LocalDate first = localAfter.toLocalDate();
        LocalDate last = first.plusYears(SEARCH_YEARS);
        BusinessCalendar calendar = job.calendar();
        Map<YearMonth, Optional<LocalDate>> monthDays = new HashMap<>();
        // a closed cron date before the first day may be moved onto it or later
        LocalDate cursor = job.on().kind() == BatchDays.Kind.EVERY_DAY && job.shift() == BatchShift.NEXT_BUSINESS_DAY
                ? calendar.previousBusinessDay(first) : first.minusDays(1);
        while (true) {
            Optional<LocalDate> cronDate = cronDateAfter(cron, cursor);
            if (cronDate.isEmpty() || cronDate.get().isAfter(last)) {
                return Optional.empty();
            }
            LocalDate date = cronDate.get();
            cursor = date;
            if (job.on().monthly()) {
                YearMonth month = YearMonth.from(date);
                Optional<LocalDate> day = monthDays.computeIfAbsent(month,
                        m -> calendar.businessDay(m, job.on().businessDay()));
                if (day.isEmpty() || day.get().isBefore(date)) {
                    cursor = month.atEndOfMonth();
                    continue;
                }
                if (day.get().isAfter(date)) {
                    cursor = day.get().minusDays(1);
                    continue;
                }
            }
            Optional<LocalDate> runDay = runDay(job.on(), job.shift(), calendar, date);
            if (runDay.isEmpty() || runDay.get().isBefore(first)) {
                continue;
            }
            Optional<Instant> due = firstAfter(cron, date, runDay.get(), localAfter, after, rules);
            if (due.isPresent()) {
                return due;
            }
        }
    }

    /** The day the runs of cron date {@code date} happen on, empty when they do not happen. */
    private static Optional<LocalDate> runDay(BatchDays on, BatchShift shift, BusinessCalendar calendar,
            LocalDate date) {
        boolean business = calendar.isBusinessDay(date);
        return switch (on.kind()) {
            case BUSINESS_DAYS -> business ? Optional.of(date) : Optional.empty();
            case AFTER_BUSINESS_DAYS -> calendar.isBusinessDay(date.minusDays(1)) ? Optional.of(date)
                    : Optional.empty();
            case BUSINESS_DAY_OF_MONTH -> Optional.of(date); // already the month's day
            case EVERY_DAY -> switch (shift) {
                case NONE -> Optional.of(date);
                case SKIP -> business ? Optional.of(date) : Optional.empty();
                case NEXT_BUSINESS_DAY -> Optional.of(business ? date : calendar.nextBusinessDay(date));
                case PREVIOUS_BUSINESS_DAY -> Optional.of(business ? date : calendar.previousBusinessDay(date));
            };
        };
    }

    /** The first cron date strictly after {@code date}. */
    private static Optional<LocalDate> cronDateAfter(ExecutionTime cron, LocalDate date) {
        return cron.nextExecution(date.atTime(LocalTime.of(23, 59)).atZone(ZoneOffset.UTC))
                .map(ZonedDateTime::toLocalDate);
    }

    /**
     * The first of the cron's times of day on {@code cronDate}, placed on {@code runDay}, whose instant is after
     * {@code after}; times not after the wall-clock time of {@code after} on its own day are not looked at.
     */
    private static Optional<Instant> firstAfter(ExecutionTime cron, LocalDate cronDate, LocalDate runDay,
            LocalDateTime localAfter, Instant after, ZoneRules rules) {
        ZonedDateTime wallClock = runDay.equals(localAfter.toLocalDate())
                ? cronDate.atTime(localAfter.toLocalTime()).atZone(ZoneOffset.UTC)
                : cronDate.atStartOfDay().minusMinutes(1).atZone(ZoneOffset.UTC);
        while (true) {
            Optional<ZonedDateTime> candidate = cron.nextExecution(wallClock);
            if (candidate.isEmpty() || !candidate.get().toLocalDate().equals(cronDate)) {
                return Optional.empty();
            }
            Instant instant = instant(runDay.atTime(candidate.get().toLocalTime()), rules);
            if (instant.isAfter(after)) {
                return Optional.of(instant);
            }
            wallClock = candidate.get();
        }
    }

    private static Instant instant(LocalDateTime local, ZoneRules rules) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            return gap.getInstant();
        }
        return local.toInstant(offsets.get(0)); // the earlier offset: the first occurrence
    }

    static ExecutionTime parse(String schedule) {
        ExecutionTime cached = PARSED.get(schedule);
        if (cached != null) {
            return cached;
        }
        Cron cron;
        synchronized (PARSER) {
            cron = PARSER.parse(schedule.trim()).validate();
        }
        ExecutionTime executionTime = ExecutionTime.forCron(cron);
        if (PARSED.size() < 10_000) { // catalogs are small; reloads must not grow this without bound
            PARSED.put(schedule, executionTime);
        }
        return executionTime;
    }
}
