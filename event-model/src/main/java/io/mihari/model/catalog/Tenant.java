package io.mihari.model.catalog;

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
 */
public record Tenant(String id, LocalizedName name, List<Contact> contacts, Boolean requireSecondFactor,
        String cloudProvider, String carrier) {
    public Tenant {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        requireSecondFactor = Boolean.TRUE.equals(requireSecondFactor);
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
