package io.mihari.model.catalog;

import java.util.List;

/** A company that builds and operates systems, with the people who answer its incidents. */
public record Vendor(String id, LocalizedName name, List<Contact> contacts) {
    public Vendor {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
    }
}
