package io.mihari.model.catalog;

import java.util.List;

/** A city whose systems are monitored, with the operators who watch them. */
public record Tenant(String id, LocalizedName name, List<Contact> contacts) {
    public Tenant {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
    }
}
