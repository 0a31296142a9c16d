package io.mihari.model.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A half-open span of time {@code [start, end)}: {@code start} inclusive, {@code end} exclusive.
 *
 * @param start first instant inside
 * @param end first instant no longer inside; not before {@code start} ({@code start == end} is empty)
 */
public record Interval(Instant start, Instant end) {

    public Interval {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("an interval ends at or after its start, was " + start + "–" + end);
        }
    }

    /** How long it lasts. */
    public Duration duration() {
        return Duration.between(start, end);
    }

    /** Whether {@code at} is inside: at or after {@code start} and before {@code end}. */
    public boolean contains(Instant at) {
        return !at.isBefore(start) && at.isBefore(end);
    }

    /**
     * Sorts intervals by start and merges those that overlap or touch ({@code a.end == b.start}) into one.
     * Empty intervals are dropped.
     *
     * @return a new unmodifiable list of disjoint, non-touching intervals in ascending order
     */
    public static List<Interval> merge(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.removeIf(i -> !i.start.isBefore(i.end));
        sorted.sort(Comparator.comparing(Interval::start).thenComparing(Interval::end));
        List<Interval> merged = new ArrayList<>();
        Instant start = null;
        Instant end = null;
        for (Interval i : sorted) {
            if (start == null) {
                start = i.start;
                end = i.end;
            } else if (!i.start.isAfter(end)) {
                end = i.end.isAfter(end) ? i.end : end;
            } else {
                merged.add(new Interval(start, end));
                start = i.start;
                end = i.end;
            }
        }
        if (start != null) {
            merged.add(new Interval(start, end));
        }
        return List.copyOf(merged);
    }
}
