package io.mihari.alert.detect;

import io.mihari.model.catalog.BatchJob;
import io.mihari.model.catalog.CheckPolicy;
import io.mihari.model.catalog.ResourceThresholds;
import io.mihari.model.event.BatchRun;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.OperatingStatus;
import io.mihari.model.event.ResourceSample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Everything known about the targets this instance watches, and the one place their status is decided:
 * <ul>
 *   <li>DOWN while heartbeats are missing ({@link LivenessMonitor}) or any active check is DOWN
 *       ({@link CheckMonitor});</li>
 *   <li>UNKNOWN while Mihari is blind (stopped or far behind on the topic) and for a target never heard;</li>
 *   <li>UP otherwise.</li>
 * </ul>
 * A target going DOWN raises an alert (kind LIVENESS or CHECK, by what failed first) that ends when it is
 * UP again; resources ({@link ResourceMonitor}), batch jobs ({@link BatchMonitor}) and the operating status an
 * application reports ({@link OperatingStatusMonitor}) raise their own alerts without changing the target's status,
 * and so does the agent's clock skew 時刻ずれ ({@link ClockSkewMonitor}, {@link #onClock}) and a check's response time
 * 応答時間 ({@link LatencyMonitor}, {@link #onLatency}).
 * Pure logic: times come in, transitions and alerts go out.
 *
 * <p>Every call that passes a {@link LivenessMonitor.TargetRef} makes it the target's identity from then on, so
 * transitions carry the service the catalog lists the target under now, not the one of its first event.
 *
 * <p><b>After a restart or a rebalance</b> the caller first {@link #restore restores} every stored target, then
 * {@link #restoreAlert restores} the alerts still open in incidents, then {@link #restoreJob restores} batch jobs,
 * all before any event is consumed. A restored open alert is continued by its detector, so that detector ends it
 * (with an alert of the same key) when it sees the problem gone, and does not end it merely because it knows
 * nothing yet.
 */
public final class TargetDetection {

    /** What one step of detection produced, in order. */
    public record Output(List<StatusTransition> transitions, List<Alert> alerts) {
        static final Output NONE = new Output(List.of(), List.of());

        public boolean isEmpty() {
            return transitions.isEmpty() && alerts.isEmpty();
        }

        /** This output, then {@code next}'s. */
        public Output and(Output next) {
            if (next.isEmpty()) {
                return this;
            }
            if (isEmpty()) {
                return next;
            }
            List<StatusTransition> t = new ArrayList<>(transitions);
            t.addAll(next.transitions());
            List<Alert> a = new ArrayList<>(alerts);
            a.addAll(next.alerts());
            return new Output(List.copyOf(t), List.copyOf(a));
        }
    }

    private static final class State {
        /** the identity passed last */
        LivenessMonitor.TargetRef ref;
        TargetStatus status;
        Instant since;
        /**
         * The open DOWN alert, if the target is (or was, before going UNKNOWN) DOWN, or one restored from an open
         * incident; never kept while UP (the target's next heartbeat or passing check ends it).
         */
        Alert down;
        /**
         * Set (to the instant it went down) while the target was restored DOWN because of a failing check and no
         * check of it has recovered since: which check failed is not stored, so the target stays DOWN whatever
         * its heartbeats say, and each check first heard meanwhile is taken up as DOWN (see {@link #onCheck}).
         */
        Instant checkDownSince;

        State(LivenessMonitor.TargetRef ref, TargetStatus status, Instant since) {
            this.ref = ref;
            this.status = status;
            this.since = since;
        }
    }

    private final LivenessMonitor liveness;
    private final CheckMonitor checks = new CheckMonitor();
    private final ResourceMonitor resources = new ResourceMonitor();
    private final LatencyMonitor latency = new LatencyMonitor();
    private final BatchMonitor batches;
    private final FileMonitor files;
    private final OperatingStatusMonitor operating = new OperatingStatusMonitor();
    private final ClockSkewMonitor clocks;
    private final Map<String, State> states = new HashMap<>();
    /** Batch alerts open before a restart, until a run of their job ends them or the monitor takes them over. */
    private final Map<String, Alert> restoredAlerts = new HashMap<>();
    /** Target DOWN alerts open before a restart, of targets not watched yet: attached when they are. */
    private final Map<String, Alert> pendingDown = new HashMap<>();
    private Instant blindSince;
    private String blindCause;

    /** Stretches in which ingest saw nothing new; silence and schedules due in one are judged later. */
    private final Stalls stalls;

    public TargetDetection(int missedHeartbeats) {
        this(missedHeartbeats, Stalls.none());
    }

    public TargetDetection(int missedHeartbeats, Stalls stalls) {
        this(missedHeartbeats, stalls, ClockSkewMonitor.Settings.DEFAULT);
    }

    /** @param clockSkew the settings of the agents' clock skew alert ({@link ClockSkewMonitor}) */
    public TargetDetection(int missedHeartbeats, Stalls stalls, ClockSkewMonitor.Settings clockSkew) {
        this.stalls = stalls;
        this.clocks = new ClockSkewMonitor(clockSkew);
        this.liveness = new LivenessMonitor(missedHeartbeats, stalls);
        this.batches = new BatchMonitor(stalls);
        this.files = new FileMonitor(stalls);
    }

    /**
     * Ingest saw nothing new from {@code from} to {@code to} (Kafka unreachable, or ingest held up), shorter than
     * blind-after: silence and schedules due in it are judged later, so agents can deliver what they kept.
     */
    public synchronized void stalled(Instant from, Instant to) {
        stalls.add(from, to);
    }

    public synchronized Output onHeartbeat(LivenessMonitor.TargetRef ref, Duration interval, Instant receivedAt) {
        return onHeartbeat(ref, interval, receivedAt, receivedAt);
    }

    /**
     * @param receivedAt when the heartbeat was received (it counts from then; a transition takes effect then)
     * @param now when detection runs on it (a transition's {@code detectedAt})
     */
    public synchronized Output onHeartbeat(LivenessMonitor.TargetRef ref, Duration interval, Instant receivedAt,
            Instant now) {
        liveness.heartbeat(ref, interval, receivedAt);
        return derive(ref, receivedAt, now.isBefore(receivedAt) ? receivedAt : now, "HEARTBEAT_RECEIVED",
                "heartbeat received", AlertKind.LIVENESS, Map.of());
    }

    /**
     * The agent's clock as a heartbeat shows it ({@link ClockSkewMonitor}): its skew alert, never a transition.
     * Call it with every heartbeat, besides {@link #onHeartbeat} (which alone decides the target's status).
     *
     * @param occurredAt the heartbeat's instant on the agent's clock
     * @param receivedAt when alert-service received it
     * @param interval how often the agent sends heartbeats
     */
    public synchronized Output onClock(LivenessMonitor.TargetRef ref, String agentId, long seq, Instant occurredAt,
            Instant receivedAt, Duration interval) {
        return clocks.onHeartbeat(ref.targetId(), agentId, seq, occurredAt, receivedAt, interval)
                .map(a -> new Output(List.of(), List.of(a))).orElse(Output.NONE);
    }

    /**
     * The clock offsets to store with the targets' status documents ({@link ClockSkewMonitor#toStore}); then none.
     */
    public synchronized Map<String, ClockSkewMonitor.Offset> clockOffsetsToStore() {
        return clocks.toStore();
    }

    /** The stored clock offset of these targets is gone (e.g. its write failed): their next estimate is stored. */
    public synchronized void storeClockOffsetsAgain(Collection<String> targetIds) {
        targetIds.forEach(clocks::storeAgain);
    }

    /** The latest estimate of the offset of the target's agent clock from Mihari's, if any. */
    public synchronized Optional<ClockSkewMonitor.Offset> clockOffset(String targetId) {
        return clocks.offset(targetId);
    }

    /**
     * One check result. While the target is held DOWN by a restored check outage ({@code checkDownSince}), a
     * check not seen yet is taken up as DOWN since then, so it needs {@code successesToUp} passing results like
     * a check seen failing: the first check to recover ends the hold, and every other check heard meanwhile still
     * holds the target DOWN until it recovers too (it may be the one that failed).
     */
    public synchronized Output onCheck(LivenessMonitor.TargetRef ref, CheckPolicy policy, CheckResult result,
            Instant at, Instant now) {
        updateRef(ref);
        State s = states.get(ref.targetId());
        if (s != null && s.checkDownSince != null) {
            checks.restore(ref.targetId(), result.name(), CheckMonitor.CheckState.DOWN, s.checkDownSince);
        }
        Optional<CheckMonitor.Change> change = checks.onResult(ref.targetId(), policy, result.name(),
                result.status() == CheckResult.Status.UP, result.message(), at);
        if (change.isEmpty()) {
            return Output.NONE;
        }
        CheckMonitor.Change c = change.get();
        if (s != null && c.to() == CheckMonitor.CheckState.UP) {
            s.checkDownSince = null;
        }
        boolean down = c.to() == CheckMonitor.CheckState.DOWN;
        String what = "check " + c.check() + (down ? " failing: " : " passing again: ") + nullToEmpty(c.message());
        Map<String, String> facts = new java.util.HashMap<>();
        facts.put(Alert.CHECK, c.check());
        facts.put(Alert.MESSAGE, c.message());
        return derive(ref, c.at(), now, down ? "CHECK_FAILED" : "CHECK_RECOVERED", what, AlertKind.CHECK, facts);
    }

    /**
     * The response time of one check result ({@link LatencyMonitor}): its latency alert, never a transition. Call it
     * with every check result, besides {@link #onCheck} (which alone decides the check's verdict); a failing result
     * is ignored here.
     *
     * @param level the check's response-time thresholds in the catalog; null when it has none
     * @param baseline the check's known latency baseline; null when none is known
     */
    public synchronized Output onLatency(LivenessMonitor.TargetRef ref, io.mihari.model.catalog.LatencyThresholds.Level
            level, LatencyBaselines.Baseline baseline, CheckResult result, Instant at) {
        updateRef(ref);
        return latency.onResult(ref.targetId(), result.name(), level, baseline,
                result.status() == CheckResult.Status.UP, result.latencyMs(), at)
                .map(a -> new Output(List.of(), List.of(a))).orElse(Output.NONE);
    }

    public synchronized Output onResources(LivenessMonitor.TargetRef ref, ResourceThresholds thresholds,
            ResourceSample sample, Instant at) {
        updateRef(ref);
        return new Output(List.of(), resources.onSample(ref.targetId(), thresholds, sample, at));
    }

    public synchronized Output onBatch(LivenessMonitor.TargetRef ref, Optional<BatchJob> job, BatchRun run,
            Instant at) {
        updateRef(ref);
        List<Alert> alerts = new ArrayList<>(batches.onRun(ref.targetId(), job, run, at));
        Alert open = restoredAlerts.get(Alert.key(ref.targetId(), AlertKind.BATCH, run.job()));
        if (open != null && run.state() != BatchRun.State.STARTED) {
            restoredAlerts.remove(open.key());
            if (run.state() == BatchRun.State.SUCCEEDED && alerts.stream().noneMatch(a -> a.key().equals(open.key()))) {
                alerts.add(ended(open, at, "BATCH_SUCCEEDED", "job " + run.job() + " run " + run.runId() + " succeeded"));
            }
        }
        if (run.state() == BatchRun.State.SUCCEEDED) {
            // the job's own count and re-run problems, restored: its output is there / its count within range
            String base = Alert.key(ref.targetId(), AlertKind.BATCH, run.job());
            Alert rerun = restoredAlerts.remove(base + BatchMonitor.RERUN_SUFFIX);
            if (rerun != null && alerts.stream().noneMatch(a -> a.key().equals(rerun.key()))) {
                alerts.add(ended(rerun, at, BatchMonitor.CAUSE_OUTPUT_READY, "job " + run.job() + " run "
                        + run.runId() + " succeeded"));
            }
            Alert count = restoredAlerts.get(base + BatchMonitor.COUNT_SUFFIX);
            io.mihari.model.catalog.CountRange range = job.map(BatchJob::expectedCount).orElse(null);
            if (count != null && run.processedCount() != null && (range == null || range.contains(run.processedCount()))) {
                restoredAlerts.remove(count.key());
                if (alerts.stream().noneMatch(a -> a.key().equals(count.key()))) {
                    alerts.add(ended(count, at, BatchMonitor.CAUSE_COUNT_IN_RANGE, "job " + run.job() + " run "
                            + run.runId() + " processed " + run.processedCount() + " records"));
                }
            }
        }
        return new Output(List.of(), alerts);
    }

    /**
     * A linkage file arrived ({@link FileMonitor}); a problem of the file open before a restart is ended by its
     * next good arrival, or taken over by the monitor when the arrival is a problem itself.
     */
    public synchronized Output onFile(LivenessMonitor.TargetRef ref,
            Optional<io.mihari.model.catalog.LinkageFile> file, io.mihari.model.event.FileArrival arrival,
            Instant at) {
        updateRef(ref);
        List<Alert> alerts = new ArrayList<>(files.onArrival(ref.targetId(), file, arrival, at));
        Alert open = restoredAlerts.remove(FileMonitor.key(ref.targetId(), arrival.file()));
        if (open != null && file.isPresent() && alerts.stream().noneMatch(a -> a.key().equals(open.key()))) {
            alerts.add(ended(open, at, FileMonitor.CAUSE_ARRIVED, "file " + arrival.file() + " arrived: "
                    + arrival.path()));
        }
        return new Output(List.of(), alerts);
    }

    /** An application's own operating status 稼働状況: its own alerts, never the target's status. */
    public synchronized Output onOperatingStatus(LivenessMonitor.TargetRef ref, OperatingStatus report, Instant at) {
        updateRef(ref);
        return operating.onStatus(ref.targetId(), report, at)
                .map(a -> new Output(List.of(), List.of(a))).orElse(Output.NONE);
    }

    /** A linkage file watched again after a restart or a rebalance, from its stored arrivals. */
    public synchronized void restoreFile(String targetId, io.mihari.model.catalog.LinkageFile file,
            Optional<Instant> lastJudged, List<FileMonitor.Arrival> arrivals) {
        files.restore(targetId, file, lastJudged, arrivals);
    }

    /** A batch job watched again after a restart or a rebalance, from what is stored of its runs. */
    public synchronized void restoreJob(String targetId, BatchJob job, BatchMonitor.Snapshot snapshot) {
        batches.restore(targetId, job, snapshot);
        Alert rerun = restoredAlerts.get(Alert.key(targetId, AlertKind.BATCH, job.name()) + BatchMonitor.RERUN_SUFFIX);
        if (rerun != null) {
            batches.restoreRerunProblem(targetId, job.name(), rerun.at());
        }
    }

    /**
     * An alert that was open in an incident before a restart or rebalance, open since {@code since}. Call it after
     * {@link #restore} of the stored targets (as {@code Detection.assigned} does), before events are consumed:
     * <ul>
     *   <li>{@code tenant/host|DOWN}: becomes the target's open DOWN alert (kind LIVENESS: the incident does not
     *       say) unless it has one, whatever its stored status, so the target's recovery ends it: a target stored
     *       UNKNOWN or DOWN at its next UP transition, one stored UP (the alert was published but its DOWN
     *       transition not stored) at its next heartbeat. For a target not restored (not in the catalog, or no
     *       stored status) the alert waits and is attached when the target is first heard or restored; it creates
     *       no target by itself.</li>
     *   <li>{@code tenant/host|RESOURCE|SUBJECT}: the subject is restored in the {@link ResourceMonitor} at
     *       WARNING ({@link ResourceMonitor#restore}); the incident does not keep the severity and WARNING is the
     *       safe guess: a value still critical escalates it after {@code sustain} (a firing MAJOR alert of the same
     *       key), a value below warning minus hysteresis ends it with the monitor's own {@code RESOURCE_RECOVERED}.
     *       </li>
     *   <li>{@code tenant/host|BATCH|JOB}: ended by the next successful run of the job unless the monitor itself
     *       fires or resolves that key first; a failed run hands it over to the monitor. (It is not put in the
     *       job's {@link BatchMonitor.Snapshot}: its cause and run are not known, the job may be missing from the
     *       catalog, and the monitor's own rules already resolve the problem it then fires.)</li>
     *   <li>{@code tenant/host|BATCH|JOB:rerun} and {@code tenant/host|BATCH|JOB:count} (the job's room-to-re-run
     *       and processed-count problems): ended by the job's next successful run (for the count, one whose count
     *       is known and within the job's range).</li>
     *   <li>{@code tenant/host|BATCH|file:NAME} (a linkage file's problem, {@link FileMonitor}): ended by the file's
     *       next arrival that is not a problem itself.</li>
     *   <li>{@code tenant/host|OPERATING_STATUS|APPLICATION}: restored in the {@link OperatingStatusMonitor} as
     *       DEGRADED, so the application's next RUNNING ends it ({@link OperatingStatusMonitor#restore}).</li>
     *   <li>{@code tenant/host|CLOCK_SKEW|clock}: restored in the {@link ClockSkewMonitor} as WARNING, so heartbeats
     *       back within the threshold end it ({@link ClockSkewMonitor#restore}).</li>
     *   <li>{@code tenant/host|LATENCY|CHECK}: restored in the {@link LatencyMonitor} as WARNING, so the check's next
     *       passing result below the band ends it and one still critical escalates it ({@link LatencyMonitor#restore}).
     *       </li>
     * </ul>
     */
    public synchronized void restoreAlert(String key, String targetId, Instant since) {
        String[] parts = key.split("\\|", 3);
        if (parts.length == 2 && "DOWN".equals(parts[1])) {
            Alert open = downAlert(targetId, AlertKind.LIVENESS, since, "restored", "down (restored)");
            State s = states.get(targetId);
            if (s == null) {
                pendingDown.putIfAbsent(targetId, open);
            } else if (s.down == null) {
                s.down = open;
            }
            return;
        }
        if (parts.length < 3) {
            return;
        }
        AlertKind kind = AlertKind.valueOf(parts[1]);
        if (kind == AlertKind.RESOURCE) {
            resources.restore(targetId, parts[2], ResourceMonitor.Level.WARNING, since);
        } else if (kind == AlertKind.OPERATING_STATUS) {
            operating.restore(targetId, parts[2], since);
        } else if (kind == AlertKind.CLOCK_SKEW) {
            clocks.restore(targetId, since);
        } else if (kind == AlertKind.LATENCY) {
            latency.restore(targetId, parts[2], LatencyMonitor.Level.WARNING, since);
        } else if (kind == AlertKind.BATCH) {
            // a processed-count problem is only ever a WARNING; the others may have been MAJOR
            Severity severity = key.endsWith(BatchMonitor.COUNT_SUFFIX) ? Severity.WARNING : Severity.MAJOR;
            restoredAlerts.putIfAbsent(key, new Alert(key, kind, severity, true, targetId, since, "RESTORED",
                    "open before a restart"));
        }
    }

    private static Alert ended(Alert open, Instant at, String cause, String what) {
        Instant when = at.isBefore(open.at()) ? open.at() : at;
        return new Alert(open.key(), open.kind(), open.severity(), false, open.targetId(), when, cause,
                open.targetId() + ": " + what);
    }

    /** Silence and schedules, as of {@code now}; nothing is declared DOWN while Mihari is blind. */
    public synchronized Output evaluate(Instant now, Collection<BatchJob> jobs) {
        return evaluate(now, now, jobs);
    }

    /**
     * Silence and schedules, judged as of {@code horizon} (what ingest has seen up to), by detection running at
     * {@code detectedAt} (the transitions' {@code detectedAt}); nothing is declared DOWN while Mihari is blind.
     */
    public synchronized Output evaluate(Instant horizon, Instant detectedAt, Collection<BatchJob> jobs) {
        return evaluate(horizon, detectedAt, jobs, List.of());
    }

    /** {@link #evaluate(Instant, Instant, Collection)} with the linkage files due ({@link FileMonitor}). */
    public synchronized Output evaluate(Instant horizon, Instant detectedAt, Collection<BatchJob> jobs,
            Collection<io.mihari.model.catalog.LinkageFile> linkageFiles) {
        Instant now = horizon;
        if (blindSince != null) {
            return Output.NONE;
        }
        List<StatusTransition> transitions = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        for (StatusTransition silent : liveness.evaluate(now)) {
            LivenessMonitor.TargetRef ref = new LivenessMonitor.TargetRef(silent.targetId(), silent.serviceId(),
                    silent.tenant(), silent.system(), silent.host());
            Output out = derive(ref, silent.at(), detectedAt.isBefore(now) ? now : detectedAt, "HEARTBEAT_MISSING",
                    "no heartbeat since " + silent.at(), AlertKind.LIVENESS, Map.of());
            transitions.addAll(out.transitions());
            alerts.addAll(out.alerts());
        }
        alerts.addAll(batches.evaluate(now, jobs));
        alerts.addAll(files.evaluate(now, linkageFiles));
        return new Output(transitions, alerts);
    }

    /**
     * Mihari cannot see since {@code since} (it was stopped, or it is far behind on the topic): every
     * watched target becomes UNKNOWN at that instant, and stays so until {@link #sight}. Open DOWN alerts
     * stay open: what was down is not known to be back.
     */
    public synchronized Output blind(Instant since, Instant now, String cause) {
        if (blindSince != null) {
            return Output.NONE;
        }
        blindSince = since;
        blindCause = cause;
        List<StatusTransition> transitions = new ArrayList<>();
        for (State s : states.values()) {
            if (s.status != TargetStatus.UNKNOWN) {
                Instant at = s.since != null && s.since.isAfter(since) ? s.since : since;
                transitions.add(transition(s, TargetStatus.UNKNOWN, at, now, cause));
            }
        }
        return new Output(transitions, List.of());
    }

    /**
     * Mihari sees again as of {@code now}: silent targets get their full allowance from now; targets whose
     * checks (or earlier silence) make them DOWN are DOWN again from now (with a new alert when they went down
     * while blind; one open from before blindness stays open); the others stay UNKNOWN until heard.
     */
    public synchronized Output sight(Instant now) {
        if (blindSince == null) {
            return Output.NONE;
        }
        blindSince = null;
        blindCause = null;
        liveness.rewatch(now);
        List<StatusTransition> transitions = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        for (State s : states.values()) {
            if (s.status == TargetStatus.UNKNOWN && underlying(s.ref.targetId()) == TargetStatus.DOWN) {
                transitions.add(transition(s, TargetStatus.DOWN, now, now, "MONITOR_CAUGHT_UP"));
                if (s.down == null) {
                    // it went down while Mihari was blind (e.g. a check failed in the backlog): raise its alert now
                    AlertKind kind = liveness.status(s.ref.targetId()) == TargetStatus.DOWN ? AlertKind.LIVENESS
                            : AlertKind.CHECK;
                    s.down = downAlert(s.ref.targetId(), kind, now, "MONITOR_CAUGHT_UP",
                            "found down after catching up");
                    alerts.add(s.down);
                }
            }
        }
        return new Output(transitions, alerts);
    }

    /**
     * The earliest instant at which a watched target may become silent (null: none, or Mihari is blind): silence
     * is judged then, not on the next timer tick.
     */
    public synchronized Instant nextSilence() {
        return blindSince != null ? null : liveness.nextDue();
    }

    public synchronized boolean isBlind() {
        return blindSince != null;
    }

    /**
     * Watches a target again after a restart or a rebalance, in its stored status, as if heard at
     * {@code since}: it gets its full allowance before it can be DOWN again, a stored DOWN stays DOWN (with
     * its alert, so a recovery ends it) and a stored UNKNOWN becomes DOWN only after a full allowance of
     * silence. A target stored DOWN with {@code downKind} CHECK stays DOWN, heartbeats or not, until one of its
     * checks recovers (see {@link #onCheck}); with LIVENESS (or null: not known) its next heartbeat brings it
     * UP. A target already watched keeps its state and only takes {@code ref} as its identity.
     */
    public synchronized void restore(LivenessMonitor.TargetRef ref, Duration interval, TargetStatus status,
            Instant statusSince, Instant since, AlertKind downKind) {
        if (states.containsKey(ref.targetId())) {
            updateRef(ref);
            return;
        }
        liveness.restore(ref, interval, status == TargetStatus.DOWN ? TargetStatus.DOWN : TargetStatus.UP, since);
        State s = newState(ref, status, statusSince);
        if (status == TargetStatus.DOWN) {
            AlertKind kind = downKind == null ? AlertKind.LIVENESS : downKind;
            s.down = downAlert(ref.targetId(), kind, statusSince == null ? since : statusSince, "restored",
                    "down (restored)");
            if (kind == AlertKind.CHECK) {
                s.checkDownSince = statusSince == null ? since : statusSince;
            }
        }
    }

    /** The target is watched by another instance now. */
    public synchronized void forget(String targetId) {
        forgetIf(targetId::equals);
    }

    /**
     * Every target whose id matches is watched by another instance now (e.g. the targets of revoked partitions):
     * everything known about it is dropped, here and in every monitor, whether or not it was ever heard (a
     * batch job only listed to {@link #evaluate}, a target that only sent samples or check results). Nothing is
     * emitted.
     */
    public synchronized void forgetIf(Predicate<String> targetId) {
        states.keySet().removeIf(targetId);
        pendingDown.keySet().removeIf(targetId);
        restoredAlerts.values().removeIf(a -> targetId.test(a.targetId()));
        liveness.forgetIf(targetId);
        checks.forgetIf(targetId);
        resources.forgetIf(targetId);
        latency.forgetIf(targetId);
        batches.forgetIf(targetId);
        files.forgetIf(targetId);
        operating.forgetIf(targetId);
        clocks.forgetIf(targetId);
    }

    public synchronized TargetStatus status(String targetId) {
        State s = states.get(targetId);
        return s == null ? TargetStatus.UNKNOWN : s.status;
    }

    public synchronized List<String> watched() {
        return List.copyOf(states.keySet());
    }

    /** How many targets are watched (without copying them). */
    public synchronized int watchedCount() {
        return states.size();
    }

    /** What the signals say, blindness aside. */
    private TargetStatus underlying(String targetId) {
        State s = states.get(targetId);
        if (s != null && s.checkDownSince != null) {
            return TargetStatus.DOWN;
        }
        TargetStatus live = liveness.status(targetId);
        boolean checkDown = checks.checks(targetId).containsValue(CheckMonitor.CheckState.DOWN);
        if (checkDown || live == TargetStatus.DOWN) {
            return TargetStatus.DOWN;
        }
        return live;
    }

    private Output derive(LivenessMonitor.TargetRef ref, Instant at, Instant now, String cause, String what,
            AlertKind kind, Map<String, String> facts) {
        State s = states.get(ref.targetId());
        if (s == null) {
            s = newState(ref, TargetStatus.UNKNOWN, null);
        } else {
            s.ref = ref;
        }
        TargetStatus next = blindSince != null ? TargetStatus.UNKNOWN : underlying(ref.targetId());
        if (next == s.status) {
            if (next == TargetStatus.UP && s.down != null) {
                // a DOWN alert restored against a stored UP: the target shows it is up
                Alert open = s.down;
                s.down = null;
                Instant when = at.isBefore(open.at()) ? open.at() : at;
                return new Output(List.of(), List.of(new Alert(open.key(), open.kind(), open.severity(), false,
                        ref.targetId(), when, cause, ref.targetId() + " is up again (" + what + ")", facts)));
            }
            return Output.NONE;
        }
        Instant effective = s.since != null && s.since.isAfter(at) ? s.since : at;
        StatusTransition t = transition(s, next, effective, now, cause);
        List<Alert> alerts = new ArrayList<>();
        if (next == TargetStatus.DOWN && s.down == null) {
            s.down = downAlert(ref.targetId(), kind, effective, cause, what, facts);
            alerts.add(s.down);
        } else if (next == TargetStatus.UP && s.down != null) {
            Alert open = s.down;
            s.down = null;
            alerts.add(new Alert(open.key(), open.kind(), open.severity(), false, ref.targetId(), effective, cause,
                    ref.targetId() + " is up again (" + what + ")", facts));
        }
        return new Output(List.of(t), alerts);
    }

    /** A new watched target; a DOWN alert restored before it was watched becomes its open one. */
    private State newState(LivenessMonitor.TargetRef ref, TargetStatus status, Instant since) {
        State s = new State(ref, status, since);
        s.down = pendingDown.remove(ref.targetId());
        states.put(ref.targetId(), s);
        return s;
    }

    /** {@code ref} is the target's identity from now on, where it is watched. */
    private void updateRef(LivenessMonitor.TargetRef ref) {
        State s = states.get(ref.targetId());
        if (s != null) {
            s.ref = ref;
        }
        liveness.updateRef(ref);
    }

    private StatusTransition transition(State s, TargetStatus to, Instant at, Instant now, String cause) {
        StatusTransition t = new StatusTransition(s.ref.targetId(), s.ref.serviceId(), s.ref.tenant(),
                s.ref.system(), s.ref.host(), s.status, to, at, now, cause);
        clocks.storeAgain(s.ref.targetId()); // the status document is rewritten without it
        s.status = to;
        s.since = at;
        return t;
    }

    private static Alert downAlert(String targetId, AlertKind kind, Instant at, String cause, String what) {
        return downAlert(targetId, kind, at, cause, what, Map.of());
    }

    private static Alert downAlert(String targetId, AlertKind kind, Instant at, String cause, String what,
            Map<String, String> facts) {
        String summary = targetId + " is down: " + what;
        return new Alert(targetId + "|DOWN", kind, Severity.MAJOR, true, targetId, at,
                cause, summary, facts);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
