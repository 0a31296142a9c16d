package io.mihari.agent.ship;

import io.mihari.agent.config.Identity;
import io.mihari.agent.spool.Spool;
import io.mihari.agent.spool.SpoolEncryption;
import io.mihari.agent.spool.SpoolKeys;
import io.mihari.agent.spool.SpoolSettings;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.Gap;
import io.mihari.model.event.Heartbeat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EventSinkTest {

    static final Identity IDENTITY = Identity.of("kurashiki", "juki", Optional.of("krs-juki-ap1"), Optional.empty());

    @TempDir
    Path dir;

    static SpoolSettings under(String keyId) {
        byte[] material = new byte[SpoolKeys.KEY_BYTES];
        Arrays.fill(material, (byte) keyId.hashCode());
        return SpoolSettings.of(1 << 20, Spool.WhenFull.DROP_OLDEST)
                .withEncryption(SpoolEncryption.with(SpoolKeys.of(List.of(new SpoolKeys.Key(keyId, material)))));
    }

    @Test
    void spooledEventsThatCannotBeReadBackAreAnnouncedByAGapEvent() throws IOException {
        try (Spool spool = Spool.open(dir, under("k1"))) {
            new EventSink(IDENTITY, Clock.systemUTC(), spool, () -> { }).emit(new Heartbeat(10, "t")); // seq 1
        }
        try (Spool spool = Spool.open(dir, under("k2"))) { // k1 was removed too early
            EventSink sink = new EventSink(IDENTITY, Clock.systemUTC(), spool, () -> { });
            sink.emit(new Heartbeat(10, "t")); // seq 2
            List<Spool.Entry> sent = spool.peek(10); // the sender passes seq 1 over
            assertThat(sent).extracting(Spool.Entry::seq).containsExactly(2L);
            spool.commit(sent.get(0));

            sink.emit(new Heartbeat(10, "t")); // seq 3, then the GAP

            List<Event> next = spool.peek(10).stream().map(e -> decode(e.record())).toList();
            assertThat(next).extracting(Event::seq).containsExactly(3L, 4L);
            assertThat(next.get(1).payload()).isEqualTo(new Gap(1, 1, 1, EventSink.UNREADABLE));
        }
    }

    private static Event decode(byte[] record) {
        try {
            return EventCodec.decode(record);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
