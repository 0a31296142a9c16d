package io.mihari.model.catalog;

import io.mihari.model.calendar.BusinessCalendar;

import java.util.List;

/**
 * A city whose systems are monitored, with the operators who watch them.
 *
 * @param requireSecondFactor whether the city's own operators must log in to the dashboard with a second factor
 *        (vendors and administrators always do); absent means no
 * @param cloudProvider the party (kind cloud-provider) that answers for the city's cloud components and for an
 *        outage attributed {@code CLOUD}; null = the defaults', else none
 * @param carrier the party (kind carrier) that answers for the city's lines and for an outage attributed
 *        {@code CARRIER}; null = the defaults', else none
 * @param calendar the city's business calendar 開庁日: Japan's ({@link BusinessCalendar#JAPAN}: weekends, national
 *        holidays, the year-end closure) plus the city's own closed and open days (catalog {@code calendar:
 *        {closedDates: [...], openDates: [...]}}); null = {@link BusinessCalendar#JAPAN}
 * @param escalation who is told, step by step, when nobody acknowledges a CRITICAL incident of the city's services
 *        ({@link Escalation}; a service's own replaces it); null = no escalation
 */
public record Tenant(String id, LocalizedName name, List<Contact> contacts, Boolean requireSecondFactor,
        String cloudProvider, String carrier, BusinessCalendar calendar, Escalation escalation) {
    public Tenant {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        requireSecondFactor = Boolean.TRUE.equals(requireSecondFactor);
        calendar = calendar == null ? BusinessCalendar.JAPAN : calendar;
    }

    public Tenant(String id, LocalizedName name, List<Contact> contacts, Boolean requireSecondFactor,
            String cloudProvider, String carrier, BusinessCalendar calendar) {
        this(id, name, contacts, requireSecondFactor, cloudProvider, carrier, calendar, null);
    }

    public Tenant(String id, LocalizedName name, List<Contact> contacts, Boolean requireSecondFactor,
            String cloudProvider, String carrier) {
        this(id, name, contacts, requireSecondFactor, cloudProvider, carrier, null);
    }

    public Tenant(String id, LocalizedName name, List<Contact> contacts, Boolean requireSecondFactor) {
        this(id, name, contacts, requireSecondFactor, null, null);
    }

    public Tenant(String id, LocalizedName name, List<Contact> contacts) {
        this(id, name, contacts, false);
    }

    /** Whether the city asks a second factor of its operators. */
    public boolean secondFactorRequired() {
        return requireSecondFactor;
    }
}
