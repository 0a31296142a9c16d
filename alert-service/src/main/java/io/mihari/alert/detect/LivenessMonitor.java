package io.mihari.alert.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Heartbeat-based liveness: a target is DOWN once no heartbeat was heard for {@code missed}
 * intervals; the outage starts at the last time it was heard. Times are the server's (the injected
 * clock at receipt), so a skewed agent clock cannot fake an outage. Pure logic, no I/O.
 *
 * <p>Silence is found through a queue of deadlines, earliest first, not by scanning every target: each UP
 * target has one live entry, at the deadline it had when the entry was made. A heartbeat only moves the
 * target's last-heard instant (no queue operation unless it makes the deadline earlier, e.g. a shorter
 * interval); when an entry comes due, the target is DOWN if its deadline really has passed, else the entry is
 * put back at its current deadline. So {@link #evaluate} costs what is due (about one entry per target and
 * allowance), and a heartbeat allocates nothing. Entries of targets forgotten or no longer UP are dropped when
 * they come due.
 */
public final class LivenessMonitor {

    /** Identity of a target as far as liveness is concerned. */
    public record TargetRef(String targetId, String serviceId, String tenant, String system, String host) {
    }

    /** What is known of one watched target; changed in place (one object per target, not one per heartbeat). */
    private static final class Watch {
        TargetRef ref;
        Duration interval;
        Instant lastHeard;
        TargetStatus status;
        /** The deadline of this watch's live entry in {@link #due}; null when it has none. */
        Instant queued;

        Watch(TargetRef ref, Duration interval, Instant lastHeard, TargetStatus status) {
            this.ref = ref;
            this.interval = interval;
            this.lastHeard = lastHeard;
            this.status = status;
        }
    }

    /** An entry of the deadline queue: the target is due to be looked at, at {@code at}. */
    private record Due(Instant at, String targetId) {
    }

    private final int missedHeartbeats;
    /** When ingest saw nothing new: a deadline that fell in such a stall is judged later (see {@link Stalls}). */
    private final Stalls stalls;
    private final Map<String, Watch> watches = new HashMap<>();
    /** Deadlines of the UP targets, earliest first (plus stale entries, dropped when they come due). */
    private final PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()));

    public LivenessMonitor(int missedHeartbeats) {
        this(missedHeartbeats, Stalls.none());
    }

    public LivenessMonitor(int missedHeartbeats, Stalls stalls) {
        this.stalls = stalls;
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
        Watch watch = watches.get(ref.targetId());
        TargetStatus from = watch == null ? TargetStatus.UNKNOWN : watch.status;
        if (watch == null) {
            watch = new Watch(ref, interval, receivedAt, TargetStatus.UP);
            watches.put(ref.targetId(), watch);
        } else {
            watch.ref = ref;
            watch.interval = interval;
            if (watch.lastHeard == null || receivedAt.isAfter(watch.lastHeard)) {
                watch.lastHeard = receivedAt;
            }
            watch.status = TargetStatus.UP;
        }
        schedule(watch);
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
            Watch watch = new Watch(ref, interval, since, status);
            watches.put(ref.targetId(), watch);
            schedule(watch);
        }
    }

    /**
     * The identity of a watched target as the catalog now has it (its service may have been added or changed
     * since it was first heard): its later transitions carry {@code ref}. A target not watched stays unwatched.
     */
    public synchronized void updateRef(TargetRef ref) {
        Watch watch = watches.get(ref.targetId());
        if (watch != null) {
            watch.ref = ref;
        }
    }

    /**
     * Marks every UP target that has been silent too long as DOWN, as of {@code now}, earliest deadline first.
     * Only the entries due by {@code now} are looked at.
     */
    public synchronized List<StatusTransition> evaluate(Instant now) {
        List<StatusTransition> transitions = new ArrayList<>();
        while (!due.isEmpty() && !due.peek().at().isAfter(now)) {
            Due entry = due.poll();
            Watch watch = watches.get(entry.targetId());
            if (watch == null || !entry.at().equals(watch.queued)) {
                continue; // stale: the target is forgotten, or its live entry is another (earlier) one
            }
            watch.queued = null;
            if (watch.status != TargetStatus.UP) {
                continue;
            }
            if (now.isBefore(deadline(watch))) {
                schedule(watch); // heard since the entry was made: looked at again at its current deadline
                continue;
            }
            watch.status = TargetStatus.DOWN;
            TargetRef ref = watch.ref;
            transitions.add(new StatusTransition(ref.targetId(), ref.serviceId(), ref.tenant(), ref.system(),
                    ref.host(), TargetStatus.UP, TargetStatus.DOWN, watch.lastHeard, now, "HEARTBEAT_MISSING"));
        }
        return transitions;
    }

    /**
     * The instant at which a target heard last at {@code lastHeard} becomes DOWN: {@code missed} intervals later,
     * or later still when that fell while ingest saw nothing new ({@link Stalls}); it is DOWN from
     * {@code lastHeard} either way.
     */
    private Instant deadline(Watch watch) {
        return stalls.judgeAt(watch.lastHeard.plus(watch.interval.multipliedBy(missedHeartbeats)));
    }

    /**
     * Makes sure an UP target has a live entry no later than its deadline: a new one when it has none or the
     * deadline moved earlier (the old entry then is stale); a later deadline keeps the entry, which is put back
     * when it comes due.
     */
    private void schedule(Watch watch) {
        if (watch.status != TargetStatus.UP) {
            return;
        }
        Instant deadline = deadline(watch);
        if (watch.queued == null || deadline.isBefore(watch.queued)) {
            watch.queued = deadline;
            due.add(new Due(deadline, watch.ref.targetId()));
        }
    }

    /**
     * The earliest deadline in the queue (null: none): no target can become silent before it. It may be the entry
     * of a target heard since; looking at it then only puts the entry back at the later deadline.
     */
    public synchronized Instant nextDue() {
        Due first = due.peek();
        return first == null ? null : first.at();
    }

    /** Entries in the deadline queue, live and stale (for tests: it stays bounded). */
    synchronized int queued() {
        return due.size();
    }

    /**
     * The monitor could not see for a while (it was stopped, or far behind on the topic): every watched
     * target gets its full allowance again from {@code now}, so nobody is declared DOWN for time in which
     * Mihari itself was blind. DOWN targets stay DOWN until heard.
     */
    public synchronized void rewatch(Instant now) {
        for (Watch watch : watches.values()) {
            if (watch.status == TargetStatus.UP && watch.lastHeard.isBefore(now)) {
                watch.lastHeard = now; // its entry, now early, is put back at the new deadline when it comes due
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
        return watches.values().stream().map(w -> w.ref).toList();
    }

    public synchronized TargetStatus status(String targetId) {
        Watch watch = watches.get(targetId);
        return watch == null ? TargetStatus.UNKNOWN : watch.status;
    }
}
