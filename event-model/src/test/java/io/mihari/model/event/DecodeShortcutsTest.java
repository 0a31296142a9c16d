package io.mihari.model.event;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The decoder's shortcuts read exactly what the general code they replace reads: instants by position as
 * {@link Instant#parse}, names character by character as {@link TargetId#NAME}, ASCII records from their bytes as
 * from their text.
 */
class DecodeShortcutsTest {

    @Test
    void instantsReadByPositionAreThoseInstantParseReadsAndTheSameDaysAreRefused() {
        Random random = new Random(15);
        int refused = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder v = new StringBuilder();
            v.append(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10_000), 1 + random.nextInt(12),
                    1 + random.nextInt(31), random.nextInt(24), random.nextInt(60), random.nextInt(60)));
            if (random.nextBoolean()) {
                v.append('.');
                int digits = 1 + random.nextInt(9);
                for (int d = 0; d < digits; d++) {
                    v.append((char) ('0' + random.nextInt(10)));
                }
            }
            v.append(switch (random.nextInt(3)) {
                case 0 -> "Z";
                case 1 -> String.format("+%02d:%02d", random.nextInt(24), random.nextInt(60));
                default -> String.format("-%02d:%02d", random.nextInt(24), random.nextInt(60));
            });
            String value = v.toString();
            assertThat(EventCodec.INSTANT.matcher(value).matches()).as(value).isTrue();
            Instant expected;
            try {
                expected = Instant.parse(value);
            } catch (DateTimeException e) {
                refused++;
                assertThatThrownBy(() -> EventCodec.matchedInstant(value)).as(value)
                        .isInstanceOf(DateTimeException.class);
                continue;
            }
            assertThat(EventCodec.matchedInstant(value)).as(value).isEqualTo(expected);
        }
        assertThat(refused).as("days a month does not have, e.g. 02-30").isPositive();
        for (String edge : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "2024-02-29T12:00:00+09:00", "2026-12-06T00:00:00.5-00:30", "2026-12-06T09:00:00.000000001+09:00"}) {
            assertThat(EventCodec.matchedInstant(edge)).as(edge).isEqualTo(Instant.parse(edge));
        }
        assertThatThrownBy(() -> EventCodec.instant("2026-02-29T00:00:00Z")).isInstanceOf(InvalidEventException.class)
                .hasMessage("occurredAt '2026-02-29T00:00:00Z' is not an ISO-8601 instant (e.g. 2026-11-25T01:02:03Z)");
    }

    @Test
    void namesCheckedCharacterByCharacterAreThoseThePatternMatches() {
        String alphabet = "aZ09._-/ :é\u0130\u212A\u00000\t";
        Random random = new Random(15);
        for (int i = 0; i < 200_000; i++) {
            int length = random.nextInt(70);
            StringBuilder name = new StringBuilder();
            for (int c = 0; c < length; c++) {
                name.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : (char) ('a' + random.nextInt(26)));
            }
            String value = name.toString();
            assertThat(TargetId.isName(value)).as("'%s'", value).isEqualTo(TargetId.NAME.matcher(value).matches());
        }
        assertThat(TargetId.isName("a".repeat(63))).isTrue();
        assertThat(TargetId.isName("a".repeat(64))).isFalse();
        assertThat(TargetId.isName("-a")).isFalse();
        assertThat(TargetId.isName("")).isFalse();
    }

    @Test
    void aRecordWithTextBeyondAsciiDecodesAsItsAsciiTwinDoes() throws Exception {
        Event ascii = new Event("e-1", 1, EventType.CHECK_RESULT, Instant.parse("2026-12-06T00:00:00Z"), "kurashiki",
                "juki", "krs-juki-ap1", "agent-1", 1, new CheckResult("juki-web", CheckResult.Kind.HTTP,
                        CheckResult.Status.DOWN, 10, "HTTP 503", null));
        Event japanese = new Event("e-1", 1, EventType.CHECK_RESULT, Instant.parse("2026-12-06T00:00:00Z"), "kurashiki",
                "juki", "krs-juki-ap1", "agent-1", 1, new CheckResult("juki-web", CheckResult.Kind.HTTP,
                        CheckResult.Status.DOWN, 10, "HTTP 503 応答なし", null));

        assertThat(EventCodec.decode(EventCodec.encode(ascii))).isEqualTo(ascii);
        assertThat(EventCodec.decode(EventCodec.encode(japanese))).isEqualTo(japanese);
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"HEARTBEAT\"} x".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(InvalidEventException.class).hasMessageStartingWith("not JSON: ");
        assertThatThrownBy(() -> EventCodec.decode("[1]".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(InvalidEventException.class).hasMessage("not JSON: not a JSON object");
    }
}
