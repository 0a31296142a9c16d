package io.mihari.alert.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mihari.model.event.BatchRun;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.FileArrival;
import io.mihari.model.event.Gap;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.OperatingStatus;
import io.mihari.model.event.Payload;
import io.mihari.model.event.ResourceSample;

import java.time.Instant;

/**
 * An event as stored in {@code mihari-events-*}: the envelope flattened, the payload under its type's
 * own field (so each type has its own strict mapping), plus what alert-service adds on receipt.
 *
 * <p>Ingest writes it with {@link #write} (streaming, field by field) rather than through data binding of this
 * record; both give the same bytes ({@code EventDocumentTest} holds them equal for every event type).
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
        FileArrival file,
        Gap gap) {

    /**
     * Writes this document as data binding of the record would (same fields, same order, same values, nulls of the
     * envelope left out), as one JSON object on {@code g}; the payload goes through {@code payloads} (data binding).
     *
     * @param receivedAtText {@code receivedAt.toString()}, made once for a whole batch
     */
    public void write(com.fasterxml.jackson.core.JsonGenerator g, com.fasterxml.jackson.databind.ObjectWriter payloads,
            String receivedAtText) throws java.io.IOException {
        g.writeStartObject();
        g.writeStringField("eventId", eventId);
        g.writeNumberField("schemaVersion", schemaVersion);
        g.writeStringField("type", type);
        g.writeStringField("occurredAt", occurredAt.toString()); // ISO_INSTANT, as Jackson's InstantSerializer writes it
        g.writeStringField("receivedAt", receivedAtText);
        g.writeStringField("tenant", tenant);
        g.writeStringField("system", system);
        g.writeStringField("host", host);
        g.writeStringField("targetId", targetId);
        g.writeStringField("agentId", agentId);
        g.writeNumberField("seq", seq);
        g.writeBooleanField("registered", registered);
        if (serviceId != null) {
            g.writeStringField("serviceId", serviceId);
        }
        Object payload = heartbeat != null ? heartbeat : check != null ? check : resources != null ? resources
                : batch != null ? batch : operating != null ? operating : file != null ? file : gap;
        if (payload != null) {
            g.writeFieldName(heartbeat != null ? "heartbeat" : check != null ? "check" : resources != null ? "resources"
                    : batch != null ? "batch" : operating != null ? "operating" : file != null ? "file" : "gap");
            payloads.writeValue(g, payload);
        }
        g.writeEndObject();
    }

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
                p instanceof FileArrival f ? f : null,
                p instanceof Gap g ? g : null);
    }
}
