package io.mihari.model.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTypesTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeRoundTripsThroughJson(EventType type) throws Exception {
        Event event = Samples.event(type);

        assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
    }

    @Test
    void publishedJsonSchemaDescribesEveryTypeAndEveryPayloadField() throws Exception {
        JsonNode schema;
        try (InputStream in = Event.class.getResourceAsStream("mihari-event-v1.schema.json")) {
            schema = new ObjectMapper().readTree(in);
        }
        List<String> types = new ArrayList<>();
        schema.path("properties").path("type").path("enum").forEach(t -> types.add(t.asText()));
        assertThat(types).containsExactlyElementsOf(Arrays.stream(EventType.values()).map(Enum::name).toList());
        for (JsonNode rule : schema.path("allOf")) {
            EventType type = EventType.valueOf(rule.path("if").path("properties").path("type").path("const").asText());
            List<String> fields = new ArrayList<>();
            rule.path("then").path("properties").path("payload").path("properties").fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as(type + " payload fields")
                    .containsExactlyElementsOf(Arrays.stream(type.payloadType().getRecordComponents())
                            .map(RecordComponent::getName).toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "started with exit code | STARTED | 0 | a STARTED run has no exitCode",
            "succeeded with exit 1 | SUCCEEDED | 1 | a SUCCEEDED run has exitCode 0",
            "failed with exit 0 | FAILED | 0 | a FAILED run has a non-zero exitCode",
    })
    void batchRunStatesKeepTheirExitCodeRules(String name, BatchRun.State state, int exitCode, String message) {
        assertThatThrownBy(() -> new BatchRun("job", "run-1", state, exitCode, 10L, null)).hasMessageContaining(message);
    }

    @Test
    void endedRunNeedsItsDuration() {
        assertThatThrownBy(() -> new BatchRun("job", "run-1", BatchRun.State.FAILED, 1, null, null))
                .hasMessageContaining("payload.durationMs is required");
    }

    @Test
    void unknownEnumValueNamesTheField() {
        String json = new String(EventCodec.encode(Samples.event(EventType.CHECK_RESULT)))
                .replace("\"HTTP\"", "\"SMTP\"");

        assertThatThrownBy(() -> EventCodec.decode(json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("payload.kind");
    }

    @Test
    void cpuOutOfRangeIsRejected() {
        String json = new String(EventCodec.encode(Samples.event(EventType.RESOURCE_SAMPLE)))
                .replace("\"cpuPercent\":12.5", "\"cpuPercent\":250.0");

        assertThatThrownBy(() -> EventCodec.decode(json)).hasMessageContaining("payload.cpuPercent must be within 0–100");
    }

    @Test
    void diskUsedPercent() {
        assertThat(new ResourceSample.Disk("/", 200, 50).usedPercent()).isEqualTo(25.0);
    }
}
