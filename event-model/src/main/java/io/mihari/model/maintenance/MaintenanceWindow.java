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
 * A planned maintenance window (計画停止 / 計画メンテナンス) of one service: the whole service, or only some of its
 * targets.
 * <p>
 * Either one-off ({@code recurrence} null: from {@code start} to {@code end}), or recurring ({@code recurrence}
 * set: its occurrences that start at or after {@code start} and before {@code end}, cut at {@code end}; {@code end}
 * null = open-ended).
 * <p>
 * Planned maintenance is agreed in advance, as the contract defines it: a vendor <em>requests</em> a window
 * ({@link Status#REQUESTED}); it plans anything — leaves the availability denominator, mutes incidents — only once
 * the city's operator or an administrator has {@link Status#APPROVED approved} it before it starts (a window an
 * operator or administrator registers is approved by them at once). A rejected request plans nothing. A withdrawn
 * ({@code cancelledAt}) window plans nothing from its withdrawal on: withdrawn before it starts, nothing at all;
 * what already happened stays (no one changes the past by withdrawing; corrections are report revisions).
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
 * @param cancelledAt when it was withdrawn; null while it stands
 * @param cancelledBy who withdrew it
 * @param status where the request stands; null (a window stored before approvals existed) plans nothing
 * @param urgent requested with less than the service's notice (緊急): needs the city's approval all the same
 * @param decidedBy who approved or rejected it
 * @param decidedAt when
 * @param decisionNote why (optional for an approval)
 * @param createdByRole the role of who registered it: {@code vendor} (a request), {@code operator} or {@code admin}
 *        (approved at once); null when not known (stored before it was recorded). A vendor may withdraw only what a
 *        vendor requested.
 */
public record MaintenanceWindow(String id, String serviceId, List<String> targetIds, String title, Instant start,
        Instant end, Recurrence recurrence, String createdBy, Instant createdAt, Instant cancelledAt,
        String cancelledBy, Status status, boolean urgent, String decidedBy, Instant decidedAt, String decisionNote,
        String createdByRole) {

    /** Where a request stands. */
    public enum Status {
        /** Asked for by the vendor; plans nothing until approved. */
        REQUESTED,
        /** Agreed by the city (or an administrator) before it started: planned. */
        APPROVED,
        /** Refused: plans nothing. */
        REJECTED
    }

    /** An approved window (as an operator registers it, or as a computation's input in tests). */
    public MaintenanceWindow(String id, String serviceId, List<String> targetIds, String title, Instant start,
            Instant end, Recurrence recurrence, String createdBy, Instant createdAt, Instant cancelledAt,
            String cancelledBy) {
        this(id, serviceId, targetIds, title, start, end, recurrence, createdBy, createdAt, cancelledAt, cancelledBy,
                Status.APPROVED, false, createdBy, createdAt, null, null);
    }

    /** A window as a command carries it: what is asked for, nothing yet about who or when (alert-service adds that). */
    public static MaintenanceWindow asked(String id, String serviceId, List<String> targetIds, String title,
            Instant start, Instant end, Recurrence recurrence, boolean urgent) {
        return new MaintenanceWindow(id, serviceId, targetIds, title, start, end, recurrence, null, null, null, null,
                null, urgent, null, null, null, null);
    }

    /** The role of a vendor, as {@link #createdByRole()} records it. */
    public static final String VENDOR = "vendor";

    public static final int MAX_ID_LENGTH = 100;
    public static final int MAX_TITLE_LENGTH = 200;
    /** The longest one-off window allowed. */
    public static final Duration MAX_ONE_OFF = Duration.ofDays(31);
    /** The longest decision note. */
    public static final int MAX_NOTE_LENGTH = 2000;

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
        if (decisionNote != null && decisionNote.length() > MAX_NOTE_LENGTH) {
            problems.add("decisionNote: at most " + MAX_NOTE_LENGTH + " characters");
        }
        return problems;
    }

    /** Whether it has been withdrawn. */
    public boolean cancelled() {
        return cancelledAt != null;
    }

    /** Whether it plans anything: approved (a request, a rejected one or one stored before approvals: nothing). */
    public boolean approved() {
        return status == Status.APPROVED;
    }

    /**
     * This window withdrawn at {@code at} by {@code by}; an already withdrawn window is returned unchanged (the first
     * withdrawal stands).
     */
    public MaintenanceWindow cancel(Instant at, String by) {
        Objects.requireNonNull(at, "at");
        if (cancelled()) {
            return this;
        }
        return new MaintenanceWindow(id, serviceId, targetIds, title, start, end, recurrence, createdBy, createdAt,
                at, by, status, urgent, decidedBy, decidedAt, decisionNote, createdByRole);
    }

    /** This request as the vendor's {@code by} requested it at {@code at} (not planned until approved). */
    public MaintenanceWindow requested(String by, Instant at, boolean urgentRequest) {
        return new MaintenanceWindow(id, serviceId, targetIds, title, start, end, recurrence, by, at, null, null,
                Status.REQUESTED, urgentRequest, null, null, null, VENDOR);
    }

    /**
     * This window as the city's operator or an administrator ({@code role}) registered it at {@code at}: approved by
     * them at once.
     */
    public MaintenanceWindow registered(String by, String role, Instant at, boolean urgentWindow) {
        return new MaintenanceWindow(id, serviceId, targetIds, title, start, end, recurrence, by, at, null, null,
                Status.APPROVED, urgentWindow, by, at, null, role);
    }

    /** Whether a vendor asked for it (a vendor withdraws only what a vendor requested). */
    public boolean requestedByVendor() {
        return VENDOR.equals(createdByRole);
    }

    /** This window decided ({@link Status#APPROVED} or {@link Status#REJECTED}) at {@code at} by {@code by}. */
    public MaintenanceWindow decided(Status decision, String by, Instant at, String note) {
        if (decision == Status.REQUESTED) {
            throw new IllegalArgumentException("a decision is APPROVED or REJECTED");
        }
        return new MaintenanceWindow(id, serviceId, targetIds, title, start, end, recurrence, createdBy, createdAt,
                cancelledAt, cancelledBy, decision, urgent, by, at, note, createdByRole);
    }

    /**
     * The planned intervals of this window that overlap {@code [from, to)}, clipped to it, sorted and merged where
     * they overlap or touch. Empty when the window is not {@link #approved()}, when {@code to} is not after
     * {@code from}, or when its times cannot be scheduled (no start, end not after start, one-off without end, invalid
     * recurrence; see {@link #problems()}); a withdrawn window's intervals end at its withdrawal.
     */
    public List<Interval> intervals(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (cancelled()) {
            to = Recurrence.earlier(to, cancelledAt);
        }
        if (!approved() || !from.isBefore(to) || start == null || (end != null && !end.isAfter(start))) {
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
