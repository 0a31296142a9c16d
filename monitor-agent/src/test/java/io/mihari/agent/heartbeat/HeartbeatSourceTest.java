package io.mihari.agent.heartbeat;

import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.Heartbeat;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeartbeatSourceTest {

    static final Instant T0 = Instant.parse("2026-11-25T01:00:00Z");
    final Identity identity = Identity.of("kurashiki", "juki", Optional.of("krs-juki-ap1"), Optional.empty());

    @Test
    void heartbeatsCarryIdentityIntervalClockTimeAndIncreasingSequence() throws Exception {
        HeartbeatSource source = new HeartbeatSource(identity, Duration.ofSeconds(10), Clock.fixed(T0, ZoneOffset.UTC), 41);

        Event first = source.next();
        Event second = source.next();

        assertThat(first.targetId()).isEqualTo("kurashiki/krs-juki-ap1");
        assertThat(first.agentId()).isEqualTo("krs-juki-ap1");
        assertThat(first.occurredAt()).isEqualTo(T0);
        assertThat(first.payload()).isEqualTo(new Heartbeat(10, HeartbeatSource.AGENT_VERSION));
        assertThat(first.seq()).isEqualTo(41);
        assertThat(second.seq()).isEqualTo(42);
        assertThat(second.eventId()).isNotEqualTo(first.eventId());
        assertThat(EventCodec.decode(EventCodec.encode(first))).isEqualTo(first);
    }

    @Test
    void invalidIdentityNamesTheConfigurationKey() {
        assertThatThrownBy(() -> Identity.of("kurashiki", "juki", Optional.of("bad host"), Optional.empty()))
                .hasMessageContaining("mihari.agent.host");
    }

    @Test
    void subSecondIntervalIsRefused() {
        assertThatThrownBy(() -> new HeartbeatSource(identity, Duration.ofMillis(500), Clock.systemUTC(), 0))
                .hasMessageContaining("mihari.agent.heartbeat-interval");
    }
}
