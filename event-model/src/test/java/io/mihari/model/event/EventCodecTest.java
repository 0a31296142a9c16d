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
            "missing type | " + "{\"payload\":{}} | type is missing",
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

    static final String BATCH = """
            {"eventId":"e-2","schemaVersion":1,"type":"BATCH_RUN","occurredAt":"2027-01-12T17:40:00Z",
             "tenant":"kurashiki","system":"juki","host":"krs-juki-db1","agentId":"agent-1","seq":8,
             "payload":{"job":"nightly-juki-export","runId":"r-1","state":"SUCCEEDED","exitCode":0,
             "durationMs":600000COUNT}}""";

    @Test
    void aPingCheckResultRoundTripsAndMatchesTheSchema() throws Exception {
        String json = """
                {"eventId":"e-3","schemaVersion":1,"type":"CHECK_RESULT","occurredAt":"2027-01-12T17:40:00Z",
                 "tenant":"kurashiki","system":"network","host":"krs-core-sw1","agentId":"agent-1","seq":9,
                 "payload":{"name":"core-switch","kind":"PING","status":"DOWN","latencyMs":5000,
                 "message":"0/5 replies, loss 100%"}}""";

        Event event = EventCodec.decode(json);

        assertThat(event.payload()).isEqualTo(new CheckResult("core-switch", CheckResult.Kind.PING,
                CheckResult.Status.DOWN, 5000, "0/5 replies, loss 100%", null));
        assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
        assertThat(new String(EventCodec.class.getResourceAsStream("mihari-event-v1.schema.json").readAllBytes(),
                StandardCharsets.UTF_8)).contains("\"PING\"");
    }

    @Test
    void aBatchRunCarriesItsProcessedCount() throws Exception {
        Event event = EventCodec.decode(BATCH.replace("COUNT", ",\"processedCount\":182345"));

        assertThat(((BatchRun) event.payload()).processedCount()).isEqualTo(182_345L);
        assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
    }

    @Test
    void aBatchRunWithoutACountHasAnUnknownOne() throws Exception {
        assertThat(((BatchRun) EventCodec.decode(BATCH.replace("COUNT", "")).payload()).processedCount()).isNull();
        assertThat(((BatchRun) EventCodec.decode(BATCH.replace("COUNT", ",\"processedCount\":null")).payload())
                .processedCount()).isNull();
    }

    /** Refused as an invalid event (dead-lettered with this reason), not as broken JSON. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative | \"processedCount\":-1 | payload.processedCount must not be negative, was -1",
            "fraction | \"processedCount\":1.5 | payload.processedCount",
            "text | \"processedCount\":\"12\" | payload.processedCount",
    })
    void aBadProcessedCountIsRefusedNamingTheField(String name, String count, String reason) {
        assertThatThrownBy(() -> EventCodec.decode(BATCH.replace("COUNT", "," + count)))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.kind()).isEqualTo(InvalidEventException.Kind.INVALID_EVENT))
                .hasMessageContaining(reason);
    }

    @Test
    void aStartedRunHasNoProcessedCount() {
        String started = BATCH.replace("\"state\":\"SUCCEEDED\",\"exitCode\":0,\n \"durationMs\":600000COUNT",
                "\"state\":\"STARTED\",\"processedCount\":5");

        assertThat(started).contains("STARTED");
        assertThatThrownBy(() -> EventCodec.decode(started))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.kind()).isEqualTo(InvalidEventException.Kind.INVALID_EVENT))
                .hasMessage("payload.processedCount is known only when a run ends, not on STARTED");
    }

    @Test
    void emptyRecordIsInvalid() {
        assertThatThrownBy(() -> EventCodec.decode(new byte[0])).hasMessage("empty record");
    }

    @Test
    void missingPayloadIsNamed() {
        String json = VALID.replace(",\n \"payload\":{\"intervalSeconds\":10,\"agentVersion\":\"0.1.0\"}", "");

        assertThatThrownBy(() -> EventCodec.decode(json)).hasMessage("payload is missing");
    }

    /** Exactly one JSON object in UTF-8 per record: what the bytes may not be, whatever the schema says. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "trailing object | {\"x\":1} | Trailing token",
            "trailing garbage | garbage | Unrecognized token 'garbage'",
            "second value | [] | Trailing token",
    })
    void onlyOneJsonValuePerRecord(String name, String after, String reason) {
        assertThatThrownBy(() -> EventCodec.decode(VALID + after))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.kind()).isEqualTo(InvalidEventException.Kind.NOT_JSON))
                .hasMessageContaining(reason);
    }

    @Test
    void aByteOrderMarkIsRefused() {
        byte[] utf8 = VALID.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);

        assertThatThrownBy(() -> EventCodec.decode(withBom)).hasMessageContaining("byte order mark");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32"})
    void otherEncodingsThanUtf8AreRefused(String charset) {
        byte[] bytes = VALID.getBytes(java.nio.charset.Charset.forName(charset));

        assertThatThrownBy(() -> EventCodec.decode(bytes)).isInstanceOfSatisfying(InvalidEventException.class,
                e -> assertThat(e.kind()).isEqualTo(InvalidEventException.Kind.NOT_JSON));
    }

    @Test
    void malformedUtf8IsRefused() {
        byte[] bytes = VALID.replace("0.1.0", "0.1.X").getBytes(StandardCharsets.UTF_8);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("X");
        bytes[at] = (byte) 0xC3; // a lead byte without its continuation

        assertThatThrownBy(() -> EventCodec.decode(bytes)).hasMessageContaining("not UTF-8");
    }

    @Test
    void aKeyTwiceIsRefused() {
        String json = VALID.replace("\"type\":\"HEARTBEAT\"", "\"type\":\"HEARTBEAT\",\"type\":\"GAP\"");

        assertThatThrownBy(() -> EventCodec.decode(json)).hasMessageContaining("Duplicate field 'type'");
    }

    @Test
    void aRecordLargerThanTheBoundIsRefusedBeforeItIsParsed() {
        byte[] big = new byte[Limits.EVENT_BYTES + 1];
        java.util.Arrays.fill(big, (byte) '{');

        assertThatThrownBy(() -> EventCodec.decode(big)).isInstanceOfSatisfying(InvalidEventException.class,
                e -> assertThat(e.kind()).isEqualTo(InvalidEventException.Kind.TOO_LARGE))
                .hasMessage("record of 65537 bytes is larger than 65536 bytes");
    }

    @Test
    void aReasonNeverEchoesAWholeHostileValue() {
        String agentId = "a".repeat(600_000 / 10);
        String json = VALID.replace("\"agent-1\"", "\"" + agentId + "!\"");

        assertThatThrownBy(() -> EventCodec.decode(json)).satisfies(e -> assertThat(e.getMessage())
                .startsWith("agentId 'aaaa").contains("(60001 characters)").hasSizeLessThan(250));
    }

    @Test
    void anInstantWithAnOffsetIsTheSameInstant() throws Exception {
        Event event = EventCodec.decode(VALID.replace("2026-11-25T01:02:03Z", "2026-11-25T10:02:03+09:00"));

        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-25T01:02:03Z"));
    }
}
