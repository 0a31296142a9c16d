package io.mihari.model.event;

import java.util.regex.Pattern;

/**
 * Identifies a monitored server: {@code tenant/host}. It is the Kafka key of every event, so all
 * events of one target land in one partition, in order.
 */
public final class TargetId {

    /** Identifiers (tenant, system, host, agent) are names a person can type and a URL can carry. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private TargetId() {
    }

    public static String of(String tenant, String host) {
        return requireName("tenant", tenant) + "/" + requireName("host", host);
    }

    public static String requireName(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " " + Limits.quote(value)
                    + " is not a valid name (letters, digits, '.', '_', '-'; at most 63 characters)");
        }
        return value;
    }
}
