package io.mihari.model.catalog;

import java.time.Duration;
import java.util.Objects;

/**
 * What the contract allows of planned maintenance 計画停止 of a service (catalog {@code maintenance}, in
 * {@code defaults} or per service, field by field): how far ahead a window must be requested, how long one may last,
 * how far a recurring one may reach and how many hours a week it may take. {@code MaintenancePolicy} judges a request
 * against them.
 *
 * @param notice a window is requested at least this long before it starts (事前通知); an urgent request 緊急 may be
 *        shorter (never in the past) and needs the city's approval all the same; may be zero
 * @param maxLength the longest one-off window, and the longest occurrence of a recurring one
 * @param maxRecurringSpan a recurring window needs an end at most this long after its start
 * @param maxHoursPerWeek a recurring window's occurrences take at most this much of a week
 */
public record MaintenanceLimits(Duration notice, Duration maxLength, Duration maxRecurringSpan,
        Duration maxHoursPerWeek) {

    /** The longest {@link #maxLength()} a catalog may set (a week, like a recurring occurrence's own bound). */
    public static final Duration MAX_LENGTH = Duration.ofDays(7);
    /** A week. */
    public static final Duration WEEK = Duration.ofDays(7);

    /** The built-in limits: 3 days' notice, 12 h at most, recurring for at most 366 days, 12 h a week. */
    public static final MaintenanceLimits DEFAULT = new MaintenanceLimits(Duration.ofDays(3), Duration.ofHours(12),
            Duration.ofDays(366), Duration.ofHours(12));

    public MaintenanceLimits {
        Objects.requireNonNull(notice, "notice");
        Objects.requireNonNull(maxLength, "maxLength");
        Objects.requireNonNull(maxRecurringSpan, "maxRecurringSpan");
        Objects.requireNonNull(maxHoursPerWeek, "maxHoursPerWeek");
        if (notice.isNegative()) {
            throw new IllegalArgumentException("notice must not be negative");
        }
        if (!positive(maxLength) || maxLength.compareTo(MAX_LENGTH) > 0) {
            throw new IllegalArgumentException("maxLength must be positive and at most 7d");
        }
        if (!positive(maxRecurringSpan)) {
            throw new IllegalArgumentException("maxRecurringSpan must be positive");
        }
        if (!positive(maxHoursPerWeek) || maxHoursPerWeek.compareTo(WEEK) > 0) {
            throw new IllegalArgumentException("maxHoursPerWeek must be positive and at most 168h");
        }
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
