package io.mihari.alert.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Stretches of time in which ingest saw nothing new (its horizon stood still: Kafka unreachable, or ingest held
 * up), shorter than blind-after. Nothing could be delivered meanwhile, and after it every agent delivers what it
 * kept in its spool on its own schedule (its shipper retries with backoff). So a deadline that fell in a stall,
 * or within {@code grace} after it, is judged later: the stall's length later, and not before {@code grace} after
 * the stall ended. Only when a problem is judged moves; the instant it is dated at (the last heartbeat, the
 * scheduled start) does not, so no figure changes.
 *
 * <p>Example: heard at 10:00:00 with an allowance of 30 s, deadline 10:00:30; ingest saw nothing from 10:00:05
 * to 10:00:45. The deadline is judged at 10:01:10 (30 + 40 s) instead of the instant ingest saw again; if no
 * heartbeat came by then, the target is DOWN from 10:00:00 as before.
 */
public final class Stalls {

    /**
     * A stall is forgotten once a later one ended this long after it: every deadline it moved has been judged by
     * then (a deadline moves by at most the stalls' lengths, each shorter than blind-after).
     */
    private static final Duration FORGET_AFTER = Duration.ofHours(6);
    /** At most this many kept, whatever happens (oldest forgotten first). */
    private static final int KEPT = 1024;

    /** Nothing was seen from {@code from} to {@code to}, for {@code length} in all (less when merged with gaps). */
    private record Stall(Instant from, Instant to, Duration length) {
    }

    private final Duration grace;
    /** Oldest first. */
    private final ArrayDeque<Stall> recent = new ArrayDeque<>();

    /** @param grace how long after a stall agents have to deliver what they kept meanwhile */
    public Stalls(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
        this.grace = grace;
    }

    /** No stall known yet, and none added: every deadline is judged when it comes. */
    public static Stalls none() {
        return new Stalls(Duration.ZERO);
    }

    /** Ingest saw nothing new from {@code from} to {@code to}. */
    public synchronized void add(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            return;
        }
        Stall last = recent.peekLast();
        if (last != null && !from.isAfter(last.to().plus(grace))) {
            // began before agents had delivered after the last one (Kafka flapping): one stall as long as both, so
            // a deadline moved by the first is not judged inside the grace of the second
            recent.pollLast();
            Instant start = last.from().isBefore(from) ? last.from() : from;
            Duration length = last.length().plus(Duration.between(from, to));
            recent.addLast(new Stall(start, to, length));
        } else {
            recent.addLast(new Stall(from, to, Duration.between(from, to)));
        }
        while (recent.size() > KEPT || Duration.between(recent.peekFirst().to(), to).compareTo(FORGET_AFTER) > 0) {
            recent.pollFirst();
        }
    }

    /**
     * When a problem due at {@code deadline} may be judged: the deadline itself, or later when it fell in a stall
     * or its grace (then by the stall's length, and not before the grace ended). A deadline moved into a later
     * stall moves again.
     */
    public synchronized Instant judgeAt(Instant deadline) {
        Instant at = deadline;
        for (Stall s : recent) {
            Instant graceEnd = s.to().plus(grace);
            if (at.isAfter(s.from()) && !at.isAfter(graceEnd)) {
                Instant moved = at.plus(s.length());
                at = moved.isAfter(graceEnd) ? moved : graceEnd;
            }
        }
        return at;
    }
}
