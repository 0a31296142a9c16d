package io.mihari.alert.detect;

import io.mihari.model.catalog.CheckPolicy;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Verdicts of the active liveness checks (HTTP, TCP, process, command) of each target, damped by the target's
 * {@link CheckPolicy} so one lost packet is no outage and a flapping check does not flap the verdict. Pure
 * logic, no I/O; time is always the result's instant as passed in.
 *
 * <p>Rules, per target and check name:
 * <ul>
 * <li>A check never seen, or seen only failing fewer than {@code failuresToDown} times in a row, is UNKNOWN.</li>
 * <li>UNKNOWN → UP on the first passing result (a healthy new check is up at once).</li>
 * <li>UNKNOWN or UP → DOWN once {@code failuresToDown} failing results arrived in a row.</li>
 * <li>DOWN → UP once {@code successesToUp} passing results arrived in a row.</li>
 * <li>A result of the other kind breaks the streak; the next streak starts from one.</li>
 * <li>The instant of a change is the instant of the <em>first</em> result of the deciding streak: that is when the
 *     trouble (or the recovery) began, not when it was confirmed.</li>
 * <li>Results can arrive out of order when an agent replays its spool, and the same event can be delivered twice.
 *     A result that is not newer than the newest result already applied to that check is ignored: it neither
 *     counts towards a streak nor breaks one. (Equal instants are ignored too, so a redelivered duplicate is not
 *     counted twice.)</li>
 * <li>The policy is read on every result, so a changed catalog applies from the next result on; a streak that is
 *     already long enough under the new policy decides on that next result of the same kind.</li>
 * </ul>
 */
public final class CheckMonitor {

    /** What Mihari believes about one check. UNKNOWN means no verdict yet: never counted as up or down. */
    public enum CheckState { UP, DOWN, UNKNOWN }

    /**
     * A check's verdict changed.
     *
     * @param targetId {@code tenant/host}
     * @param check the check's name in the agent configuration, e.g. {@code juki-web}
     * @param from previous verdict
     * @param to new verdict (UP or DOWN)
     * @param at the instant of the first result of the streak that decided it
     * @param message what the deciding (latest) result saw, e.g. {@code HTTP 503}; may be null
     */
    public record Change(String targetId, String check, CheckState from, CheckState to, Instant at, String message) {
        public Change {
            Objects.requireNonNull(targetId, "targetId");
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(at, "at");
            if (from == to) {
                throw new IllegalArgumentException("a change changes the verdict, got " + from + " -> " + to);
            }
        }
    }

    /** One check's verdict and the streak of equal results that ends at {@code newest}. */
    private static final class Watch {
        CheckState state = CheckState.UNKNOWN;
        /** instant of the newest applied result, or of the restored verdict; null before any */
        Instant newest;
        /** whether the current streak is of passing results; meaningless while {@code streak == 0} */
        boolean streakPassing;
        int streak;
        Instant streakStart;
    }

    /** targetId → check name → watch */
    private final Map<String, Map<String, Watch>> targets = new HashMap<>();

    /**
     * Applies one result of check {@code check} on {@code targetId}, observed at {@code at}.
     *
     * @return the verdict change it caused, if any
     */
    public synchronized Optional<Change> onResult(String targetId, CheckPolicy policy, String check, boolean passed,
            String message, Instant at) {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(at, "at");
        Watch watch = targets.computeIfAbsent(targetId, k -> new HashMap<>()).computeIfAbsent(check, k -> new Watch());
        if (watch.newest != null && !at.isAfter(watch.newest)) {
            return Optional.empty(); // replayed or duplicate: older than what the verdict already reflects
        }
        watch.newest = at;
        if (watch.streak > 0 && watch.streakPassing == passed) {
            watch.streak++;
        } else {
            watch.streakPassing = passed;
            watch.streak = 1;
            watch.streakStart = at;
        }
        CheckState to = verdict(watch, policy);
        if (to == watch.state) {
            return Optional.empty();
        }
        CheckState from = watch.state;
        watch.state = to;
        return Optional.of(new Change(targetId, check, from, to, watch.streakStart, message));
    }

    /** The verdict the current streak leads to, given the verdict so far. */
    private static CheckState verdict(Watch watch, CheckPolicy policy) {
        if (watch.streakPassing) {
            boolean up = watch.state == CheckState.UNKNOWN || watch.streak >= policy.successesToUp();
            return up ? CheckState.UP : watch.state;
        }
        return watch.streak >= policy.failuresToDown() ? CheckState.DOWN : watch.state;
    }

    /** The current verdict of every check seen on {@code targetId}, by check name (UNKNOWN while undecided). */
    public synchronized Map<String, CheckState> checks(String targetId) {
        Map<String, Watch> checks = targets.get(targetId);
        if (checks == null) {
            return Map.of();
        }
        Map<String, CheckState> states = new TreeMap<>();
        checks.forEach((name, watch) -> states.put(name, watch.state));
        return Collections.unmodifiableMap(states);
    }

    /** The current verdict of one check; UNKNOWN when never seen. */
    public synchronized CheckState state(String targetId, String check) {
        Watch watch = targets.getOrDefault(targetId, Map.of()).get(check);
        return watch == null ? CheckState.UNKNOWN : watch.state;
    }

    /**
     * Drops everything known about {@code targetId} (e.g. it is now watched by another instance); no change is
     * reported.
     */
    public synchronized void forget(String targetId) {
        targets.remove(targetId);
    }

    /** Drops everything known about every target whose id matches; no change is reported. */
    public synchronized void forgetIf(Predicate<String> targetId) {
        targets.keySet().removeIf(targetId);
    }

    /**
     * Takes up a stored verdict after a restart, before results are consumed: the check is {@code state} as of
     * {@code since} (when that verdict took effect), with no streak under way, so a check stored DOWN needs
     * {@code successesToUp} passing results to be UP again, and one stored UP needs {@code failuresToDown}
     * failures to be DOWN. Results not newer than {@code since} are ignored afterwards, like any replayed result.
     * A check that already has results is not touched (what was seen wins over what was stored); UNKNOWN is not
     * restored.
     */
    public synchronized void restore(String targetId, String check, CheckState state, Instant since) {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(since, "since");
        if (state == null || state == CheckState.UNKNOWN) {
            return;
        }
        Map<String, Watch> checks = targets.computeIfAbsent(targetId, k -> new HashMap<>());
        if (checks.containsKey(check)) {
            return;
        }
        Watch watch = new Watch();
        watch.state = state;
        watch.newest = since;
        checks.put(check, watch);
    }
}
