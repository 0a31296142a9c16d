package io.mihari.dashboard.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mihari.dashboard.auth.Scope;
import io.mihari.model.calendar.BusinessCalendar;
import io.mihari.model.catalog.BatchDays;
import io.mihari.model.catalog.BatchJob;
import io.mihari.model.catalog.BatchSchedules;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CountRange;
import io.mihari.model.catalog.DurationText;
import io.mihari.model.catalog.LinkageFile;
import io.mihari.model.catalog.Service;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A service's batch jobs and linkage files 連携ファイル over a range of days, on the business calendar that applies
 * (issue 17: the board shows the calendar, e.g. "2027/01/11 成人の日: no run expected"): per job its rule and, per
 * day, the instants it is expected to run or why it is not, and the runs stored with their processed counts 処理件数
 * (judged against the job's {@code expectedCount}); per linkage file, per day, its deadlines or why there is none, and
 * what arrived in each deadline's window; per day the city's calendar (business day, or closed and why).
 *
 * <p>The runs and deadlines are {@link BatchSchedules#next(BatchJob, Instant)}'s, the code alert-service's
 * {@code BatchMonitor} and {@code FileMonitor} judge by, so the board says exactly what the monitors expect. The days
 * of the table are dates in the service's zone; a job's (or file's) day D is D in the job's own zone (a job in UTC on
 * an Asia/Tokyo service runs on 2027-01-12 when it runs on 2027-01-12 UTC), and a run belongs to the day its instant
 * (a stored run: its start) falls on there. A day without a run says {@link DayStatus#NO_RUN_EXPECTED} only when the
 * job's calendar rule is why: plain cron would run that day and the day the rule looks at ({@code businessDays},
 * {@code shift}: the day itself; {@code afterBusinessDays}: the day before) is closed, with the reason from
 * {@link BusinessCalendar#closure}; otherwise (the cron has no time that day, a monthly rule picks another day) it is
 * {@link DayStatus#NOT_SCHEDULED}.
 *
 * <p><b>Linkage files</b> follow {@code FileMonitor}'s rules: each deadline owns the arrivals after the previous
 * deadline up to and including itself; an arrival counts at the file's modification time when that is at most
 * {@link #SEEN_WITHIN} before the agent saw it, else when the agent saw it; the same arrival (path, size, time) counts
 * once. An arrival smaller than {@code minBytes} is {@link ArrivalProblem#EMPTY}, one with {@code checksumOk} false
 * {@link ArrivalProblem#CHECKSUM_MISMATCH}, a second good one in a window {@link ArrivalProblem#DUPLICATE}; a deadline
 * with nothing in its window is {@link DeadlineStatus#MISSING} once {@link #SEEN_WITHIN} has passed after it. Unlike
 * the monitor, the board places a late file in the window it arrived in (the monitor counts it for the missed one).
 */
public final class BatchBoard {

    /** The longest range one request may ask for. */
    public static final int MAX_DAYS = 62;
    /** A day lists at most this many runs (a job every 15 minutes has 96); {@link JobDay#more()} says there are more. */
    static final int MAX_RUNS_PER_DAY = 96;
    /** How long after a deadline a file written just before it may take to be reported (FileMonitor's). */
    public static final Duration SEEN_WITHIN = Duration.ofMinutes(2);
    /** How far back the deadline before the range's first is looked for (a yearly file's). */
    private static final Duration[] LOOK_BACK = {Duration.ofDays(1), Duration.ofDays(8), Duration.ofDays(40),
            Duration.ofDays(400)};
    /** Stored runs are read up to this long after the range's last day (a run started on it and ended later). */
    private static final Duration RUN_END_SLACK = Duration.ofDays(1);

    private BatchBoard() {
    }

    /** What a day of a job (or a linkage file) holds. */
    public enum DayStatus {
        /** It is expected to run (a file: it is due): {@link JobDay#runs()}, {@link FileDay#deadlines()}. */
        RUNS,
        /** No run because the calendar rule leaves this day out (a closed day: {@link JobDay#closure()}). */
        NO_RUN_EXPECTED,
        /** No run: the schedule has no time this day (or a monthly rule picks another day). */
        NOT_SCHEDULED
    }

    /** What came for one deadline of a linkage file. */
    public enum DeadlineStatus {
        /** One good file (a corrected re-send after an empty or broken one included). */
        ARRIVED,
        /** Two or more good files: {@code FILE_DUPLICATE}. */
        DUPLICATE,
        /** Only files smaller than {@code minBytes}: {@code FILE_EMPTY}. */
        EMPTY,
        /** Only files whose checksum did not match (or the last of the broken ones did not): {@code FILE_CHECKSUM_MISMATCH}. */
        CHECKSUM_MISMATCH,
        /** Nothing, and the deadline (+ {@link #SEEN_WITHIN}) has passed: {@code FILE_MISSING}. */
        MISSING,
        /** Nothing yet, and the deadline has not passed. */
        WAITING
    }

    /** What is wrong with one arrival. */
    public enum ArrivalProblem {
        /** Smaller than {@code minBytes}. */
        EMPTY,
        /** {@code checksumOk} false: the sidecar {@code <file>.sha256} is missing or holds another digest. */
        CHECKSUM_MISMATCH,
        /** A second (third …) good file for one deadline. */
        DUPLICATE
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
     * A run of a job as stored (its STARTED and ending signals paired by run id).
     *
     * @param state the newest signal's: STARTED while running, else how it ended
     * @param startedAt its STARTED signal's instant, else the end minus its duration
     * @param endedAt null while running
     * @param processedCount the count the run reported 処理件数; null when not known
     * @param countInRange for a SUCCEEDED run with a count of a job with {@code expectedCount}: whether the count is
     *        in it (false = {@code BATCH_COUNT_OUT_OF_RANGE}); null otherwise (nothing judged)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(String runId, String state, Instant startedAt, Instant endedAt, Integer exitCode,
            Long durationMs, Long processedCount, Boolean countInRange) {
    }

    /**
     * One day of one job.
     *
     * @param runs the instants it is due that day, in order (empty unless {@link DayStatus#RUNS})
     * @param more whether it is due more than {@value #MAX_RUNS_PER_DAY} times that day (only the first are listed)
     * @param closure for {@link DayStatus#NO_RUN_EXPECTED}: why the day the rule looks at is closed
     * @param closedDate that day: the date itself, or the day before for {@code on: afterBusinessDays}
     * @param movedTo for {@code shift: nextBusinessDay}/{@code previousBusinessDay}: the day the run moves to
     * @param ran the stored runs that started that day (in the job's zone), in order; null when none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobDay(LocalDate date, DayStatus status, List<Instant> runs, Boolean more, Closure closure,
            LocalDate closedDate, LocalDate movedTo, List<Run> ran) {

        /** A day without stored runs. */
        public JobDay(LocalDate date, DayStatus status, List<Instant> runs, Boolean more, Closure closure,
                LocalDate closedDate, LocalDate movedTo) {
            this(date, status, runs, more, closure, closedDate, movedTo, null);
        }

        JobDay withRan(List<Run> stored) {
            return new JobDay(date, status, runs, more, closure, closedDate, movedTo,
                    stored.isEmpty() ? null : List.copyOf(stored));
        }
    }

    /**
     * The last run signal stored for a job (STARTED, SUCCEEDED, FAILED or TIMED_OUT).
     *
     * @param exitCode null while started
     * @param durationMs null while started
     * @param processedCount the count it reported; null when not known
     * @param countInRange as {@link Run#countInRange()}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastRun(String runId, String state, Instant occurredAt, Integer exitCode, Long durationMs,
            Long processedCount, Boolean countInRange) {

        /** A run signal without a count. */
        public LastRun(String runId, String state, Instant occurredAt, Integer exitCode, Long durationMs) {
            this(runId, state, occurredAt, exitCode, durationMs, null, null);
        }

        LastRun judged(CountRange expected) {
            return new LastRun(runId, state, occurredAt, exitCode, durationMs, processedCount,
                    inRange(expected, state, processedCount));
        }
    }

    /**
     * A job's {@code expectedCount}: both bounds inclusive, either may be absent.
     *
     * @param ja {@code 1件以上}, {@code 1～200000件}
     * @param en {@code at least 1}, {@code 1–200000}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExpectedCount(Long min, Long max, String ja, String en) {
        static ExpectedCount of(CountRange range) {
            return range == null ? null : new ExpectedCount(range.min(), range.max(), range.textJa(), range.text());
        }
    }

    /**
     * One job with its rule and its days.
     *
     * @param schedule the cron expression; null for a job run on demand (then every day is {@code NOT_SCHEDULED})
     * @param calendarRule {@code on: businessDays}, {@code shift: nextBusinessDay} ({@link BatchJob#calendarRule()});
     *        empty for plain cron
     * @param startWithin as the catalog writes durations ({@code 30m})
     * @param maxRunTime null = no limit
     * @param expectedCount the range a good run's count is in; null when not judged
     * @param problem why its days could not be computed (a schedule that is not valid cron); null otherwise
     * @param lastRun the last stored run signal; null when none is stored
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobView(String name, String targetId, String schedule, String calendarRule, String timeZone,
            String startWithin, String maxRunTime, ExpectedCount expectedCount, String problem, List<JobDay> days,
            LastRun lastRun) {
    }

    /**
     * One arrival of a linkage file.
     *
     * @param arrivedAt the instant it counts at (the modification time, or when the agent saw it)
     * @param checksumOk null when no checksum is asked for
     * @param problem null for a good file
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Arrival(String path, long sizeBytes, Instant arrivedAt, Boolean checksumOk, String checksumNote,
            ArrivalProblem problem) {
    }

    /**
     * One deadline of a linkage file with what arrived in its window.
     *
     * @param after the previous deadline: the window is after it up to and including {@code deadline}; null when
     *        there is none within 400 days
     * @param arrivals in the order they count at
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deadline(Instant deadline, Instant after, DeadlineStatus status, List<Arrival> arrivals) {
    }

    /**
     * One day of one linkage file: as {@link JobDay}, with deadlines instead of runs.
     *
     * @param deadlines the deadlines that day (empty unless {@link DayStatus#RUNS})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileDay(LocalDate date, DayStatus status, List<Deadline> deadlines, Boolean more, Closure closure,
            LocalDate closedDate, LocalDate movedTo) {
    }

    /**
     * One linkage file with its rule and its days.
     *
     * @param checksum {@code sha256} or null
     * @param problem why its days could not be computed; null otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileView(String name, String targetId, String pattern, String schedule, String calendarRule,
            String timeZone, long minBytes, String checksum, String problem, List<FileDay> days) {
    }

    /**
     * The answer: the range, the city's days, each job's and each linkage file's days.
     *
     * @param partial true when the store had more runs or arrivals for the range than one read returns (the newest
     *        are shown); null otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobsView(String serviceId, String tenant, String timeZone, LocalDate from, LocalDate to,
            List<CalendarDay> days, List<JobView> jobs, List<FileView> files, Boolean partial) {
    }

    /** A BATCH_RUN signal as stored. */
    public record RunSignal(String targetId, String job, String runId, String state, Instant occurredAt,
            Integer exitCode, Long durationMs, Long processedCount) {
    }

    /**
     * A FILE_ARRIVAL as stored.
     *
     * @param seenAt when the agent saw it as the monitor takes it: the event's instant, never after it was received
     */
    public record ArrivalSignal(String targetId, String file, String path, long sizeBytes, Instant modifiedAt,
            Boolean checksumOk, String checksumNote, Instant seenAt) {
    }

    /**
     * What to read: the signals of one job ({@code file} false) or linkage file on {@code targetId} with an instant
     * in [{@code from}, {@code to}).
     */
    public record Wanted(boolean file, String targetId, String name, Instant from, Instant to) {
    }

    /**
     * What the store holds for the {@link Wanted} reads.
     *
     * @param complete false when it held more than one read returns
     */
    public record Stored(List<RunSignal> runs, List<ArrivalSignal> arrivals, boolean complete) {
        /** Nothing stored. */
        public static final Stored NONE = new Stored(List.of(), List.of(), true);
    }

    /** Where stored runs and arrivals come from (OpenSearch's events index; fixed lists in tests). */
    public interface Store {
        /** The last stored run signal of {@code job}. */
        Optional<LastRun> lastRun(BatchJob job);

        /** The last stored run signal of each of {@code jobs} that has one (by default one {@link #lastRun} each). */
        default Map<BatchJob, LastRun> lastRuns(List<BatchJob> jobs) {
            Map<BatchJob, LastRun> last = new LinkedHashMap<>();
            for (BatchJob job : jobs) {
                lastRun(job).ifPresent(l -> last.put(job, l));
            }
            return last;
        }

        /** The stored runs and arrivals {@code wanted} (all at once: one query). */
        Stored read(List<Wanted> wanted);

        /** Only last runs; nothing else stored. */
        static Store lastRunsOnly(Function<BatchJob, Optional<LastRun>> lastRun) {
            return of(lastRun, Stored.NONE);
        }

        /** Last runs and fixed signals (filtered by {@code read}'s caller, not here). */
        static Store of(Function<BatchJob, Optional<LastRun>> lastRun, Stored stored) {
            return new Store() {
                @Override
                public Optional<LastRun> lastRun(BatchJob job) {
                    return lastRun.apply(job);
                }

                @Override
                public Stored read(List<Wanted> wanted) {
                    return stored;
                }
            };
        }
    }

    /** {@link #of(Catalog, Scope, String, String, String, Instant, Store)} with last runs only. */
    public static JobsView of(Catalog catalog, Scope scope, String serviceId, String from, String to, Instant now,
            Function<BatchJob, Optional<LastRun>> lastRun) {
        return of(catalog, scope, serviceId, from, to, now, Store.lastRunsOnly(lastRun));
    }

    /**
     * The jobs and linkage files of {@code serviceId} from {@code from} to {@code to} (both included,
     * {@code YYYY-MM-DD}); without either, this week (Monday to Sunday) in the service's zone at {@code now}; with
     * one, the 7 days it begins or ends.
     *
     * @param store the last run of each job and the runs and arrivals of the range (asked once each)
     * @throws NotFoundException for a service that does not exist or that {@code scope} may not see (the same answer)
     * @throws BadRequestException for a date that is not {@code YYYY-MM-DD}, {@code from} after {@code to}, or more
     *         than {@value #MAX_DAYS} days
     */
    public static JobsView of(Catalog catalog, Scope scope, String serviceId, String from, String to, Instant now,
            Store store) {
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
        List<Wanted> wanted = new ArrayList<>();
        for (BatchJob job : service.jobs()) {
            ZoneId z = zoneOf(job.timeZone(), zone);
            wanted.add(new Wanted(false, job.targetId(), job.name(), first.atStartOfDay(z).toInstant(),
                    last.plusDays(1).atStartOfDay(z).toInstant().plus(RUN_END_SLACK)));
        }
        for (LinkageFile file : service.files()) {
            ZoneId z = zoneOf(file.timeZone(), zone);
            Instant start = first.atStartOfDay(z).toInstant();
            Instant windowStart = start.minus(LOOK_BACK[LOOK_BACK.length - 1]);
            try {
                Optional<Instant> firstDeadline = BatchSchedules.next(file.deadlines(), start.minusSeconds(1));
                if (firstDeadline.isPresent()) {
                    windowStart = previous(file.deadlines(), firstDeadline.get()).orElse(windowStart);
                }
            } catch (IllegalArgumentException e) {
                continue; // not cron: its problem is told, nothing is read
            }
            wanted.add(new Wanted(true, file.targetId(), file.name(), windowStart,
                    last.plusDays(1).atStartOfDay(z).toInstant().plus(SEEN_WITHIN)));
        }
        Stored stored = wanted.isEmpty() ? Stored.NONE : store.read(List.copyOf(wanted));
        Map<BatchJob, LastRun> lastRuns = service.jobs().isEmpty() ? Map.of() : store.lastRuns(service.jobs());
        List<JobView> jobs = new ArrayList<>();
        for (BatchJob job : service.jobs()) {
            List<RunSignal> signals = stored.runs().stream()
                    .filter(r -> job.targetId().equals(r.targetId()) && job.name().equals(r.job())).toList();
            LastRun lastRun = lastRuns.get(job);
            jobs.add(job(job, zone, first, last, lastRun == null ? null : lastRun.judged(job.expectedCount()),
                    signals));
        }
        List<FileView> files = new ArrayList<>();
        for (LinkageFile file : service.files()) {
            List<ArrivalSignal> signals = stored.arrivals().stream()
                    .filter(a -> file.targetId().equals(a.targetId()) && file.name().equals(a.file())).toList();
            files.add(file(file, zone, first, last, now, signals));
        }
        return new JobsView(service.id(), service.tenant(), zone.getId(), first, last, calendarDays, jobs, files,
                stored.complete() ? null : Boolean.TRUE);
    }

    /** One job's rule and days, without stored runs. */
    static JobView job(BatchJob job, ZoneId zone, LocalDate first, LocalDate last, LastRun lastRun) {
        return job(job, zone, first, last, lastRun, List.of());
    }

    /**
     * One job's rule and days: the days of the table read in the job's own zone ({@code zone}, the service's, when
     * the job has none), with the stored runs that started on each.
     */
    static JobView job(BatchJob job, ZoneId zone, LocalDate first, LocalDate last, LastRun lastRun,
            List<RunSignal> signals) {
        ZoneId jobZone = zoneOf(job.timeZone(), zone);
        List<Run> stored = runs(signals, job.expectedCount());
        List<JobDay> days = new ArrayList<>();
        String problem = null;
        try {
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                LocalDate date = d;
                days.add(day(job, jobZone, d).withRan(stored.stream()
                        .filter(r -> LocalDate.ofInstant(r.startedAt(), jobZone).equals(date))
                        .limit(MAX_RUNS_PER_DAY).toList()));
            }
        } catch (IllegalArgumentException e) {
            days = List.of();
            problem = "schedule '" + job.schedule() + "' is not a valid cron expression (" + e.getMessage() + ")";
        }
        return new JobView(job.name(), job.targetId(), job.schedule(), job.calendarRule(), jobZone.getId(),
                DurationText.of(job.startWithin()), job.maxRunTime() == null ? null : DurationText.of(job.maxRunTime()),
                ExpectedCount.of(job.expectedCount()), problem, days, lastRun);
    }

    /** The stored signals paired into runs by run id, in the order they started. */
    static List<Run> runs(List<RunSignal> signals, CountRange expected) {
        Map<String, List<RunSignal>> byRun = new LinkedHashMap<>();
        for (RunSignal s : signals) {
            if (s.runId() != null && s.occurredAt() != null && s.state() != null) {
                byRun.computeIfAbsent(s.runId(), k -> new ArrayList<>()).add(s);
            }
        }
        List<Run> runs = new ArrayList<>();
        for (List<RunSignal> run : byRun.values()) {
            RunSignal started = run.stream().filter(s -> "STARTED".equals(s.state()))
                    .min(Comparator.comparing(RunSignal::occurredAt)).orElse(null);
            RunSignal ended = run.stream().filter(s -> !"STARTED".equals(s.state()))
                    .max(Comparator.comparing(RunSignal::occurredAt)).orElse(null);
            RunSignal newest = ended != null ? ended : started;
            Instant start = started != null ? started.occurredAt()
                    : ended.durationMs() == null ? ended.occurredAt() : ended.occurredAt().minusMillis(ended.durationMs());
            Long count = ended == null ? null : ended.processedCount();
            runs.add(new Run(newest.runId(), newest.state(), start, ended == null ? null : ended.occurredAt(),
                    newest.exitCode(), newest.durationMs(), count, inRange(expected, newest.state(), count)));
        }
        runs.sort(Comparator.comparing(Run::startedAt));
        return runs;
    }

    /** What BatchMonitor judges: a SUCCEEDED run with a count, of a job with an expected count; null otherwise. */
    static Boolean inRange(CountRange expected, String state, Long count) {
        if (expected == null || count == null || !"SUCCEEDED".equals(state)) {
            return null;
        }
        return expected.contains(count);
    }

    /**
     * One linkage file's rule and days: its deadlines per day in its own zone ({@code zone} when it has none), each
     * with the arrivals of its window, judged at {@code now}.
     */
    static FileView file(LinkageFile file, ZoneId zone, LocalDate first, LocalDate last, Instant now,
            List<ArrivalSignal> signals) {
        ZoneId fileZone = zoneOf(file.timeZone(), zone);
        BatchJob deadlines = file.deadlines();
        List<Arrival> arrivals = arrivals(signals);
        List<FileDay> days = new ArrayList<>();
        String problem = null;
        try {
            Instant previous = null;
            boolean previousKnown = false;
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                JobDay day = day(deadlines, fileZone, d);
                List<Deadline> due = new ArrayList<>();
                for (Instant deadline : day.runs()) {
                    if (!previousKnown) {
                        previous = previous(deadlines, deadline).orElse(null);
                        previousKnown = true;
                    }
                    due.add(deadline(file, previous, deadline, arrivals, now));
                    previous = deadline;
                }
                previousKnown &= day.more() == null; // deadlines not listed: look the next day's previous up again
                days.add(new FileDay(d, day.status(), List.copyOf(due), day.more(), day.closure(), day.closedDate(),
                        day.movedTo()));
            }
        } catch (IllegalArgumentException e) {
            days = List.of();
            problem = "schedule '" + file.schedule() + "' is not a valid cron expression (" + e.getMessage() + ")";
        }
        return new FileView(file.name(), file.targetId(), file.pattern(), file.schedule(), file.calendarRule(),
                fileZone.getId(), file.minBytes(), file.checksum(), problem, days);
    }

    /** The deadline's window (after {@code previous}, up to and including it) and what arrived in it, at {@code now}. */
    static Deadline deadline(LinkageFile file, Instant previous, Instant deadline, List<Arrival> arrivals,
            Instant now) {
        List<Arrival> window = new ArrayList<>();
        int good = 0;
        ArrivalProblem lastBad = null;
        for (Arrival a : arrivals) {
            if (a.arrivedAt().isAfter(deadline) || previous != null && !a.arrivedAt().isAfter(previous)) {
                continue;
            }
            ArrivalProblem problem = null;
            if (a.sizeBytes() < file.minBytes()) {
                problem = ArrivalProblem.EMPTY;
                lastBad = problem;
            } else if (Boolean.FALSE.equals(a.checksumOk())) {
                problem = ArrivalProblem.CHECKSUM_MISMATCH;
                lastBad = problem;
            } else if (++good > 1) {
                problem = ArrivalProblem.DUPLICATE;
            }
            window.add(new Arrival(a.path(), a.sizeBytes(), a.arrivedAt(), a.checksumOk(), a.checksumNote(),
                    problem));
        }
        DeadlineStatus status;
        if (good > 1) {
            status = DeadlineStatus.DUPLICATE;
        } else if (good == 1) {
            status = DeadlineStatus.ARRIVED;
        } else if (lastBad == ArrivalProblem.EMPTY) {
            status = DeadlineStatus.EMPTY;
        } else if (lastBad == ArrivalProblem.CHECKSUM_MISMATCH) {
            status = DeadlineStatus.CHECKSUM_MISMATCH;
        } else {
            status = now.isBefore(deadline.plus(SEEN_WITHIN)) ? DeadlineStatus.WAITING : DeadlineStatus.MISSING;
        }
        return new Deadline(deadline, previous, status, List.copyOf(window));
    }

    /**
     * The stored arrivals as the monitor counts them: each (path, size, modification time) once, at the modification
     * time when that is at most {@link #SEEN_WITHIN} before the agent saw it, else when the agent saw it; in order.
     */
    static List<Arrival> arrivals(List<ArrivalSignal> signals) {
        Map<String, Arrival> seen = new LinkedHashMap<>();
        for (ArrivalSignal s : signals) {
            if (s.path() == null || s.modifiedAt() == null || s.seenAt() == null) {
                continue;
            }
            Instant modified = s.modifiedAt();
            Instant at = !modified.isAfter(s.seenAt()) && !modified.isBefore(s.seenAt().minus(SEEN_WITHIN))
                    ? modified : s.seenAt();
            Arrival arrival = new Arrival(s.path(), s.sizeBytes(), at, s.checksumOk(), s.checksumNote(), null);
            seen.merge(s.path() + "|" + s.sizeBytes() + "|" + modified, arrival,
                    (a, b) -> a.arrivedAt().isAfter(b.arrivedAt()) ? b : a);
        }
        List<Arrival> arrivals = new ArrayList<>(seen.values());
        arrivals.sort(Comparator.comparing(Arrival::arrivedAt));
        return arrivals;
    }

    /** The deadline before {@code deadline} (its window's start), looked for up to 400 days back; empty when none. */
    static Optional<Instant> previous(BatchJob deadlines, Instant deadline) {
        for (Duration back : LOOK_BACK) {
            Optional<Instant> next = BatchSchedules.next(deadlines, deadline.minus(back).minusSeconds(1));
            if (next.isPresent() && next.get().isBefore(deadline)) {
                Instant found = next.get();
                for (Optional<Instant> n = BatchSchedules.next(deadlines, found); n.isPresent()
                        && n.get().isBefore(deadline); n = BatchSchedules.next(deadlines, found)) {
                    found = n.get();
                }
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    private static ZoneId zoneOf(ZoneId own, ZoneId service) {
        return own == null ? service : own;
    }

    /** What {@code job} does on {@code date}, a date in {@code zone} (the job's own). */
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
