package io.mihari.agent.ship;

import io.mihari.agent.spool.Spool;
import io.mihari.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryStateTest {

    static final Instant T0 = Instant.parse("2026-12-06T01:00:00Z");

    @TempDir
    Path spool;

    @Test
    void theOperatorSeesWhyDeliveryFailsSinceWhenAndWhatWaits() {
        MutableClock clock = new MutableClock(T0);
        DeliveryState state = new DeliveryState(spool, clock);
        assertThat(DeliveryState.read(spool)).isEmpty();

        state.record(null, 0);
        assertThat(DeliveryState.read(spool)).hasValueSatisfying(s -> {
            assertThat(s.failing()).isFalse();
            assertThat(s.since()).isEqualTo(T0);
        });

        clock.advance(Duration.ofMinutes(5));
        String refused = "Kafka at k:9093 does not allow this client's principal on topic(s) [mihari.events.v1.kurashiki]";
        state.record(refused, 12);
        clock.advance(Duration.ofSeconds(10));
        state.record(refused, 13); // same error within 30 s: not rewritten
        assertThat(DeliveryState.read(spool)).hasValueSatisfying(s -> {
            assertThat(s.failing()).isTrue();
            assertThat(s.since()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
            assertThat(s.error()).isEqualTo(refused);
            assertThat(s.pending()).isEqualTo(12);
        });
        clock.advance(Duration.ofSeconds(30));
        state.record(refused, 20); // refreshed: the count moves, the start of the failure stays
        assertThat(DeliveryState.read(spool)).hasValueSatisfying(s -> {
            assertThat(s.pending()).isEqualTo(20);
            assertThat(s.since()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        });

        clock.advance(Duration.ofMinutes(1));
        state.record(null, 0);
        assertThat(DeliveryState.read(spool)).hasValueSatisfying(s -> {
            assertThat(s.failing()).isFalse();
            assertThat(s.error()).isNull();
            assertThat(s.since()).isEqualTo(T0.plus(Duration.ofSeconds(400)));
        });
        assertThat(DeliveryState.read(spool).orElseThrow().spool()).as("an agent that did not say").isEmpty();
    }

    @Test
    void theOperatorSeesWhetherTheSpoolIsEncryptedAndUnderWhichKeysEventsWait() {
        DeliveryState state = new DeliveryState(spool, new MutableClock(T0));
        Spool.Backlog backlog = new Spool.Backlog(12, 1, new TreeMap<>(Map.of("k1", 2L, "k2", 9L)), Optional.of("k2"), 3);

        state.record(null, backlog);

        DeliveryState.Snapshot s = DeliveryState.read(spool).orElseThrow();
        assertThat(s.pending()).isEqualTo(12);
        assertThat(s.spool()).contains(backlog);

        Spool.Backlog off = new Spool.Backlog(5, 5, new TreeMap<>(), Optional.empty(), 0);
        new DeliveryState(spool, new MutableClock(T0)).record(null, off);
        assertThat(DeliveryState.read(spool).orElseThrow().spool()).contains(off);
    }
}
