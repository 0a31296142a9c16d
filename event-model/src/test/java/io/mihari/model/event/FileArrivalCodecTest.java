package io.mihari.model.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FILE_ARRIVAL events: what the decoder keeps and what it dead-letters, with which reason. */
class FileArrivalCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode event() throws Exception {
        return (ObjectNode) JSON.readTree(EventCodec.encode(Samples.event(EventType.FILE_ARRIVAL)));
    }

    @Test
    void anArrivalRoundTripsWithItsInstantsAndDigest() throws Exception {
        Event event = EventCodec.decode(JSON.writeValueAsBytes(event()));

        FileArrival arrival = (FileArrival) event.payload();
        assertThat(arrival.file()).isEqualTo("juki-to-fukushi");
        assertThat(arrival.path()).isEqualTo("/data/renkei/out/IDO_20270113.csv");
        assertThat(arrival.sizeBytes()).isEqualTo(52_431);
        assertThat(arrival.modifiedAt()).isEqualTo(Instant.parse("2027-01-12T20:41:07Z"));
        assertThat(arrival.checksumOk()).isTrue();
    }

    @Test
    void noChecksumAskedLeavesDigestAndVerdictNull() throws Exception {
        ObjectNode e = event();
        ObjectNode p = (ObjectNode) e.get("payload");
        p.remove("sha256");
        p.remove("checksumOk");
        p.putNull("checksumNote");

        FileArrival arrival = (FileArrival) EventCodec.decode(JSON.writeValueAsBytes(e)).payload();

        assertThat(arrival.sha256()).isNull();
        assertThat(arrival.checksumOk()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative size | sizeBytes | -1 | payload.sizeBytes must not be negative, was -1",
            "size past 2^53-1 | sizeBytes | 9007199254740992 | payload.sizeBytes must be at most",
            "fractional size | sizeBytes | 1.5 | payload.sizeBytes must be an integer",
            "size as text | sizeBytes | '\"12\"' | payload.sizeBytes must be an integer",
    })
    void badSizesAreDeadLettered(String name, String field, String value, String reason) throws Exception {
        ObjectNode e = event();
        ((ObjectNode) e.get("payload")).set(field, JSON.readTree(value));

        assertThatThrownBy(() -> EventCodec.decode(JSON.writeValueAsBytes(e)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining(reason)
                .extracting(t -> ((InvalidEventException) t).kind())
                .isEqualTo(InvalidEventException.Kind.INVALID_EVENT);
    }

    @Test
    void aMissingNameIsDeadLetteredNamingTheField() throws Exception {
        ObjectNode e = event();
        ((ObjectNode) e.get("payload")).remove("file");

        assertThatThrownBy(() -> EventCodec.decode(JSON.writeValueAsBytes(e)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("payload.file is missing");
    }

    @Test
    void aBadNameDigestOrTimeIsDeadLetteredNamingTheField() throws Exception {
        ObjectNode badName = event();
        ((ObjectNode) badName.get("payload")).put("file", "renkei file");
        ObjectNode badDigest = event();
        ((ObjectNode) badDigest.get("payload")).put("sha256", "ABC");
        ObjectNode badTime = event();
        ((ObjectNode) badTime.get("payload")).put("modifiedAt", "2027-01-13 06:00");
        ObjectNode badVerdict = event();
        ((ObjectNode) badVerdict.get("payload")).put("checksumOk", "yes");

        assertThatThrownBy(() -> EventCodec.decode(JSON.writeValueAsBytes(badName)))
                .hasMessageContaining("payload.file");
        assertThatThrownBy(() -> EventCodec.decode(JSON.writeValueAsBytes(badDigest)))
                .hasMessageContaining("payload.sha256 must be 64 lowercase hex digits, was 'ABC'");
        assertThatThrownBy(() -> EventCodec.decode(JSON.writeValueAsBytes(badTime)))
                .hasMessageContaining("payload.modifiedAt '2027-01-13 06:00' is not an ISO-8601 instant");
        assertThatThrownBy(() -> EventCodec.decode(JSON.writeValueAsBytes(badVerdict)))
                .hasMessageContaining("payload.checksumOk must be true, false or null");
    }
}
