package io.mihari.model.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One event on the event topics ({@link Topics#events(String)}): the envelope every event shares, then its payload.
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

    /** The instants an event may carry (four-digit years, as RFC 3339 writes them). */
    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    public Event {
        Limits.requiredText("eventId", eventId, Limits.ID);
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion " + schemaVersion + " is not supported (expected "
                    + SCHEMA_VERSION + ")");
        }
        Objects.requireNonNull(occurredAt, "occurredAt is missing");
        if (occurredAt.isBefore(EARLIEST) || occurredAt.isAfter(LATEST)) {
            throw new IllegalArgumentException("occurredAt " + occurredAt + " is outside the years 0000–9999");
        }
        TargetId.requireName("tenant", tenant);
        TargetId.requireName("system", system);
        TargetId.requireName("host", host);
        TargetId.requireName("agentId", agentId);
        Limits.notNegative("seq", seq);
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
