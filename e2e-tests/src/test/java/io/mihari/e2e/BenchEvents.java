package io.mihari.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Payload;
import io.mihari.model.event.Samples;

import java.time.Instant;
import java.util.UUID;

/**
 * The events the ingest benchmark sends, and the document alert-service makes of each (the shape of
 * alert-service's {@code EventDocument}: the envelope flattened, the payload under its type's own field, plus
 * {@code receivedAt}, {@code targetId} and {@code registered}), so the raw {@code _bulk} baseline indexes the
 * same documents alert-service does.
 */
final class BenchEvents {

    /** Hosts of the throughput and latency phases announce this interval: they must not go DOWN during the run. */
    static final int QUIET_INTERVAL_SECONDS = 3600;

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final CheckResult CHECK_UP = new CheckResult("juki-web", CheckResult.Kind.HTTP,
            CheckResult.Status.UP, 42, "HTTP 200 OK", 87);

    private BenchEvents() {
    }

    /** A heartbeat of {@code tenant/host}; {@code agentId} is {@code agent-<host>}. */
    static Event heartbeat(String tenant, String system, String host, long seq, int intervalSeconds, Instant at) {
        return event(tenant, system, host, seq, new Heartbeat(intervalSeconds, "bench"), at);
    }

    /**
     * Event number {@code i} of a throughput phase: heartbeats, resource samples and passing checks in turn, the
     * kinds an agent sends all day. Nothing here can make a host DOWN or raise a resource alert.
     */
    static Event mixed(long i, String tenant, String system, String host, long seq, Instant at) {
        Payload payload = switch ((int) (i % 3)) {
            case 0 -> new Heartbeat(QUIET_INTERVAL_SECONDS, "bench");
            case 1 -> Samples.PAYLOADS.get(EventType.RESOURCE_SAMPLE);
            default -> CHECK_UP;
        };
        return event(tenant, system, host, seq, payload, at);
    }

    static Event event(String tenant, String system, String host, long seq, Payload payload, Instant at) {
        return event(UUID.randomUUID().toString(), tenant, system, host, seq, payload, at);
    }

    /** An event with an id of the caller's (e.g. a common prefix, to count a run's events). */
    static Event event(String eventId, String tenant, String system, String host, long seq, Payload payload,
            Instant at) {
        return new Event(eventId, Event.SCHEMA_VERSION, EventType.of(payload), at, tenant, system, host,
                "agent-" + host, seq, payload);
    }

    /** The document alert-service stores for an event of a host missing from the catalog. */
    static String document(Event event, Instant receivedAt) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("eventId", event.eventId());
        doc.put("schemaVersion", event.schemaVersion());
        doc.put("type", event.type().name());
        doc.put("occurredAt", event.occurredAt().toString());
        doc.put("receivedAt", receivedAt.toString());
        doc.put("tenant", event.tenant());
        doc.put("system", event.system());
        doc.put("host", event.host());
        doc.put("targetId", event.targetId());
        doc.put("agentId", event.agentId());
        doc.put("seq", event.seq());
        doc.put("registered", false);
        doc.set(payloadField(event.type()), JSON.valueToTree(event.payload()));
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.eventId(), e);
        }
    }

    /** The field that holds a payload of this type in {@code mihari-events-*} (the committed index template). */
    static String payloadField(EventType type) {
        return switch (type) {
            case HEARTBEAT -> "heartbeat";
            case CHECK_RESULT -> "check";
            case RESOURCE_SAMPLE -> "resources";
            case BATCH_RUN -> "batch";
            case OPERATING_STATUS -> "operating";
            case GAP -> "gap";
            default -> throw new IllegalArgumentException("the benchmark does not send " + type);
        };
    }
}
