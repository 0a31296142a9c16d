package io.mihari.alert.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Heartbeat-based liveness: a target is DOWN once no heartbeat was heard for {@code missed}
 * intervals; the outage starts at the last time it was heard. Times are the server's (the injected
 * clock at receipt), so a skewed agent clock cannot fake an outage. Pure logic, no I/O.
 */
public final class LivenessMonitor {

    /** Identity of a target as far as liveness is concerned. */
    public record TargetRef(String targetId, String serviceId, String tenant, String system, String host) {
    }

    private record Watch(TargetRef ref, Duration interval, Instant lastHeard, TargetStatus status) {
        Watch heard(TargetRef newRef, Instant at, Duration newInterval) {
            Instant latest = lastHeard == null || at.isAfter(lastHeard) ? at : lastHeard;
            return new Watch(newRef, newInterval, latest, TargetStatus.UP);
        }

        Watch as(TargetRef newRef) {
            return new Watch(newRef, interval, lastHeard, status);
        }

        Watch down() {
            return new Watch(ref, interval, lastHeard, TargetStatus.DOWN);
        }
    }

    private final int missedHeartbeats;
    private final Map<String, Watch> watches = new HashMap<>();

    public LivenessMonitor(int missedHeartbeats) {
        if (missedHeartbeats < 1) {
            throw new IllegalArgumentException("mihari.liveness.missed-heartbeats must be at least 1");
        }
        this.missedHeartbeats = missedHeartbeats;
    }

    /**
     * A heartbeat was received at {@code receivedAt}; returns the UP transition if the target was not UP. The
     * target's identity becomes {@code ref} (e.g. the catalog now lists it under another service).
     */
    public synchronized List<StatusTransition> heartbeat(TargetRef ref, Duration interval, Instant receivedAt) {
        Watch before = watches.get(ref.targetId());
        TargetStatus from = before == null ? TargetStatus.UNKNOWN : before.status();
        Watch after = before == null ? new Watch(ref, interval, receivedAt, TargetStatus.UP)
                : before.heard(ref, receivedAt, interval);
        watches.put(ref.targetId(), after);
        if (from == TargetStatus.UP) {
            return List.of();
        }
        return List.of(new StatusTransition(ref.targetId(), ref.serviceId(), ref.tenant(), ref.system(), ref.host(),
                from, TargetStatus.UP, receivedAt, receivedAt, "HEARTBEAT_RECEIVED"));
    }

    /**
     * Watches a target again after a restart, in the status that was stored, as if it had been heard at
     * {@code since} (normally the restart): it gets its full allowance before it can be DOWN again, and a
     * target stored as DOWN stays DOWN without a second transition until it is heard. A target already watched
     * keeps its watch and only takes {@code ref} as its identity.
     */
    public synchronized void restore(TargetRef ref, Duration interval, TargetStatus status, Instant since) {
        if (watches.containsKey(ref.targetId())) {
            updateRef(ref);
        } else if (status != TargetStatus.UNKNOWN) {
            watches.put(ref.targetId(), new Watch(ref, interval, since, status));
        }
    }

    /**
     * The identity of a watched target as the catalog now has it (its service may have been added or changed
     * since it was first heard): its later transitions carry {@code ref}. A target not watched stays unwatched.
     */
    public synchronized void updateRef(TargetRef ref) {
        watches.computeIfPresent(ref.targetId(), (id, watch) -> watch.as(ref));
    }

    /** Marks every UP target that has been silent too long as DOWN, as of {@code now}. */
    public synchronized List<StatusTransition> evaluate(Instant now) {
        List<StatusTransition> transitions = new ArrayList<>();
        for (Watch watch : List.copyOf(watches.values())) {
            if (watch.status() == TargetStatus.UP && !now.isBefore(deadline(watch))) {
                watches.put(watch.ref().targetId(), watch.down());
                TargetRef ref = watch.ref();
                transitions.add(new StatusTransition(ref.targetId(), ref.serviceId(), ref.tenant(), ref.system(),
                        ref.host(), TargetStatus.UP, TargetStatus.DOWN, watch.lastHeard(), now, "HEARTBEAT_MISSING"));
            }
        }
        return transitions;
    }

    /** The instant at which a target heard last at {@code lastHeard} becomes DOWN. */
    private Instant deadline(Watch watch) {
        return watch.lastHeard().plus(watch.interval().multipliedBy(missedHeartbeats));
    }

    /**
     * The monitor could not see for a while (it was stopped, or far behind on the topic): every watched
     * target gets its full allowance again from {@code now}, so nobody is declared DOWN for time in which
     * Mihari itself was blind. DOWN targets stay DOWN until heard.
     */
    public synchronized void rewatch(Instant now) {
        for (Watch watch : List.copyOf(watches.values())) {
            if (watch.status() == TargetStatus.UP && watch.lastHeard().isBefore(now)) {
                watches.put(watch.ref().targetId(), new Watch(watch.ref(), watch.interval(), now, TargetStatus.UP));
            }
        }
    }

    /** The target is watched elsewhere now (its partition moved to another instance). */
    public synchronized void forget(String targetId) {
        watches.remove(targetId);
    }

    /** Forgets every target whose id matches (e.g. those of partitions moved to another instance). */
    public synchronized void forgetIf(Predicate<String> targetId) {
        watches.keySet().removeIf(targetId);
    }

    /** The identity of every watched target. */
    public synchronized List<TargetRef> watched() {
        return watches.values().stream().map(Watch::ref).toList();
    }

    public synchronized TargetStatus status(String targetId) {
        Watch watch = watches.get(targetId);
        return watch == null ? TargetStatus.UNKNOWN : watch.status();
    }
}
