package io.mihari.agent.ship;

import io.mihari.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

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
    }
}
