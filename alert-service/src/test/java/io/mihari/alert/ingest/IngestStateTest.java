package io.mihari.alert.ingest;

import io.mihari.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mihari.alert.config.AlertConfig;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Mihari tells when it cannot see: readiness of ingest at exact instants. */
class IngestStateTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T03:00:00Z"));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final IngestState state = new IngestState(clock, config(Duration.ofSeconds(60)), registry);

    /** An AlertConfig whose ingest.stalledAfter is {@code stalledAfter} (nothing else is read). */
    static AlertConfig config(Duration stalledAfter) {
        AlertConfig.Ingest ingest = (AlertConfig.Ingest) Proxy.newProxyInstance(AlertConfig.class.getClassLoader(),
                new Class<?>[] {AlertConfig.Ingest.class}, (p, m, a) -> {
                    if (m.getName().equals("stalledAfter")) {
                        return stalledAfter;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        return (AlertConfig) Proxy.newProxyInstance(AlertConfig.class.getClassLoader(),
                new Class<?>[] {AlertConfig.class}, (p, m, a) -> {
                    if (m.getName().equals("ingest")) {
                        return ingest;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    HealthCheckResponse.Status status() {
        return state.health().getStatus();
    }

    @Test
    void notConsumingIsNotReady() {
        assertThat(status()).isEqualTo(HealthCheckResponse.Status.DOWN);
        state.consuming(true);
        assertThat(status()).isEqualTo(HealthCheckResponse.Status.UP);
        state.consuming(false);
        assertThat(status()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(state.health().getData().get().get("reason").toString()).contains("not consuming");
    }

    @Test
    void aPassStuckLongerThanTheSettingIsNotReadyAndTheNextPassIsReadyAgain() {
        state.consuming(true);
        clock.advance(Duration.ofSeconds(60));
        assertThat(status()).as("exactly the setting: still ready").isEqualTo(HealthCheckResponse.Status.UP);
        clock.advance(Duration.ofMillis(1));
        assertThat(status()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(state.health().getData().get().get("reason").toString()).contains("stuck since");
        state.passed();
        assertThat(status()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void ownedPartitionsNotSeenUpToWithinTheSettingAreNotReadyAndAStandbyIs() {
        state.consuming(true);
        state.owned(3);
        state.seenUpTo(clock.instant());
        clock.advance(Duration.ofSeconds(61));
        state.passed(); // the loop runs, but the watermark does not move (e.g. OpenSearch refuses every bulk)
        assertThat(status()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(registry.get("mihari.ingest.watermark.age").gauge().value()).isEqualTo(61.0);
        state.seenUpTo(clock.instant().minusSeconds(2));
        assertThat(status()).isEqualTo(HealthCheckResponse.Status.UP);
        state.owned(0);
        clock.advance(Duration.ofHours(1));
        state.passed();
        assertThat(status()).as("a standby owns nothing to see").isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(registry.get("mihari.ingest.watermark.age").gauge().value()).isNaN();
    }

    @Test
    void partitionsJustTakenOverHaveTheSettingToBeSeenUpTo() {
        state.consuming(true);
        state.owned(2);
        clock.advance(Duration.ofSeconds(59));
        state.passed();
        assertThat(status()).isEqualTo(HealthCheckResponse.Status.UP);
        clock.advance(Duration.ofSeconds(2));
        state.passed();
        assertThat(status()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }
}
