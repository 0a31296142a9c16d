package io.mihari.alert.ingest;

import io.mihari.model.event.Event;
import io.mihari.model.event.Heartbeat;

import java.time.Instant;

/**
 * An event as stored in {@code mihari-events-*}: the envelope flattened, the payload under its type's
 * name (so each type has its own strict mapping), plus what alert-service adds on receipt.
 */
public record EventDocument(
        String eventId,
        int schemaVersion,
        String type,
        Instant occurredAt,
        Instant receivedAt,
        String tenant,
        String system,
        String host,
        String targetId,
        String agentId,
        long seq,
        boolean registered,
        String serviceId,
        Heartbeat heartbeat) {

    public static EventDocument of(Event event, Instant receivedAt, boolean registered, String serviceId) {
        return new EventDocument(event.eventId(), event.schemaVersion(), event.type().name(), event.occurredAt(),
                receivedAt, event.tenant(), event.system(), event.host(), event.targetId(), event.agentId(),
                event.seq(), registered, serviceId,
                event.payload() instanceof Heartbeat h ? h : null);
    }
}
