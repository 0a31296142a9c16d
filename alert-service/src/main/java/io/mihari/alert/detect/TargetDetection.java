package io.mihari.alert.detect;

import io.mihari.model.catalog.BatchJob;
import io.mihari.model.catalog.CheckPolicy;
import io.mihari.model.catalog.ResourceThresholds;
import io.mihari.model.event.BatchRun;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.ResourceSample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything known about the targets this instance watches, and the one place their status is decided:
 * <ul>
 *   <li>DOWN while heartbeats are missing ({@link LivenessMonitor}) or any active check is DOWN
 *       ({@link CheckMonitor});</li>
 *   <li>UNKNOWN while Mihari is blind (stopped or far behind on the topic) and for a target never heard;</li>
 *   <li>UP otherwise.</li>
 * </ul>
 * A target going DOWN raises an alert (kind LIVENESS or CHECK, by what failed first) that ends when it is
 * UP again; resources ({@link ResourceMonitor}) and batch jobs ({@link BatchMonitor}) raise their own
 * alerts without changing the target's status. Pure logic: times come in, transitions and alerts go out.
 */
public final class TargetDetection {

    /** What one step of detection produced, in order. */
    public record Output(List<StatusTransition> transitions, List<Alert> alerts) {
        static final Output NONE = new Output(List.of(), List.of());

        public boolean isEmpty() {
            return transitions.isEmpty() && alerts.isEmpty();
        }
    }

    private static final class State {
        final LivenessMonitor.TargetRef ref;
        TargetStatus status;
        Instant since;
        /** The open DOWN alert, if the target is (or was, before going UNKNOWN) DOWN. */
        Alert down;

        State(LivenessMonitor.TargetRef ref, TargetStatus status, Instant since) {
            this.ref = ref;
            this.status = status;
            this.since = since;
        }
    }

    private final LivenessMonitor liveness;
    private final CheckMonitor checks = new CheckMonitor();
    private final ResourceMonitor resources = new ResourceMonitor();
    private final BatchMonitor batches = new BatchMonitor();
    private final Map<String, State> states = new HashMap<>();
    /** Resource and batch alerts open before a restart, until their detector has seen enough to end them. */
    private final Map<String, Alert> restoredAlerts = new HashMap<>();
    private Instant blindSince;
    private String blindCause;

    public TargetDetection(int missedHeartbeats) {
        this.liveness = new LivenessMonitor(missedHeartbeats);
    }

    public synchronized Output onHeartbeat(LivenessMonitor.TargetRef ref, Duration interval, Instant receivedAt) {
        liveness.heartbeat(ref, interval, receivedAt);
        return derive(ref, receivedAt, receivedAt, "HEARTBEAT_RECEIVED", "heartbeat received", AlertKind.LIVENESS);
    }

    public synchronized Output onCheck(LivenessMonitor.TargetRef ref, CheckPolicy policy, CheckResult result,
            Instant at, Instant now) {
        Optional<CheckMonitor.Change> change = checks.onResult(ref.targetId(), policy, result.name(),
                result.status() == CheckResult.Status.UP, result.message(), at);
        if (change.isEmpty()) {
            return Output.NONE;
        }
        CheckMonitor.Change c = change.get();
        boolean down = c.to() == CheckMonitor.CheckState.DOWN;
        String what = "check " + c.check() + (down ? " failing: " : " passing again: ") + nullToEmpty(c.message());
        return derive(ref, c.at(), now, down ? "CHECK_FAILED" : "CHECK_RECOVERED", what, AlertKind.CHECK);
    }

    public synchronized Output onResources(LivenessMonitor.TargetRef ref, ResourceThresholds thresholds,
            ResourceSample sample, Instant at) {
        List<Alert> alerts = new ArrayList<>(resources.onSample(ref.targetId(), thresholds, sample, at));
        if (!restoredAlerts.isEmpty()) {
            Map<String, ResourceMonitor.Level> levels = resources.levels(ref.targetId());
            String prefix = Alert.key(ref.targetId(), AlertKind.RESOURCE, "");
            for (Alert open : List.copyOf(restoredAlerts.values())) {
                if (!open.key().startsWith(prefix)) {
                    continue;
                }
                ResourceMonitor.Level level = levels.get(open.key().substring(prefix.length()));
                restoredAlerts.remove(open.key());
                if (level == null || level == ResourceMonitor.Level.NORMAL) {
                    alerts.add(ended(open, at, "RESOURCE_RECOVERED", "back to normal"));
                } // else the monitor watches it again and ends it itself
            }
        }
        return new Output(List.of(), alerts);
    }

    public synchronized Output onBatch(LivenessMonitor.TargetRef ref, Optional<BatchJob> job, BatchRun run,
            Instant at) {
        List<Alert> alerts = new ArrayList<>(batches.onRun(ref.targetId(), job, run, at));
        Alert open = restoredAlerts.get(Alert.key(ref.targetId(), AlertKind.BATCH, run.job()));
        if (open != null && run.state() != BatchRun.State.STARTED) {
            restoredAlerts.remove(open.key());
            if (run.state() == BatchRun.State.SUCCEEDED && alerts.stream().noneMatch(a -> a.key().equals(open.key()))) {
                alerts.add(ended(open, at, "BATCH_SUCCEEDED", "job " + run.job() + " run " + run.runId() + " succeeded"));
            }
        }
        return new Output(List.of(), alerts);
    }

