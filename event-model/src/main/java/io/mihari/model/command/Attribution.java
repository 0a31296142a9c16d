package io.mihari.model.command;

/**
 * Whose responsibility an incident was 責任区分: {@link #VENDOR} the party operating the service, {@link #CLOUD} the
 * city's cloud provider, {@link #CARRIER} the city's network carrier, {@link #CITY} the city itself, {@link #EXTERNAL}
 * nobody measured (force majeure, a third party), {@link #PLANNED} announced maintenance. The catalog resolves each to
 * a party ({@code Catalog.responsible}); only time of the service's own party counts against its figure.
 */
public enum Attribution {
    VENDOR, CLOUD, CITY, EXTERNAL, PLANNED, CARRIER;

    /** Whether the vendor operating the service answers for it. */
    public boolean vendorsResponsibility() {
        return this == VENDOR;
    }
}
