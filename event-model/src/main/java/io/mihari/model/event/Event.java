package io.mihari.model.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One event on {@link Topics#EVENTS}: the envelope every event shares, then its payload.
 *
 * @param eventId unique per event, made by the agent; it is the OpenSearch document id, so a replay never duplicates
 * @param schemaVersion version of this envelope's schema ({@link #SCHEMA_VERSION})
 * @param type what the payload is
 * @param occurredAt when it happened, on the agent's clock
 * @param tenant the city, e.g. {@code kurashiki}
 * @param system the system group, e.g. {@code juki}
 * @param host the server's name in the catalog
 * @param agentId the agent instance that sent it
 * @param seq per-agent sequence number, so gaps are visible
 * @param payload the type-specific part
 */
public record Event(
        String eventId,
        int schemaVersion,
        EventType type,
        Instant occurredAt,
        String tenant,
        String system,
        String host,
        String agentId,
        long seq,
        Payload payload) {

    public static final int SCHEMA_VERSION = 1;

    public Event {
        if (eventId == null || eventId.isBlank() || eventId.length() > 128) {
            throw new IllegalArgumentException("eventId is missing or longer than 128 characters");
        }
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion " + schemaVersion + " is not supported (expected "
                    + SCHEMA_VERSION + ")");
        }
        Objects.requireNonNull(occurredAt, "occurredAt is missing");
        TargetId.requireName("tenant", tenant);
        TargetId.requireName("system", system);
        TargetId.requireName("host", host);
        TargetId.requireName("agentId", agentId);
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative, was " + seq);
        }
        Objects.requireNonNull(payload, "payload is missing");
        Objects.requireNonNull(type, "type is missing");
        if (!type.payloadType().isInstance(payload)) {
            throw new IllegalArgumentException("payload does not match type " + type);
        }
    }

    /** The Kafka key and the identity of the server this event is about. */
    public String targetId() {
        return tenant + "/" + host; // both validated when the event was made (TargetId.of would check again)
    }
}
