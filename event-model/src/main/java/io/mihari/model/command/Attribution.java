package io.mihari.model.command;

/**
 * Whose responsibility an incident was 責任区分. Only {@link #VENDOR} time counts against the vendor's availability
 * when causes outside its responsibility are excluded; {@link #PLANNED} is announced maintenance.
 */
public enum Attribution {
    VENDOR, CLOUD, CITY, EXTERNAL, PLANNED;

    /** Whether the vendor operating the service answers for it. */
    public boolean vendorsResponsibility() {
        return this == VENDOR;
    }
}
