package io.mihari.agent.ship;

import io.mihari.agent.config.Identity;
import io.mihari.agent.spool.Spool;
import io.mihari.agent.spool.SpoolSettings;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.Heartbeat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Events a check reports for a line: spooled under the agent's id and sequence, keyed by the line in Kafka. */
class ReportedForTest {

    static final Identity RELAY = new Identity("kurashiki", "juki", "krs-juki-mon1", "krs-juki-mon1");
    static final Identity LINE_A = new Identity("kurashiki", "network", "krs-line-a", "krs-juki-mon1");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T01:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aLineEventSpeaksForTheLineAndIsKeyedByIt() throws Exception {
        try (Spool spool = Spool.open(dir, SpoolSettings.of(1 << 20, Spool.WhenFull.DROP_OLDEST))) {
            EventSink sink = new EventSink(RELAY, CLOCK, spool, () -> { });
            sink.emit(new Heartbeat(5, "0.1.0"));
            sink.emit(LINE_A, new Heartbeat(5, "0.1.0"));
            sink.emit(LINE_A, new CheckResult("line-a-gw", CheckResult.Kind.TCP, CheckResult.Status.DOWN, 2000,
                    "no connection within 2000 ms", null));
            List<Spool.Entry> entries = spool.peek(10);
            List<Event> events = entries.stream().map(e -> decode(e.record())).toList();
            assertThat(events).extracting(Event::targetId, Event::system, Event::agentId, Event::seq).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("kurashiki/krs-juki-mon1", "juki", "krs-juki-mon1", 1L),
                    org.assertj.core.groups.Tuple.tuple("kurashiki/krs-line-a", "network", "krs-juki-mon1", 2L),
                    org.assertj.core.groups.Tuple.tuple("kurashiki/krs-line-a", "network", "krs-juki-mon1", 3L));
            assertThat(events.get(2).occurredAt()).isEqualTo(CLOCK.instant());

            try (Shipper perEvent = new Shipper(spool, RELAY.targetId(), "127.0.0.1:1", Map.of(), true);
                 Shipper fixed = new Shipper(spool, RELAY.targetId(), "127.0.0.1:1", Map.of())) {
                assertThat(entries).extracting(e -> perEvent.keyOf(e.record()))
                        .containsExactly("kurashiki/krs-juki-mon1", "kurashiki/krs-line-a", "kurashiki/krs-line-a");
                assertThat(entries).extracting(e -> fixed.keyOf(e.record())).containsOnly("kurashiki/krs-juki-mon1");
                assertThat(perEvent.keyOf("not an event".getBytes())).isEqualTo("kurashiki/krs-juki-mon1");
            }
        }
    }

    private static Event decode(byte[] record) {
        try {
            return EventCodec.decode(record);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
