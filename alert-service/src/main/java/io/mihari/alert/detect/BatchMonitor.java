package io.mihari.alert.detect;

import io.mihari.model.catalog.BatchJob;
import io.mihari.model.catalog.BatchSchedules;
import io.mihari.model.event.BatchRun;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Batch job monitoring, modelled on cron monitors: failed, hung and missed runs. Pure logic, no I/O; time is
 * always passed in. One problem per job at a time, keyed {@code Alert.key(targetId, BATCH, jobName)}, severity
 * {@link Severity#MAJOR}; besides it, a job's processed count and its room to re-run are problems of their own
 * (below).
 *
 * <p><b>Times.</b> A run's instants are the {@code at} passed to {@link #onRun} (the event's time as the agent
 * reported it). Deadlines (hung, missed) are only ever declared by {@link #evaluate} at the {@code now} passed in,
 * so an agent's skewed clock alone never raises an alert; the alert's instant is always the exact deadline.
 *
 * <p><b>Failed</b>: a run that ends FAILED or TIMED_OUT fires {@code BATCH_FAILED} / {@code BATCH_TIMED_OUT} at
 * the end's instant, with job, run id, exit code, duration and the first lines of its output in the summary. Every
 * failed run is reported, also while the job's problem is already firing (it updates the same problem).
 *
 * <p><b>Hung</b>: a run STARTED at {@code s} of a job with a {@code maxRunTime m} that has not ended when
 * {@code evaluate(now)} finds {@code now >= s + m} fires {@code BATCH_HUNG} at exactly {@code s + m}, once per
 * run. If that run then ends SUCCEEDED the problem is resolved; if it ends FAILED or TIMED_OUT it becomes that.
 *
 * <p><b>Missed</b>: for a job with a schedule and grace {@code w = startWithin}, each scheduled instant {@code S}
 * (see {@link BatchSchedules} for time zones, DST and the business calendar: a day the job's {@code on}/{@code shift}
 * leaves out has no scheduled instant, so nothing is missed on it) is settled in order:
 * <ul>
 * <li>{@code S} <em>is kept</em> by the earliest known start {@code t} with {@code S - w <= t < S + w} that no
 *     earlier scheduled instant kept: starts up to {@code w} early count, so a slightly fast clock or an operator
 *     starting the job by hand shortly before does not raise an alert. A start before {@code S - w} counts for
 *     nothing. Starts are the STARTED events, and for a run whose STARTED was never seen, its end's instant minus
 *     its duration.</li>
 * <li>{@code S} <em>is missed</em> when {@code evaluate(now)} finds {@code now >= S + w} and no start kept it:
 *     {@code BATCH_MISSED} fires at exactly {@code S + w}, unless the job's problem is already BATCH_MISSED (one
 *     alert for a job that keeps not running, not one per scheduled instant).</li>
 * <li>Only instants after watching began count: watching a job begins at the first {@link #evaluate} that lists
 *     it (at its {@code now}) or at {@link #restore}. Nothing is alerted for the time before, e.g. while this
 *     service was not running.</li>
 * </ul>
 *
 * <p><b>Resolving.</b> A SUCCEEDED run resolves whatever the job's problem is ({@code BATCH_SUCCEEDED}, at the
 * run's end), provided it ended no earlier than the problem began or is the very run the problem is about (a run
 * declared hung that finished after all): an old success delivered late resolves nothing. A start resolves a
 * BATCH_MISSED problem ({@code BATCH_STARTED}) unless it is older than the missed instant's window
 * ({@code S - w}): the job runs, late (or its start was delivered late); the run is then watched for hanging and
 * failing like any other. A start already known when an instant is declared missed, and not before its deadline,
 * resolves it in the same evaluation (fired at the deadline, resolved at the start), so the outcome does not depend
 * on when {@code evaluate} happened to run. A resolution is never dated before the problem began.
 *
 * <p><b>Processed counts</b> (a second problem per job, key {@code Alert.key(targetId, BATCH, job + ":count")}): a
 * SUCCEEDED run that reports a processed count outside the job's {@code expectedCount} fires
 * {@code BATCH_COUNT_OUT_OF_RANGE} ({@link Severity#WARNING}) at the run's end, once per run; the job's next SUCCEEDED
 * run with a count within the range resolves it ({@code BATCH_COUNT_IN_RANGE}). A run without a count, a failed run,
 * and a job without an expected range say nothing about it.
 *
 * <p><b>Room to re-run</b> (a third problem per job, key {@code Alert.key(targetId, BATCH, job + ":rerun")}), for a
 * job with {@code neededBy}: its <em>usual duration</em> is the median of its last {@value #USUAL_OF} SUCCEEDED runs'
 * durations seen by this monitor (none seen: no judgement). A run's output is needed at
 * {@code neededBy.after(reference)}, the reference being the scheduled instant the run kept (see Missed), or its
 * start when it kept none (a job without a schedule, a run by hand). With {@code u} the usual duration and {@code N}
 * the instant the output is needed:
 * <ul>
 * <li>a run still open when {@code evaluate(now)} finds {@code now >= N - u} fires {@code BATCH_RERUN_AT_RISK}
 *     ({@link Severity#WARNING}) at exactly {@code N - u} (or at its start, if it started later), once per run: a
 *     re-run after a failure from now on could not finish by {@code N};</li>
 * <li>a run that ends FAILED or TIMED_OUT at {@code F} with {@code F + u > N} fires {@code BATCH_NO_TIME_TO_RERUN}
 *     ({@link Severity#MAJOR}) at {@code F}, besides its {@code BATCH_FAILED}: a re-run started at once would end
 *     after {@code N}. A WARNING fired for the run becomes this MAJOR one (the same problem);</li>
 * <li>a SUCCEEDED run of the job resolves it ({@code BATCH_OUTPUT_READY}).</li>
 * </ul>
 *
 * <p><b>Replays.</b> The same run id with the same state applied twice is ignored, and so is a STARTED that
 * arrives after its run's end. Jobs missing from the catalog ({@code Optional.empty()}) still alert on failures and
 * resolve on success; they have no schedule or run time limit to watch.
 */
public final class BatchMonitor {

    public static final String CAUSE_FAILED = "BATCH_FAILED";
    public static final String CAUSE_TIMED_OUT = "BATCH_TIMED_OUT";
    public static final String CAUSE_HUNG = "BATCH_HUNG";
    public static final String CAUSE_MISSED = "BATCH_MISSED";
    public static final String CAUSE_SUCCEEDED = "BATCH_SUCCEEDED";
    public static final String CAUSE_STARTED = "BATCH_STARTED";
    public static final String CAUSE_COUNT_OUT_OF_RANGE = "BATCH_COUNT_OUT_OF_RANGE";
    public static final String CAUSE_COUNT_IN_RANGE = "BATCH_COUNT_IN_RANGE";
    public static final String CAUSE_RERUN_AT_RISK = "BATCH_RERUN_AT_RISK";
    public static final String CAUSE_NO_TIME_TO_RERUN = "BATCH_NO_TIME_TO_RERUN";
    public static final String CAUSE_OUTPUT_READY = "BATCH_OUTPUT_READY";
    /** The key suffix of a job's processed-count problem: {@code tenant/host|BATCH|job:count}. */
    public static final String COUNT_SUFFIX = ":count";
    /** The key suffix of a job's room-to-re-run problem: {@code tenant/host|BATCH|job:rerun}. */
    public static final String RERUN_SUFFIX = ":rerun";
    /** How many recent successful runs the usual duration is the median of. */
    static final int USUAL_OF = 10;

    /** Bounds per job, so a job that never ends its runs or runs every minute cannot grow the state. */
    private static final int MAX_SEEN_RUNS = 256;
    private static final int MAX_OPEN_RUNS = 32;
    private static final int MAX_STARTS = 64;
    private static final int SUMMARY_OUTPUT = 200;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /**
     * What a restarted service must know of a job, read from storage before any event is consumed.
     *
     * @param watchingSince when watching begins again: normally the restart instant, so scheduled instants while
     *        this service was down are not judged (their events may still be waiting in Kafka)
     * @param lastStartedAt the instant of the job's latest stored STARTED (null: none), so a run started shortly
     *        before the restart keeps a scheduled instant just after it
     * @param openRunId the run id of the job's latest stored STARTED without a stored end (null: none), so a run
     *        that hangs across the restart is still found hung
     * @param openRunStartedAt when that run started
     * @param firingCause the cause of the job's problem still firing (the open BATCH alert of key
     *        {@code targetId|BATCH|job}), null when none is, so a later success resolves it
     * @param firingSince when that problem began (the firing alert's {@code at})
     * @param firingRunId the run the problem is about (failed, timed out or hung run), null for a missed run; a
     *        replay of that run's events does not alert again
     * @param recentDurations the durations of the job's latest stored successful runs, oldest first (the usual
     *        duration is learned again from them; the last {@value #USUAL_OF} count)
     */
    public record Snapshot(Instant watchingSince, Instant lastStartedAt, String openRunId, Instant openRunStartedAt,
            String firingCause, Instant firingSince, String firingRunId, List<Long> recentDurations) {

        /** A snapshot without durations: the usual duration is learned from the runs seen from now on. */
        public Snapshot(Instant watchingSince, Instant lastStartedAt, String openRunId, Instant openRunStartedAt,
                String firingCause, Instant firingSince, String firingRunId) {
            this(watchingSince, lastStartedAt, openRunId, openRunStartedAt, firingCause, firingSince, firingRunId,
                    List.of());
        }

        public Snapshot {
            recentDurations = recentDurations == null ? List.of() : List.copyOf(recentDurations);
            Objects.requireNonNull(watchingSince, "watchingSince");
            if ((openRunId == null) != (openRunStartedAt == null)) {
                throw new IllegalArgumentException("openRunId and openRunStartedAt go together");
            }
            if ((firingCause == null) != (firingSince == null)) {
                throw new IllegalArgumentException("firingCause and firingSince go together");
            }
        }
    }

    private static final class OpenRun {
        final Instant startedAt;
        boolean hungReported;
        boolean riskReported;

        OpenRun(Instant startedAt) {
            this.startedAt = startedAt;
        }
    }

    private static final class JobState {
        final String targetId;
        final String name;
        final String key;
        /** the catalog's definition, null for a job the catalog does not list */
        BatchJob job;
        /** how far the scheduled instants are settled (kept or missed) */
        final ScheduleCursor schedule = new ScheduleCursor();
        /** starts not used by a scheduled instant yet */
        final TreeSet<Instant> starts = new TreeSet<>();
        Instant latestStart;
        final Map<String, OpenRun> openRuns = new LinkedHashMap<>();
        final Map<String, Set<BatchRun.State>> seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Set<BatchRun.State>> eldest) {
                return size() > MAX_SEEN_RUNS;
            }
        };
        /** the job's problem while it fires */
        Alert firing;
        String firingRunId;
        /** while BATCH_MISSED fires: the missed instant minus the grace; earlier starts tell nothing about it */
        Instant missedWindowStart;
        /** the latest scheduled instant settled as missed (no start kept it); a late start makes up for it */
        Instant lastMissed;
        /** the scheduled instant each recent start kept, by start: what a run's output deadline counts from */
        final Map<Instant, Instant> keptBy = new LinkedHashMap<>();
        /** durations of the latest successful runs, oldest first (at most {@value #USUAL_OF}) */
        final java.util.ArrayDeque<Long> recentDurations = new java.util.ArrayDeque<>();
        /** the job's processed-count problem while it fires */
        Alert countFiring;
        /** the job's room-to-re-run problem while it fires */
        Alert rerunFiring;

        JobState(String targetId, String name) {
            this.targetId = targetId;
            this.name = name;
            this.key = Alert.key(targetId, AlertKind.BATCH, name);
        }

        void define(BatchJob definition) {
            if (definition != null && !definition.equals(job)) {
                boolean scheduleChanged = job == null || !Objects.equals(job.schedule(), definition.schedule())
                        || !job.timeZone().equals(definition.timeZone()) || !job.on().equals(definition.on())
                        || job.shift() != definition.shift() || !job.calendar().equals(definition.calendar());
                job = definition;
                if (scheduleChanged) {
                    schedule.rescheduled();
                }
            }
        }

        void watchFrom(Instant since) {
            schedule.watchFrom(since);
        }
    }

    private final Map<String, JobState> jobs = new HashMap<>();
    /** When ingest saw nothing new: a deadline that fell in such a stall is judged later (see {@link Stalls}). */
    private final Stalls stalls;

    public BatchMonitor() {
        this(Stalls.none());
    }

    public BatchMonitor(Stalls stalls) {
        this.stalls = Objects.requireNonNull(stalls, "stalls");
    }

    /**
     * Applies one signal of a run of job {@code run.job()} on {@code targetId}, reported at {@code at}.
     *
     * @param job the catalog's definition of the job, empty when the catalog does not list it
     * @return the alerts it fired or resolved, in order
     */
    public synchronized List<Alert> onRun(String targetId, Optional<BatchJob> job, BatchRun run, Instant at) {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(at, "at");
        JobState state = jobs.computeIfAbsent(targetId + "|" + run.job(), k -> new JobState(targetId, run.job()));
        job.ifPresent(state::define);
        Set<BatchRun.State> seen = state.seen.computeIfAbsent(run.runId(), k -> EnumSet.noneOf(BatchRun.State.class));
        boolean ended = seen.stream().anyMatch(s -> s != BatchRun.State.STARTED);
        if (!seen.add(run.state()) || (run.state() == BatchRun.State.STARTED && ended)) {
            return List.of(); // replayed, or a STARTED delivered after its run's end
        }
        List<Alert> alerts = new ArrayList<>();
        if (run.state() == BatchRun.State.STARTED) {
            state.openRuns.put(run.runId(), new OpenRun(at));
            trimOldest(state.openRuns, MAX_OPEN_RUNS);
            started(state, run.runId(), at, true, alerts);
            return alerts;
        }
        OpenRun open = state.openRuns.remove(run.runId());
        if (!seen.contains(BatchRun.State.STARTED) && run.durationMs() != null) {
            // its STARTED was never seen: the end says when it started; a failure replaces a missed-run problem
            started(state, run.runId(), at.minusMillis(run.durationMs()),
                    run.state() == BatchRun.State.SUCCEEDED, alerts);
        }
        switch (run.state()) {
            case SUCCEEDED -> {
                if (state.firing != null
                        && (!at.isBefore(state.firing.at()) || run.runId().equals(state.firingRunId))) {
                    resolve(state, CAUSE_SUCCEEDED, at, String.format("%s run %s succeeded after %s", state.name,
                            run.runId(), duration(run.durationMs())), alerts);
                }
                state.openRuns.values().removeIf(r -> r.hungReported); // resolved with it; no second hang alert
                if (state.rerunFiring != null && !at.isBefore(state.rerunFiring.at())) {
                    state.rerunFiring = resolveExtra(state.rerunFiring, CAUSE_OUTPUT_READY, at, String.format(
                            "%s run %s succeeded: its output is there", state.name, run.runId()), alerts);
                }
                count(state, run, at, alerts);
                if (run.durationMs() != null) {
                    state.recentDurations.addLast(run.durationMs());
                    while (state.recentDurations.size() > USUAL_OF) {
                        state.recentDurations.pollFirst();
                    }
                }
            }
            case FAILED, TIMED_OUT -> {
                String cause = run.state() == BatchRun.State.FAILED ? CAUSE_FAILED : CAUSE_TIMED_OUT;
                fire(state, cause, at, run.runId(), failure(state.name, run), alerts,
                        facts(Alert.RUN, run.runId(), Alert.EXIT_CODE,
                                run.exitCode() == null ? null : run.exitCode().toString(),
                                Alert.MESSAGE, blankToNull(firstLines(run.outputTail()))));
                Instant startedAt = open != null ? open.startedAt
                        : run.durationMs() == null ? null : at.minusMillis(run.durationMs());
                noTimeToRerun(state, run.runId(), startedAt, at, alerts);
            }
            default -> throw new IllegalStateException("unreachable: " + run.state());
        }
        return alerts;
    }

    /**
     * Declares runs hung and scheduled instants missed as of {@code now}. Jobs listed here for the first time are
     * watched from {@code now} on.
     *
     * @param jobs the catalog's jobs of the targets this instance watches; jobs not listed are not evaluated (their
     *        problem, if any, stays until a success or {@link #forget})
     * @return the alerts fired or resolved, job by job, in order
     */
    public synchronized List<Alert> evaluate(Instant now, Collection<BatchJob> jobs) {
        Objects.requireNonNull(now, "now");
        List<Alert> alerts = new ArrayList<>();
        for (BatchJob job : jobs) {
            JobState state = this.jobs.computeIfAbsent(job.targetId() + "|" + job.name(),
                    k -> new JobState(job.targetId(), job.name()));
            state.define(job);
            state.watchFrom(now);
            hung(state, now, alerts);
            missed(state, now, alerts);
            rerunAtRisk(state, now, alerts);
        }
        return alerts;
    }

    /** Drops everything known about the target's jobs (the target is now watched by another instance). */
    public synchronized void forget(String targetId) {
        forgetIf(targetId::equals);
    }

    /**
     * Drops everything known about the jobs of every target whose id matches, including jobs only ever listed to
     * {@link #evaluate} (targets never heard): a job listed again later is watched from that {@code evaluate} on,
     * so nothing is declared missed for the time it was watched elsewhere.
     */
    public synchronized void forgetIf(Predicate<String> targetId) {
        jobs.values().removeIf(s -> targetId.test(s.targetId));
    }

    /**
     * Watches a job again after a restart, from what storage says (see {@link Snapshot}). Call before any event is
     * consumed; a job this monitor already knows is left as it is.
     */
    public synchronized void restore(String targetId, BatchJob job, Snapshot snapshot) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(snapshot, "snapshot");
        String id = targetId + "|" + job.name();
        if (jobs.containsKey(id)) {
            return;
        }
        JobState state = new JobState(targetId, job.name());
        state.define(job);
        state.watchFrom(snapshot.watchingSince());
        if (snapshot.lastStartedAt() != null) {
            addStart(state, snapshot.lastStartedAt());
        }
        List<Long> durations = snapshot.recentDurations();
        state.recentDurations.addAll(durations.subList(Math.max(0, durations.size() - USUAL_OF), durations.size()));
        if (snapshot.openRunId() != null) {
            OpenRun open = new OpenRun(snapshot.openRunStartedAt());
            open.hungReported = CAUSE_HUNG.equals(snapshot.firingCause())
                    && snapshot.openRunId().equals(snapshot.firingRunId());
            state.openRuns.put(snapshot.openRunId(), open);
            state.seen.put(snapshot.openRunId(), EnumSet.of(BatchRun.State.STARTED));
            addStart(state, snapshot.openRunStartedAt());
        }
        if (snapshot.firingCause() != null) {
            state.firing = new Alert(state.key, AlertKind.BATCH, Severity.MAJOR, true, targetId,
                    snapshot.firingSince(), snapshot.firingCause(), "restored after a restart");
            state.firingRunId = snapshot.firingRunId();
            // a missed-run alert fires at scheduled + grace; its window began at scheduled - grace
            state.missedWindowStart = snapshot.firingSince().minus(job.startWithin().multipliedBy(2));
            if (snapshot.firingRunId() != null) {
                Set<BatchRun.State> seen = state.seen.computeIfAbsent(snapshot.firingRunId(),
                        k -> EnumSet.noneOf(BatchRun.State.class));
                seen.add(BatchRun.State.STARTED);
                if (CAUSE_FAILED.equals(snapshot.firingCause())) {
                    seen.add(BatchRun.State.FAILED);
                } else if (CAUSE_TIMED_OUT.equals(snapshot.firingCause())) {
                    seen.add(BatchRun.State.TIMED_OUT);
                }
            }
        }
        jobs.put(id, state);
    }

    // ---- rules ----

    /**
     * A run started at {@code at}: it may keep the pending scheduled instant, and (if {@code resolveMissed}) it
     * resolves a missed-run problem, unless it started before that instant's window.
     */
    private void started(JobState state, String runId, Instant at, boolean resolveMissed, List<Alert> alerts) {
        addStart(state, at);
        keepPending(state);
        if (resolveMissed && state.firing != null && CAUSE_MISSED.equals(state.firing.cause())
                && !at.isBefore(state.missedWindowStart)) {
            if (state.lastMissed != null && !state.keptBy.containsKey(at)) {
                // a late start makes up for the instant it missed: its output is needed by that instant's neededBy
                state.keptBy.put(at, state.lastMissed);
                trimOldest(state.keptBy, MAX_STARTS);
            }
            resolve(state, CAUSE_STARTED, at, String.format("%s run %s started at %s", state.name, runId, at),
                    alerts);
        }
    }

    private void addStart(JobState state, Instant at) {
        state.starts.add(at);
        while (state.starts.size() > MAX_STARTS) {
            state.starts.pollFirst();
        }
        if (state.latestStart == null || at.isAfter(state.latestStart)) {
            state.latestStart = at;
        }
    }

    /** Settles the pending scheduled instants that known starts keep, in order. */
    private void keepPending(JobState state) {
        while (true) {
            Instant scheduled = pending(state);
            if (scheduled == null) {
                return;
            }
            Duration grace = state.job.startWithin();
            Instant from = scheduled.minus(grace);
            Instant deadline = scheduled.plus(grace);
            state.starts.headSet(from).clear(); // too early for this and every later instant
            Instant start = state.starts.ceiling(from);
            if (start == null || !start.isBefore(deadline)) {
                return;
            }
            state.starts.remove(start);
            state.keptBy.put(start, scheduled);
            trimOldest(state.keptBy, MAX_STARTS);
            settle(state, scheduled);
        }
    }

    private void hung(JobState state, Instant now, List<Alert> alerts) {
        Duration maxRunTime = state.job.maxRunTime();
        if (maxRunTime == null) {
            return;
        }
        for (Map.Entry<String, OpenRun> e : state.openRuns.entrySet()) {
            OpenRun run = e.getValue();
            Instant hungAt = run.startedAt.plus(maxRunTime);
            if (!run.hungReported && !now.isBefore(stalls.judgeAt(hungAt))) {
                run.hungReported = true;
                fire(state, CAUSE_HUNG, hungAt, e.getKey(), String.format(
                        "%s run %s started at %s has not ended within its maxRunTime of %s", state.name, e.getKey(),
                        run.startedAt, duration(maxRunTime.toMillis())), alerts,
                        facts(Alert.RUN, e.getKey(), Alert.LIMIT, maxRunTime.toString()));
            }
        }
    }

    private void missed(JobState state, Instant now, List<Alert> alerts) {
        while (true) {
            keepPending(state);
            Instant scheduled = pending(state);
            if (scheduled == null) {
                return;
            }
            Instant deadline = scheduled.plus(state.job.startWithin());
            if (now.isBefore(stalls.judgeAt(deadline))) {
                return;
            }
            settle(state, scheduled);
            state.lastMissed = scheduled;
            if (state.firing == null || !CAUSE_MISSED.equals(state.firing.cause())) {
                ZoneId zone = state.job.timeZone();
                String rule = state.job.calendarRule();
                fire(state, CAUSE_MISSED, deadline, null, String.format(
                        "%s was due at %s %s (%s%s) and has not started within %s", state.name,
                        LOCAL.format(scheduled.atZone(zone)), zone, state.job.schedule(),
                        rule.isEmpty() ? "" : ", " + rule, duration(state.job.startWithin().toMillis())), alerts,
                        facts(Alert.SCHEDULED, scheduled.toString(), Alert.LIMIT, state.job.startWithin().toString(),
                                Alert.CALENDAR, blankToNull(rule)));
                state.missedWindowStart = scheduled.minus(state.job.startWithin());
            }
            if (state.latestStart != null && !state.latestStart.isBefore(deadline)) {
                state.keptBy.putIfAbsent(state.latestStart, scheduled); // late: its output was needed for this one
                resolve(state, CAUSE_STARTED, state.latestStart, String.format("%s started at %s, after its deadline",
                        state.name, state.latestStart), alerts);
            }
        }
    }

    /** A successful run's processed count against the job's expected range. */
    private static void count(JobState state, BatchRun run, Instant at, List<Alert> alerts) {
        io.mihari.model.catalog.CountRange range = state.job == null ? null : state.job.expectedCount();
        Long count = run.processedCount();
        if (range == null || count == null) {
            return; // nothing known to judge
        }
        if (!range.contains(count)) {
            state.countFiring = new Alert(state.key + COUNT_SUFFIX, AlertKind.BATCH, Severity.WARNING, true,
                    state.targetId, at, CAUSE_COUNT_OUT_OF_RANGE, String.format(
                            "%s run %s processed %d records (expected %s)", state.name, run.runId(), count,
                            range.text()),
                    facts(Alert.RUN, run.runId(), Alert.VALUE, Long.toString(count), Alert.EXPECTED, range.text(),
                            Alert.EXPECTED_JA, range.textJa()));
            alerts.add(state.countFiring);
        } else if (state.countFiring != null && !at.isBefore(state.countFiring.at())) {
            state.countFiring = resolveExtra(state.countFiring, CAUSE_COUNT_IN_RANGE, at, String.format(
                    "%s run %s processed %d records (expected %s)", state.name, run.runId(), count, range.text()),
                    alerts);
        }
    }

    /** The job's usual duration: the median of its latest successful runs' durations; null when none is known. */
    static Duration usualDuration(java.util.Collection<Long> durations) {
        if (durations.isEmpty()) {
            return null;
        }
        long[] sorted = durations.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        long median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return Duration.ofMillis(median);
    }

    /** When the output of the run started at {@code startedAt} is needed; null when the job does not say. */
    private static Instant neededAt(JobState state, Instant startedAt) {
        if (state.job == null || state.job.neededBy() == null || startedAt == null) {
            return null;
        }
        Instant reference = state.keptBy.getOrDefault(startedAt, startedAt);
        return state.job.neededBy().after(reference, state.job.timeZone(), state.job.calendar());
    }

    /** A failed run at {@code at}: a re-run that needs the usual duration would end after the output is needed. */
    private void noTimeToRerun(JobState state, String runId, Instant startedAt, Instant at, List<Alert> alerts) {
        Instant needed = neededAt(state, startedAt);
        Duration usual = usualDuration(state.recentDurations);
        boolean atRisk = state.rerunFiring != null && CAUSE_RERUN_AT_RISK.equals(state.rerunFiring.cause());
        if (needed == null || usual == null || !(at.plus(usual).isAfter(needed) || atRisk)) {
            return;
        }
        state.rerunFiring = new Alert(state.key + RERUN_SUFFIX, AlertKind.BATCH, Severity.MAJOR, true,
                state.targetId, at, CAUSE_NO_TIME_TO_RERUN, String.format(
                        "%s run %s failed at %s: a re-run needs about %s; output needed by %s", state.name, runId,
                        LOCAL.format(at.atZone(state.job.timeZone())), duration(usual.toMillis()),
                        LOCAL.format(needed.atZone(state.job.timeZone()))),
                facts(Alert.RUN, runId, Alert.USUAL, usual.toString(), Alert.NEEDED_BY, needed.toString()));
        alerts.add(state.rerunFiring);
    }

    /** Open runs that have not ended by the time a re-run would still fit before the output is needed. */
    private void rerunAtRisk(JobState state, Instant now, List<Alert> alerts) {
        Duration usual = usualDuration(state.recentDurations);
        if (usual == null || state.job.neededBy() == null) {
            return;
        }
        for (Map.Entry<String, OpenRun> e : state.openRuns.entrySet()) {
            OpenRun run = e.getValue();
            Instant needed = neededAt(state, run.startedAt);
            Instant riskAt = needed.minus(usual);
            if (riskAt.isBefore(run.startedAt)) {
                riskAt = run.startedAt;
            }
            if (run.riskReported || now.isBefore(stalls.judgeAt(riskAt))) {
                continue;
            }
            run.riskReported = true;
            if (state.rerunFiring != null && Severity.MAJOR == state.rerunFiring.severity()) {
                continue; // already worse
            }
            state.rerunFiring = new Alert(state.key + RERUN_SUFFIX, AlertKind.BATCH, Severity.WARNING, true,
                    state.targetId, riskAt, CAUSE_RERUN_AT_RISK, String.format(
                            "%s run %s started at %s has not ended: a re-run if it fails needs about %s; output needed"
                                    + " by %s", state.name, e.getKey(),
                            LOCAL.format(run.startedAt.atZone(state.job.timeZone())), duration(usual.toMillis()),
                            LOCAL.format(needed.atZone(state.job.timeZone()))),
                    facts(Alert.RUN, e.getKey(), Alert.USUAL, usual.toString(), Alert.NEEDED_BY, needed.toString()));
            alerts.add(state.rerunFiring);
        }
    }

    /**
     * After {@link #restore}: the job's re-run problem ({@code key + }{@link #RERUN_SUFFIX}) is still open in an
     * incident, so the runs open across the restart were reported at risk already (not raised again) and the job's
     * next success ends it. A job not restored here is left alone.
     */
    public synchronized void restoreRerunProblem(String targetId, String job, Instant since) {
        JobState state = jobs.get(targetId + "|" + job);
        if (state == null) {
            return;
        }
        state.openRuns.values().forEach(run -> run.riskReported = true);
        if (state.rerunFiring == null) {
            state.rerunFiring = new Alert(state.key + RERUN_SUFFIX, AlertKind.BATCH, Severity.MAJOR, true, targetId,
                    since, CAUSE_RERUN_AT_RISK, "restored after a restart");
        }
    }

    /** Ends one of a job's own extra problems (count, re-run); returns null, what the job's field becomes. */
    private static Alert resolveExtra(Alert firing, String cause, Instant at, String summary, List<Alert> alerts) {
        Instant when = at.isBefore(firing.at()) ? firing.at() : at;
        alerts.add(new Alert(firing.key(), AlertKind.BATCH, firing.severity(), false, firing.targetId(), when, cause,
                summary));
        return null;
    }

    /** The first scheduled instant not settled yet; null when the job is not watched or has no (more) instants. */
    private static Instant pending(JobState state) {
        return state.schedule.pending(state.job);
    }

    private static void settle(JobState state, Instant scheduled) {
        state.schedule.settle(scheduled);
    }

    private static void fire(JobState state, String cause, Instant at, String runId, String summary,
            List<Alert> alerts, Map<String, String> facts) {
        Alert alert = new Alert(state.key, AlertKind.BATCH, Severity.MAJOR, true, state.targetId, at, cause, summary,
                facts);
        state.firing = alert;
        state.firingRunId = runId;
        alerts.add(alert);
    }

    private static void resolve(JobState state, String cause, Instant at, String summary, List<Alert> alerts) {
        Alert firing = state.firing;
        if (firing == null) {
            return;
        }
        Instant when = at.isBefore(firing.at()) ? firing.at() : at;
        alerts.add(new Alert(state.key, AlertKind.BATCH, firing.severity(), false, state.targetId, when, cause,
                summary));
        state.firing = null;
        state.firingRunId = null;
    }

    // ---- texts ----

    /** The facts of an alert, by name and value in turn; a null value is a fact not known. */
    private static Map<String, String> facts(String... namesAndValues) {
        Map<String, String> facts = new HashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                facts.put(namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return facts;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String failure(String job, BatchRun run) {
        String how = run.state() == BatchRun.State.TIMED_OUT ? "timed out" : "failed";
        String exit = run.exitCode() == null ? "without an exit code" : "with exit code " + run.exitCode();
        String output = firstLines(run.outputTail());
        return String.format("%s run %s %s %s after %s%s", job, run.runId(), how, exit, duration(run.durationMs()),
                output.isEmpty() ? "" : ": " + output);
    }

    /** The first two non-blank lines of the output, joined, at most {@value #SUMMARY_OUTPUT} characters. */
    static String firstLines(String output) {
        if (output == null) {
            return "";
        }
        List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).limit(2).toList();
        String joined = String.join(" / ", lines);
        return joined.length() <= SUMMARY_OUTPUT ? joined : joined.substring(0, SUMMARY_OUTPUT - 1) + "…";
    }

    /** {@code 1h 02m 03s}, {@code 2m 05s}, {@code 4.250s}. */
    static String duration(Long millis) {
        if (millis == null) {
            return "an unknown time";
        }
        Duration d = Duration.ofMillis(millis);
        if (d.toHours() > 0) {
            return String.format("%dh %02dm %02ds", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
        }
        if (d.toMinutes() > 0) {
            return String.format("%dm %02ds", d.toMinutes(), d.toSecondsPart());
        }
        return String.format("%d.%03ds", d.toSeconds(), d.toMillisPart());
    }

    private static <K, V> void trimOldest(Map<K, V> map, int max) {
        Iterator<K> oldest = map.keySet().iterator();
        while (map.size() > max && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }
}
