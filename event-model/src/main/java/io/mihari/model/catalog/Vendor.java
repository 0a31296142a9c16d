package io.mihari.model.catalog;

import java.util.List;

/**
 * A responsible party (責任主体) other than a city: an app vendor that builds and operates systems (the catalog's
 * {@code vendors}), or a cloud provider or network carrier (its {@code parties}), with the people who answer its
 * incidents. Its users log in with the vendor role and its id as organisation, and see what it answers for.
 *
 * @param kind {@code app-vendor} (default), {@code cloud-provider} or {@code carrier}
 * @param sla its own target and report clocks; null = the services' and alert-service's
 */
public record Vendor(String id, LocalizedName name, List<Contact> contacts, String kind, PartySla sla) {
    public Vendor {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        PartyKind parsed = PartyKind.parse(kind);
        if (parsed == PartyKind.CITY) {
            throw new IllegalArgumentException("kind: a city is a tenant, not a party to list");
        }
        kind = parsed.yamlName();
    }

    /** An app vendor with no SLA settings of its own. */
    public Vendor(String id, LocalizedName name, List<Contact> contacts) {
        this(id, name, contacts, null, null);
    }

    public PartyKind partyKind() {
        return PartyKind.parse(kind);
    }
}
