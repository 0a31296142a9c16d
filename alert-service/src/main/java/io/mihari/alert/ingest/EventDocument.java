package io.mihari.alert.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mihari.model.event.BatchRun;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.Gap;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.OperatingStatus;
import io.mihari.model.event.Payload;
import io.mihari.model.event.ResourceSample;

import java.time.Instant;

/**
 * An event as stored in {@code mihari-events-*}: the envelope flattened, the payload under its type's
 * own field (so each type has its own strict mapping), plus what alert-service adds on receipt.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
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
        Heartbeat heartbeat,
        CheckResult check,
        ResourceSample resources,
        BatchRun batch,
        OperatingStatus operating,
        Gap gap) {

    public static EventDocument of(Event event, Instant receivedAt, boolean registered, String serviceId) {
        Payload p = event.payload();
        return new EventDocument(event.eventId(), event.schemaVersion(), event.type().name(), event.occurredAt(),
                receivedAt, event.tenant(), event.system(), event.host(), event.targetId(), event.agentId(),
                event.seq(), registered, serviceId,
                p instanceof Heartbeat h ? h : null,
                p instanceof CheckResult c ? c : null,
                p instanceof ResourceSample r ? r : null,
                p instanceof BatchRun b ? b : null,
                p instanceof OperatingStatus o ? o : null,
                p instanceof Gap g ? g : null);
    }
}
