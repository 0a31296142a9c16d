package io.mihari.model.catalog;

import io.mihari.model.calendar.BusinessCalendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Who is told, step by step, when nobody acknowledges a CRITICAL incident (catalog {@code escalation}, on a tenant or
 * a service; a service's replaces its tenant's): step {@code k} (1, 2, …) is due {@code k × after} after the incident
 * became CRITICAL and goes, unless someone acknowledged it by then, to the k-th entry of {@code steps} — or, outside
 * business hours (a day that is not a business day on the city's {@link BusinessCalendar}, or a time outside
 * {@code businessHours}), to the k-th entry of {@code offHours}. When the list of the period has no k-th entry the
 * other list's is taken; the escalation ends after the longer list.
 *
 * <pre>
 * escalation:
 *   after: 15m
 *   businessHours: {from: "08:30", to: "17:15"}
 *   steps:
 *     - contacts: [{email: leader@vendor.example}]
 *     - contacts: [{email: manager@vendor.example}, {email: dx@city.example}]
 *   offHours:
 *     - contacts: [{email: night-duty@vendor.example}]
 * </pre>
 *
 * @param after the delay before the first step and between steps (default 15 minutes)
 * @param steps the contacts of each step during business hours
 * @param offHours the contacts of each step outside business hours (nights, weekends, holidays, the city's closed
 *        days); empty: the same as {@code steps}
 * @param businessFrom business hours start (default 08:30, in the service's time zone)
 * @param businessTo business hours end, exclusive (default 17:15)
 */
public record Escalation(Duration after, List<Step> steps, List<Step> offHours, LocalTime businessFrom,
        LocalTime businessTo) {

    /** The default delay: 15 minutes without an acknowledgement. */
    public static final Duration DEFAULT_AFTER = Duration.ofMinutes(15);
    /** Business hours of a city hall when the catalog names none. */
    public static final LocalTime DEFAULT_FROM = LocalTime.of(8, 30);
    public static final LocalTime DEFAULT_TO = LocalTime.of(17, 15);

    /** One step: the contacts mailed at it. */
    public record Step(List<Contact> contacts) {
        public Step {
            contacts = contacts == null ? List.of() : List.copyOf(contacts);
        }
    }

    public Escalation {
        after = after == null ? DEFAULT_AFTER : after;
        steps = steps == null ? List.of() : List.copyOf(steps);
        offHours = offHours == null ? List.of() : List.copyOf(offHours);
        businessFrom = businessFrom == null ? DEFAULT_FROM : businessFrom;
        businessTo = businessTo == null ? DEFAULT_TO : businessTo;
        if (after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("after must be positive, was " + after);
        }
    }

    /** How many steps there are at most (the longer list). */
    public int stepCount() {
        return Math.max(steps.size(), offHours.size());
    }

    /** When step {@code k} (1, 2, …) is due for an incident CRITICAL since {@code criticalSince}. */
    public Instant dueAt(Instant criticalSince, int k) {
        return criticalSince.plus(after.multipliedBy(k));
    }

    /**
     * Whether {@code at} is outside business hours: not a business day on {@code calendar}, or before
     * {@code businessFrom} or from {@code businessTo} on, in {@code zone}.
     */
    public boolean offHoursAt(Instant at, BusinessCalendar calendar, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        if (!calendar.isBusinessDay(local.toLocalDate())) {
            return true;
        }
        LocalTime time = local.toLocalTime();
        return time.isBefore(businessFrom) || !time.isBefore(businessTo);
    }

    /**
     * The contacts of step {@code k} (1, 2, …): the k-th of {@code offHours} when {@code offHoursNow} and listed, else
     * the k-th of {@code steps}, else the k-th of {@code offHours}; empty when neither list has a k-th step.
     */
    public List<Contact> contacts(int k, boolean offHoursNow) {
        List<Step> first = offHoursNow ? offHours : steps;
        List<Step> other = offHoursNow ? steps : offHours;
        if (k >= 1 && k <= first.size()) {
            return first.get(k - 1).contacts();
        }
        if (k >= 1 && k <= other.size()) {
            return other.get(k - 1).contacts();
        }
        return List.of();
    }

    /** Whether step {@code k} at a time that is {@code offHoursNow} takes the off-hours list. */
    public boolean usesOffHours(int k, boolean offHoursNow) {
        return offHoursNow ? k <= offHours.size() : k > steps.size() && k <= offHours.size();
    }
}
