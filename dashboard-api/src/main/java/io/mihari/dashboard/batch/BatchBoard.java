package io.mihari.dashboard.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mihari.dashboard.auth.Scope;
import io.mihari.model.calendar.BusinessCalendar;
import io.mihari.model.catalog.BatchDays;
import io.mihari.model.catalog.BatchJob;
import io.mihari.model.catalog.BatchSchedules;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.DurationText;
import io.mihari.model.catalog.Service;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A service's batch jobs over a range of days, on the business calendar that applies (issue 17: the board shows the
 * calendar, e.g. "2027/01/11 成人の日: no run expected"): per job its rule and, per day, the instants it is expected
 * to run or why it is not; per day the city's calendar (business day, or closed and why).
 *
 * <p>The runs are {@link BatchSchedules#next(BatchJob, Instant)}'s, the code alert-service's {@code BatchMonitor}
 * judges missed runs by, so the board says exactly what the monitor expects. Days are dates in the service's zone; a
 * run belongs to the day its instant falls on there. A day without a run says {@link DayStatus#NO_RUN_EXPECTED} only
 * when the job's calendar rule is why: plain cron would run that day and the day the rule looks at ({@code
 * businessDays}, {@code shift}: the day itself; {@code afterBusinessDays}: the day before) is closed, with the reason
 * from {@link BusinessCalendar#closure}; otherwise (the cron has no time that day, a monthly rule picks another day)
 * it is {@link DayStatus#NOT_SCHEDULED}.
 */
public final class BatchBoard {

    /** The longest range one request may ask for. */
    public static final int MAX_DAYS = 62;
    /** A day lists at most this many runs (a job every 15 minutes has 96); {@link JobDay#more()} says there are more. */
    static final int MAX_RUNS_PER_DAY = 96;

    private BatchBoard() {
    }

    /** What a day of a job holds. */
    public enum DayStatus {
        /** It is expected to run: {@link JobDay#runs()}. */
        RUNS,
        /** No run because the calendar rule leaves this day out (a closed day: {@link JobDay#closure()}). */
        NO_RUN_EXPECTED,
        /** No run: the schedule has no time this day (or a monthly rule picks another day). */
        NOT_SCHEDULED
    }

    /** Why a day is not a business day, in Japanese and English ({@link BusinessCalendar.Closure}). */
    public record Closure(String ja, String en) {
        static Closure of(BusinessCalendar.Closure c) {
            return new Closure(c.ja(), c.en());
        }
    }

    /**
     * One day of the city's calendar.
     *
     * @param closure why it is closed; null for a business day
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CalendarDay(LocalDate date, boolean businessDay, Closure closure) {
    }

    /**
     * One day of one job.
     *
     * @param runs the instants it is due that day, in order (empty unless {@link DayStatus#RUNS})
     * @param more whether it is due more than {@value #MAX_RUNS_PER_DAY} times that day (only the first are listed)
     * @param closure for {@link DayStatus#NO_RUN_EXPECTED}: why the day the rule looks at is closed
     * @param closedDate that day: the date itself, or the day before for {@code on: afterBusinessDays}
     * @param movedTo for {@code shift: nextBusinessDay}/{@code previousBusinessDay}: the day the run moves to
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobDay(LocalDate date, DayStatus status, List<Instant> runs, Boolean more, Closure closure,
            LocalDate closedDate, LocalDate movedTo) {
    }

    /**
     * The last run signal stored for a job (STARTED, SUCCEEDED, FAILED or TIMED_OUT).
     *
     * @param exitCode null while started
     * @param durationMs null while started
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastRun(String runId, String state, Instant occurredAt, Integer exitCode, Long durationMs) {
    }

    /**
     * One job with its rule and its days.
     *
     * @param schedule the cron expression; null for a job run on demand (then every day is {@code NOT_SCHEDULED})
     * @param calendarRule {@code on: businessDays}, {@code shift: nextBusinessDay} ({@link BatchJob#calendarRule()});
     *        empty for plain cron
     * @param startWithin as the catalog writes durations ({@code 30m})
     * @param maxRunTime null = no limit
     * @param problem why its days could not be computed (a schedule that is not valid cron); null otherwise
     * @param lastRun the last stored run signal; null when none is stored
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobView(String name, String targetId, String schedule, String calendarRule, String timeZone,
            String startWithin, String maxRunTime, String problem, List<JobDay> days, LastRun lastRun) {
    }

    /** The answer: the range, the city's days and each job's days. */
    public record JobsView(String serviceId, String tenant, String timeZone, LocalDate from, LocalDate to,
            List<CalendarDay> days, List<JobView> jobs) {
    }

    /**
     * The jobs of {@code serviceId} from {@code from} to {@code to} (both included, {@code YYYY-MM-DD}); without
     * either, this week (Monday to Sunday) in the service's zone at {@code now}; with one, the 7 days it begins or
     * ends.
     *
     * @param lastRun the last stored run of a job (empty when none, or when not looked up)
     * @throws NotFoundException for a service that does not exist or that {@code scope} may not see (the same answer)
     * @throws BadRequestException for a date that is not {@code YYYY-MM-DD}, {@code from} after {@code to}, or more
     *         than {@value #MAX_DAYS} days
     */
    public static JobsView of(Catalog catalog, Scope scope, String serviceId, String from, String to, Instant now,
            Function<BatchJob, Optional<LastRun>> lastRun) {
        Service service = catalog.service(serviceId).filter(s -> scope.canSee(s.id()))
                .orElseThrow(() -> new NotFoundException("no service '" + serviceId + "'"));
        ZoneId zone = service.timeZone() == null ? ZoneId.of("Asia/Tokyo") : service.timeZone();
        LocalDate first = date("from", from);
        LocalDate last = date("to", to);
        if (first == null && last == null) {
            first = LocalDate.ofInstant(now, zone).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        }
        first = first == null ? last.minusDays(6) : first;
        last = last == null ? first.plusDays(6) : last;
        if (first.isAfter(last)) {
            throw new BadRequestException("from " + first + " is after to " + last);
        }
        long days = ChronoUnit.DAYS.between(first, last) + 1;
        if (days > MAX_DAYS) {
            throw new BadRequestException("from " + first + " to " + last + " is " + days + " days; at most "
                    + MAX_DAYS);
        }
        BusinessCalendar calendar = catalog.tenant(service.tenant()).calendar();
        List<CalendarDay> calendarDays = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            Optional<BusinessCalendar.Closure> closure = calendar.closure(d);
            calendarDays.add(new CalendarDay(d, closure.isEmpty(), closure.map(Closure::of).orElse(null)));
        }
        List<JobView> jobs = new ArrayList<>();
        for (BatchJob job : service.jobs()) {
            jobs.add(job(job, zone, first, last, lastRun.apply(job).orElse(null)));
        }
        return new JobsView(service.id(), service.tenant(), zone.getId(), first, last, calendarDays, jobs);
    }

    /** One job's rule and days. */
    static JobView job(BatchJob job, ZoneId zone, LocalDate first, LocalDate last, LastRun lastRun) {
        List<JobDay> days = new ArrayList<>();
        String problem = null;
        try {
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                days.add(day(job, zone, d));
            }
        } catch (IllegalArgumentException e) {
            days = List.of();
            problem = "schedule '" + job.schedule() + "' is not a valid cron expression (" + e.getMessage() + ")";
        }
        return new JobView(job.name(), job.targetId(), job.schedule(), job.calendarRule(), job.timeZone().getId(),
                DurationText.of(job.startWithin()), job.maxRunTime() == null ? null : DurationText.of(job.maxRunTime()),
                problem, days, lastRun);
    }

    /** What {@code job} does on {@code date} (in {@code zone}). */
    static JobDay day(BatchJob job, ZoneId zone, LocalDate date) {
        Instant start = date.atStartOfDay(zone).toInstant();
        Instant end = date.plusDays(1).atStartOfDay(zone).toInstant();
        Instant before = start.minusSeconds(1); // cron has whole minutes: "after start - 1 s" includes start
        if (job.schedule() == null) {
            return notScheduled(date);
        }
        List<Instant> runs = new ArrayList<>();
        Instant after = before;
        Optional<Instant> next = BatchSchedules.next(job, after);
        while (next.isPresent() && next.get().isBefore(end) && runs.size() < MAX_RUNS_PER_DAY) {
            runs.add(next.get());
            after = next.get();
            next = BatchSchedules.next(job, after);
        }
        if (!runs.isEmpty()) {
            boolean more = next.isPresent() && next.get().isBefore(end);
            return new JobDay(date, DayStatus.RUNS, List.copyOf(runs), more ? Boolean.TRUE : null, null, null, null);
        }
        if (!job.usesCalendar() || job.on().monthly()) {
            return notScheduled(date);
        }
        boolean cronRunsThatDay = BatchSchedules.next(job.schedule(), job.timeZone(), before)
                .filter(i -> i.isBefore(end)).isPresent();
        if (!cronRunsThatDay) {
            return notScheduled(date);
        }
        LocalDate ruleDay = job.on().kind() == BatchDays.Kind.AFTER_BUSINESS_DAYS ? date.minusDays(1) : date;
        Optional<BusinessCalendar.Closure> closure = job.calendar().closure(ruleDay);
        if (closure.isEmpty()) {
            return notScheduled(date);
        }
        return new JobDay(date, DayStatus.NO_RUN_EXPECTED, List.of(), null, Closure.of(closure.get()), ruleDay,
                movedTo(job, date));
    }

    /** Where a shifted run of a closed {@code date} goes; null when the job does not shift (or no day is found). */
    private static LocalDate movedTo(BatchJob job, LocalDate date) {
        if (job.on().kind() != BatchDays.Kind.EVERY_DAY) {
            return null;
        }
        try {
            return switch (job.shift()) {
                case NEXT_BUSINESS_DAY -> job.calendar().nextBusinessDay(date);
                case PREVIOUS_BUSINESS_DAY -> job.calendar().previousBusinessDay(date);
                case NONE, SKIP -> null;
            };
        } catch (IllegalStateException e) {
            return null; // no business day within a year: the job has no run at all
        }
    }

    private static JobDay notScheduled(LocalDate date) {
        return new JobDay(date, DayStatus.NOT_SCHEDULED, List.of(), null, null, null, null);
    }

    private static LocalDate date(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + ": YYYY-MM-DD, e.g. 2027-01-11");
        }
    }
}
