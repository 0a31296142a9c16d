package io.mihari.alert.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mihari.alert.store.Indices;
import io.mihari.model.event.BatchRun;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventType;
import io.mihari.model.event.OperatingStatus;
import io.mihari.model.event.Payload;
import io.mihari.model.event.ResourceSample;
import io.mihari.model.event.Samples;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bulk body ingest writes field by field is, byte for byte, what data binding of {@link EventDocument} (the
 * way every earlier version wrote it) gives: same fields, same order, same values, same escaping.
 */
class EventDocumentTest {

    /** As Quarkus configures its ObjectMapper for the service: ISO-8601 instants. */
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    static final Instant RECEIVED = Instant.parse("2026-12-06T03:00:00.123Z");

    /** The body as it was written before streaming: the action line by hand, the document by data binding. */
    static byte[] boundBody(List<EventDocument> documents) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (EventDocument doc : documents) {
            body.write(("{\"create\":{\"_index\":\"" + Indices.events(doc.occurredAt()) + "\",\"_id\":")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(JSON.writeValueAsBytes(doc.eventId()));
            body.write("}}\n".getBytes(StandardCharsets.UTF_8));
            body.write(JSON.writeValueAsBytes(doc));
            body.write('\n');
        }
        return body.toByteArray();
    }

    static Event event(String id, EventType type, Instant at, String host, Payload payload) {
        return new Event(id, Event.SCHEMA_VERSION, type, at, "kurashiki", "juki", host, "agent-1", 7, payload);
    }

    @Test
    void everyTypeNullsAndEscapesAreWrittenAsDataBindingWritesThem() throws Exception {
        List<EventDocument> documents = new ArrayList<>();
        for (EventType type : EventType.values()) {
            Event sample = Samples.event(type);
            documents.add(EventDocument.of(sample, RECEIVED, true, "kurashiki-juki"));
            documents.add(EventDocument.of(sample, RECEIVED, false, null));
        }
        // optional payload fields absent, text that needs escaping, instants on other days and with nanoseconds
        documents.add(EventDocument.of(event("id \"quoted\" \\ back/slash\ttab", EventType.CHECK_RESULT,
                Instant.parse("2026-12-05T23:59:59.999999999Z"), "krs-juki-ap1",
                new CheckResult("juki-web", CheckResult.Kind.TCP, CheckResult.Status.UP, 0, null, null)),
                RECEIVED, true, "kurashiki-juki"));
        documents.add(EventDocument.of(event("e-住記-\u2028-\u0001", EventType.OPERATING_STATUS,
                Instant.parse("2026-01-01T00:00:00Z"), "krs-juki-ap2",
                new OperatingStatus("juki-ap", OperatingStatus.Status.STOPPED, "停止中 </script> \"x\"")),
                Instant.parse("2026-12-06T03:00:00Z"), false, null));
        documents.add(EventDocument.of(event("e-resources-nulls", EventType.RESOURCE_SAMPLE,
                Instant.parse("2026-12-06T02:59:59.5Z"), "krs-juki-db1",
                new ResourceSample(0, null, null, null, 0, 0, 0, 0, List.of(), 0)), RECEIVED, true, "s"));
        documents.add(EventDocument.of(event("e-batch-nulls", EventType.BATCH_RUN, Instant.parse("2026-12-06T00:00:00Z"),
                "krs-juki-ap1", new BatchRun("job", "run-1", BatchRun.State.STARTED, null, null, null)),
                RECEIVED, true, "s"));

        byte[] streamed = EventIndexer.body(documents, JSON, EventIndexer.payloads(JSON));

        assertThat(new String(streamed, StandardCharsets.UTF_8))
                .isEqualTo(new String(boundBody(documents), StandardCharsets.UTF_8));
        assertThat(streamed).isEqualTo(boundBody(documents));
        assertThat(new String(streamed, StandardCharsets.UTF_8).split("\n", -1))
                .hasSize(2 * documents.size() + 1).endsWith("");
    }

    @Test
    void noDocumentsIsAnEmptyBody() throws Exception {
        assertThat(EventIndexer.body(List.of(), JSON, EventIndexer.payloads(JSON))).isEmpty();
    }
}
