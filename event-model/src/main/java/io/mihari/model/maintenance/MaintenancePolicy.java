package io.mihari.model.maintenance;

import io.mihari.model.catalog.DurationText;
import io.mihari.model.catalog.MaintenanceLimits;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The contract's rules for planned maintenance 計画停止, one place for dashboard-api (400 before anything is published)
 * and alert-service (a signed command that breaks them is rejected): planned maintenance is agreed in advance, so a
 * window
 * <ul>
 * <li>never starts before it is requested (nor before it is approved): the past is changed only by an administrator's
 * report revision with its reason;</li>
 * <li>is requested at least {@link MaintenanceLimits#notice()} before it starts, unless it is marked urgent 緊急 (then
 * it may start at once, and still needs the city's approval);</li>
 * <li>lasts at most {@link MaintenanceLimits#maxLength()} (a recurring one: each occurrence);</li>
 * <li>if recurring, has an end at most {@link MaintenanceLimits#maxRecurringSpan()} after its start, and its
 * occurrences take at most {@link MaintenanceLimits#maxHoursPerWeek()} of a week.</li>
 * </ul>
 * Every instant is judged against the command's {@code issuedAt}, which dashboard-api sets from its own clock and signs:
 * no client chooses it. Pure: no clock, no I/O. Each problem starts with the window's field it is about
 * ({@code start: …}); structural problems (no start, end before start) are {@link MaintenanceWindow#problems()}'s.
 */
public final class MaintenancePolicy {

    private MaintenancePolicy() {
    }

    /**
     * What keeps {@code window} from being requested (or registered) at {@code issuedAt} under {@code limits};
     * empty when it may be. Whether it is urgent is the window's own {@link MaintenanceWindow#urgent()}.
     */
    public static List<String> requestProblems(MaintenanceWindow window, MaintenanceLimits limits, Instant issuedAt) {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(issuedAt, "issuedAt");
        List<String> problems = new ArrayList<>();
        Instant start = window.start();
        if (start != null) {
            Instant earliest = issuedAt.plus(limits.notice());
            if (start.isBefore(issuedAt)) {
                problems.add("start: " + start + " is before the request (" + issuedAt + "): no maintenance window "
                        + "may start in the past; a past month is corrected only by an administrator's report "
                        + "revision with its reason");
            } else if (!window.urgent() && start.isBefore(earliest)) {
                problems.add("start: less than the notice of " + DurationText.of(limits.notice())
                        + " (maintenance.notice) before it starts; the earliest start requested now is " + earliest
                        + ", or request it as urgent (the city must still approve it)");
            }
        }
        Recurrence rule = window.recurrence();
        if (rule == null) {
            if (start != null && window.end() != null && window.end().isAfter(start)) {
                Duration length = Duration.between(start, window.end());
                if (length.compareTo(limits.maxLength()) > 0) {
                    problems.add("end: a window lasts at most " + DurationText.of(limits.maxLength())
                            + " (maintenance.maxLength), this one " + DurationText.of(length));
                }
            }
            return problems;
        }
        if (rule.duration() != null && rule.duration().compareTo(limits.maxLength()) > 0) {
            problems.add("recurrence.duration: each occurrence lasts at most " + DurationText.of(limits.maxLength())
                    + " (maintenance.maxLength), was " + DurationText.of(rule.duration()));
        }
        Duration weekly = weekly(rule);
        if (weekly != null && weekly.compareTo(limits.maxHoursPerWeek()) > 0) {
            problems.add("recurrence: " + DurationText.of(weekly) + " a week, at most "
                    + DurationText.of(limits.maxHoursPerWeek()) + " (maintenance.maxHoursPerWeek)");
        }
        if (window.end() == null) {
            problems.add("end: required for a recurring window, at most " + DurationText.of(limits.maxRecurringSpan())
                    + " after its start (maintenance.maxRecurringSpan)");
        } else if (start != null && Duration.between(start, window.end()).compareTo(limits.maxRecurringSpan()) > 0) {
            problems.add("end: a recurring window ends at most " + DurationText.of(limits.maxRecurringSpan())
                    + " after its start (maintenance.maxRecurringSpan), this one "
                    + DurationText.of(Duration.between(start, window.end())));
        }
        return problems;
    }

    /**
     * What keeps {@code window} from being approved or rejected at {@code issuedAt}; empty when it may be. Only a
     * request that still stands is decided, and approved only before it starts.
     *
     * @param decision {@link MaintenanceWindow.Status#APPROVED} or {@link MaintenanceWindow.Status#REJECTED}
     */
    public static Optional<String> decisionProblem(MaintenanceWindow window, MaintenanceWindow.Status decision,
            Instant issuedAt) {
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (window.cancelled()) {
            return Optional.of("windowId: " + window.id() + " was withdrawn at " + window.cancelledAt());
        }
        if (window.status() != MaintenanceWindow.Status.REQUESTED) {
            return Optional.of("windowId: " + window.id() + " is " + (window.status() == null
                    ? "a window stored before requests were approved" : window.status().name())
                    + "; only a REQUESTED window is approved or rejected");
        }
        if (decision == MaintenanceWindow.Status.APPROVED && window.start() != null
                && !issuedAt.isBefore(window.start())) {
            return Optional.of("windowId: " + window.id() + " started at " + window.start() + ", before the approval ("
                    + issuedAt + "): planned maintenance is approved before it starts");
        }
        return Optional.empty();
    }

    /**
     * What keeps someone of {@code role} from withdrawing {@code window}; empty when they may. A vendor withdraws only
     * what a vendor requested (never a window the city or an administrator registered); the city's operator and an
     * administrator any window of the service. Withdrawing one already withdrawn changes nothing (not a problem).
     */
    public static Optional<String> withdrawalProblem(MaintenanceWindow window, String role) {
        if ("vendor".equals(role) && !window.requestedByVendor()) {
            return Optional.of("windowId: " + window.id() + " was registered by the city or an administrator; "
                    + "a vendor withdraws only the windows it requested");
        }
        return Optional.empty();
    }

    /** The time a weekly rule takes each week; null when the rule is incomplete. */
    static Duration weekly(Recurrence rule) {
        if (rule.duration() == null || rule.daysOfWeek().isEmpty() || rule.daysOfWeek().contains(null)) {
            return null;
        }
        EnumSet<DayOfWeek> days = EnumSet.copyOf(rule.daysOfWeek());
        return rule.duration().multipliedBy(days.size());
    }
}