    /** A batch job watched again after a restart or a rebalance, from what is stored of its runs. */
    public synchronized void restoreJob(String targetId, BatchJob job, BatchMonitor.Snapshot snapshot) {
        batches.restore(targetId, job, snapshot);
    }

    /**
     * A resource or batch alert that was open in an incident before a restart or rebalance: it is ended when
     * its detector next sees the problem gone (a normal sample of that subject, a successful run of that job).
     */
    public synchronized void restoreAlert(String key, String targetId, Instant since) {
        String[] parts = key.split("\\|");
        if (parts.length < 3) {
            return; // target DOWN alerts are restored with the target's status
        }
        AlertKind kind = AlertKind.valueOf(parts[1]);
        if (kind == AlertKind.RESOURCE || kind == AlertKind.BATCH) {
            restoredAlerts.putIfAbsent(key, new Alert(key, kind, Severity.MAJOR, true, targetId, since, "RESTORED",
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
        if (blindSince != null) {
            return Output.NONE;
        }
        List<StatusTransition> transitions = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        for (StatusTransition silent : liveness.evaluate(now)) {
            LivenessMonitor.TargetRef ref = new LivenessMonitor.TargetRef(silent.targetId(), silent.serviceId(),
                    silent.tenant(), silent.system(), silent.host());
            Output out = derive(ref, silent.at(), now, "HEARTBEAT_MISSING", "no heartbeat since " + silent.at(),
                    AlertKind.LIVENESS);
            transitions.addAll(out.transitions());
            alerts.addAll(out.alerts());
        }
        alerts.addAll(batches.evaluate(now, jobs));
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

    public synchronized boolean isBlind() {
        return blindSince != null;
    }

    /**
     * Watches a target again after a restart or a rebalance, in its stored status, as if heard at
     * {@code since}: it gets its full allowance before it can be DOWN again, a stored DOWN stays DOWN (with
     * its alert, so a recovery ends it) and a stored UNKNOWN becomes DOWN only after a full allowance of
     * silence.
     */
    public synchronized void restore(LivenessMonitor.TargetRef ref, Duration interval, TargetStatus status,
            Instant statusSince, Instant since, AlertKind downKind) {
        if (states.containsKey(ref.targetId())) {
            return;
        }
        liveness.restore(ref, interval, status == TargetStatus.DOWN ? TargetStatus.DOWN : TargetStatus.UP, since);
        State s = new State(ref, status, statusSince);
        if (status == TargetStatus.DOWN) {
            s.down = downAlert(ref.targetId(), downKind == null ? AlertKind.LIVENESS : downKind, statusSince,
                    "restored", "down (restored)");
        }
        states.put(ref.targetId(), s);
    }

    /** The target is watched by another instance now. */
    public synchronized void forget(String targetId) {
        states.remove(targetId);
        restoredAlerts.values().removeIf(a -> a.targetId().equals(targetId));
        liveness.forget(targetId);
        checks.forget(targetId);
        resources.forget(targetId);
        batches.forget(targetId);
    }

    public synchronized TargetStatus status(String targetId) {
        State s = states.get(targetId);
        return s == null ? TargetStatus.UNKNOWN : s.status;
    }

    public synchronized List<String> watched() {
        return List.copyOf(states.keySet());
    }

    /** What the signals say, blindness aside. */
    private TargetStatus underlying(String targetId) {
        TargetStatus live = liveness.status(targetId);
        boolean checkDown = checks.checks(targetId).containsValue(CheckMonitor.CheckState.DOWN);
        if (checkDown || live == TargetStatus.DOWN) {
            return TargetStatus.DOWN;
        }
        return live;
    }

    private Output derive(LivenessMonitor.TargetRef ref, Instant at, Instant now, String cause, String what,
            AlertKind kind) {
        State s = states.computeIfAbsent(ref.targetId(), k -> new State(ref, TargetStatus.UNKNOWN, null));
        TargetStatus next = blindSince != null ? TargetStatus.UNKNOWN : underlying(ref.targetId());
        if (next == s.status) {
            return Output.NONE;
        }
        Instant effective = s.since != null && s.since.isAfter(at) ? s.since : at;
        StatusTransition t = transition(s, next, effective, now, cause);
        List<Alert> alerts = new ArrayList<>();
        if (next == TargetStatus.DOWN && s.down == null) {
            s.down = downAlert(ref.targetId(), kind, effective, cause, what);
            alerts.add(s.down);
        } else if (next == TargetStatus.UP && s.down != null) {
            Alert open = s.down;
            s.down = null;
            alerts.add(new Alert(open.key(), open.kind(), open.severity(), false, ref.targetId(), effective, cause,
                    ref.targetId() + " is up again (" + what + ")"));
        }
        return new Output(List.of(t), alerts);
    }

    private StatusTransition transition(State s, TargetStatus to, Instant at, Instant now, String cause) {
        StatusTransition t = new StatusTransition(s.ref.targetId(), s.ref.serviceId(), s.ref.tenant(),
                s.ref.system(), s.ref.host(), s.status, to, at, now, cause);
        s.status = to;
        s.since = at;
        return t;
    }

    private static Alert downAlert(String targetId, AlertKind kind, Instant at, String cause, String what) {
        String summary = targetId + " is down: " + what;
        return new Alert(targetId + "|DOWN", kind, Severity.MAJOR, true, targetId, at,
                cause, summary);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
