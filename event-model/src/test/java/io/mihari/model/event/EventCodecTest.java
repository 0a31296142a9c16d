package io.mihari.model.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    static final String VALID = """
            {"eventId":"e-1","schemaVersion":1,"type":"HEARTBEAT","occurredAt":"2026-11-25T01:02:03Z",
             "tenant":"kurashiki","system":"juki","host":"krs-juki-ap1","agentId":"agent-1","seq":7,
             "payload":{"intervalSeconds":10,"agentVersion":"0.1.0"}}""";

    @Test
    void heartbeatRoundTripsThroughJson() throws Exception {
        Event event = new Event("e-1", 1, EventType.HEARTBEAT, Instant.parse("2026-11-25T01:02:03Z"), "kurashiki",
                "juki", "krs-juki-ap1", "agent-1", 7, new Heartbeat(10, "0.1.0"));

        Event decoded = EventCodec.decode(EventCodec.encode(event));

        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.targetId()).isEqualTo("kurashiki/krs-juki-ap1");
    }

    @Test
    void decodesTheDocumentedWireFormat() throws Exception {
        Event event = EventCodec.decode(VALID);

        assertThat(event.payload()).isEqualTo(new Heartbeat(10, "0.1.0"));
        assertThat(event.seq()).isEqualTo(7);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json | {oops | not JSON",
            "array | [1,2] | not a JSON object",
            "unknown type | " + "{\"type\":\"TELEPATHY\"} | unknown event type 'TELEPATHY'",
            "missing payload | " + "{\"type\":\"HEARTBEAT\"} | payload is missing",
    })
    void rejectsMalformedRecordsWithAReason(String name, String json, String reason) {
        assertThatThrownBy(() -> EventCodec.decode(json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing eventId | \"eventId\":\"e-1\", | eventId is missing",
            "bad instant | 2026-11-25T01:02:03Z | is not an ISO-8601 instant",
            "bad host | krs-juki-ap1 | host 'bad host!' is not a valid name",
            "future schema | \"schemaVersion\":1 | schemaVersion 2 is not supported",
            "negative seq | \"seq\":7 | seq must not be negative",
            "zero interval | \"intervalSeconds\":10 | intervalSeconds must be at least 1",
            "extra payload field | \"agentVersion\" | payload.colour is not a field of HEARTBEAT",
    })
    void rejectsInvalidFieldsNamingTheField(String name, String find, String reason) {
        String replacement = switch (name) {
            case "missing eventId" -> "";
            case "bad instant" -> "yesterday";
            case "bad host" -> "bad host!";
            case "future schema" -> "\"schemaVersion\":2";
            case "negative seq" -> "\"seq\":-1";
            case "zero interval" -> "\"intervalSeconds\":0";
            default -> "\"colour\":\"red\",\"agentVersion\"";
        };
        String json = VALID.replace(find, replacement);

        assertThatThrownBy(() -> EventCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void emptyRecordIsInvalid() {
        assertThatThrownBy(() -> EventCodec.decode(new byte[0])).hasMessage("empty record");
    }
}
