package io.mihari.model.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A planned maintenance window (計画メンテナンス) of one service: the whole service, or only some of its targets.
 * <p>
 * Either one-off ({@code recurrence} null: from {@code start} to {@code end}), or recurring ({@code recurrence}
 * set: its occurrences that start at or after {@code start} and before {@code end}, cut at {@code end}; {@code end}
 * null = open-ended). A cancelled window is withdrawn as a whole and plans nothing, not even before it was
 * cancelled.
 *
 * @param id unique id, at most 100 characters of {@code [A-Za-z0-9._:-]}
 * @param serviceId the service under maintenance
 * @param targetIds the targets under maintenance ({@code tenant/host}); empty = the whole service
 * @param title what is done, shown in announcements; at most 200 characters
 * @param start one-off: start (inclusive); recurring: from when the rule applies (inclusive)
 * @param end one-off: end (exclusive), after {@code start} and at most 31 days later; recurring: until when the rule
 *        applies (exclusive), null = open-ended
 * @param recurrence the weekly rule; null for a one-off window
 * @param createdBy who registered it
 * @param createdAt when it was registered
 * @param cancelledAt when it was cancelled; null while it stands
 * @param cancelledBy who cancelled it
 */
public record MaintenanceWindow(String id, String serviceId, List<String> targetIds, String title, Instant start,
        Instant end, Recurrence recurrence, String createdBy, Instant createdAt, Instant cancelledAt,
        String cancelledBy) {

    public static final int MAX_ID_LENGTH = 100;
    public static final int MAX_TITLE_LENGTH = 200;
    /** The longest one-off window allowed. */
    public static final Duration MAX_ONE_OFF = Duration.ofDays(31);

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]+");

    public MaintenanceWindow {
        targetIds = targetIds == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(targetIds));
    }

    /**
     * Validation problems, each starting with its field path (e.g. {@code "end: must be after start"}); empty when
     * the window is valid.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (blank(id)) {
            problems.add("id: required");
        } else if (id.length() > MAX_ID_LENGTH) {
            problems.add("id: at most " + MAX_ID_LENGTH + " characters");
        } else if (!ID.matcher(id).matches()) {
            problems.add("id: only letters, digits and . _ : - are allowed");
        }
        if (blank(serviceId)) {
            problems.add("serviceId: required");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < targetIds.size(); i++) {
            String targetId = targetIds.get(i);
            if (blank(targetId)) {
                problems.add("targetIds[" + i + "]: required");
            } else if (!seen.add(targetId)) {
                problems.add("targetIds[" + i + "]: duplicate '" + targetId + "'");
            }
        }
        if (blank(title)) {
            problems.add("title: required");
        } else if (title.length() > MAX_TITLE_LENGTH) {
            problems.add("title: at most " + MAX_TITLE_LENGTH + " characters");
        }
        if (start == null) {
            problems.add("start: required");
        }
        if (recurrence == null) {
            if (end == null) {
                problems.add("end: required");
            } else if (start != null && !end.isAfter(start)) {
                problems.add("end: must be after start");
            } else if (start != null && Duration.between(start, end).compareTo(MAX_ONE_OFF) > 0) {
                problems.add("end: a one-off window is at most 31 days");
            }
        } else {
            if (start != null && end != null && !end.isAfter(start)) {
                problems.add("end: must be after start");
            }
            problems.addAll(recurrence.problems("recurrence."));
        }
        if (cancelledBy != null && cancelledAt == null) {
            problems.add("cancelledAt: required when cancelledBy is set");
        }
        return problems;
    }

    /** Whether it has been cancelled. */
    public boolean cancelled() {
        return cancelledAt != null;
    }

    /**
     * This window cancelled at {@code at} by {@code by}; an already cancelled window is returned unchanged (the first
     * cancellation stands).
     */
    public MaintenanceWindow cancel(Instant at, String by) {
        Objects.requireNonNull(at, "at");
        if (cancelled()) {
            return this;
        }
        return new MaintenanceWindow(id, serviceId, targetIds, title, start, end, recurrence, createdBy, createdAt,
                at, by);
    }

    /**
     * The planned intervals of this window that overlap {@code [from, to)}, clipped to it, sorted and merged where
     * they overlap or touch. Empty when the window is cancelled, when {@code to} is not after {@code from}, or when
     * its times cannot be scheduled (no start, end not after start, one-off without end, invalid recurrence; see
     * {@link #problems()}).
     */
    public List<Interval> intervals(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (cancelled() || !from.isBefore(to) || start == null || (end != null && !end.isAfter(start))) {
            return List.of();
        }
        if (recurrence == null) {
            if (end == null) {
                return List.of();
            }
            Instant clippedStart = Recurrence.later(start, from);
            Instant clippedEnd = Recurrence.earlier(end, to);
            return clippedStart.isBefore(clippedEnd) ? List.of(new Interval(clippedStart, clippedEnd)) : List.of();
        }
        if (!recurrence.problems("").isEmpty()) {
            return List.of();
        }
        return recurrence.intervals(start, end, from, to);
    }

    /**
     * Whether {@code at} is inside one of its intervals and the window applies to {@code targetId}: it names no
     * targets (the whole service), or names this one. A null {@code targetId} is covered only by a whole-service
     * window.
     */
    public boolean covers(Instant at, String targetId) {
        boolean applies = targetIds.isEmpty() || (targetId != null && targetIds.contains(targetId));
        return applies && inside(at);
    }

    /** Whether {@code at} is inside one of its intervals and the window is for the whole service. */
    public boolean coversService(Instant at) {
        return targetIds.isEmpty() && inside(at);
    }

    private boolean inside(Instant at) {
        Objects.requireNonNull(at, "at");
        return !intervals(at, at.plusNanos(1)).isEmpty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
