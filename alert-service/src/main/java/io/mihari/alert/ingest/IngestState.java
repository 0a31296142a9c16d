package io.mihari.alert.ingest;

import io.mihari.alert.config.AlertConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What ingest is doing, for readiness ({@link IngestReadiness}) and the watermark gauge. Mihari tells when it cannot
 * see: readiness is DOWN while the ingest loop is not consuming, while one pass of it
 * has been stuck (a bulk write retried, Kafka or OpenSearch unreachable) for longer than
 * {@code mihari.ingest.stalled-after}, or while the owned partitions have not been seen up to within that time (the
 * ingest watermark). An instance that owns no partition (a standby) is ready. The watermark's age is also the gauge
 * {@code mihari_ingest_watermark_age_seconds}.
 */
@ApplicationScoped
public class IngestState {

    private final Clock clock;
    private final Duration stalledAfter;
    private volatile boolean consuming;
    private volatile Instant lastPass;
    private volatile Instant seenUpTo;
    private volatile Instant ownedSince;
    private volatile int owned;

    IngestState(Clock clock, AlertConfig config, MeterRegistry registry) {
        this.clock = clock;
        this.stalledAfter = config.ingest().stalledAfter();
        Gauge.builder("mihari.ingest.watermark.age", this, IngestState::watermarkAgeSeconds).baseUnit("seconds")
                .description("How far behind now ingest has seen every owned partition (NaN: not known yet)")
                .register(registry);
    }

    void consuming(boolean on) {
        consuming = on;
        if (on) {
            lastPass = clock.instant();
        }
    }

    /** One pass of the loop (poll, store, hand on) finished. */
    void passed() {
        lastPass = clock.instant();
    }

    void owned(int partitions) {
        if (owned == 0 && partitions > 0) {
            ownedSince = clock.instant();
        }
        owned = partitions;
        if (partitions == 0) {
            seenUpTo = null;
        }
    }

    void seenUpTo(Instant horizon) {
        seenUpTo = horizon;
    }

    double watermarkAgeSeconds() {
        Instant seen = seenUpTo;
        return owned == 0 || seen == null ? Double.NaN : Duration.between(seen, clock.instant()).toMillis() / 1000.0;
    }

    /** The readiness answer now. */
    HealthCheckResponse health() {
        Instant now = clock.instant();
        HealthCheckResponseBuilder r = HealthCheckResponse.named("mihari-ingest").withData("ownedPartitions", owned);
        Instant pass = lastPass;
        Instant seen = seenUpTo;
        if (pass != null) {
            r.withData("lastPass", pass.toString());
        }
        if (seen != null) {
            r.withData("seenUpTo", seen.toString());
        }
        if (!consuming) {
            return r.down().withData("reason", "the ingest loop is not consuming (starting or restarting)").build();
        }
        if (pass != null && Duration.between(pass, now).compareTo(stalledAfter) > 0) {
            return r.down().withData("reason", "the ingest loop has been stuck since " + pass
                    + " (Kafka or OpenSearch unreachable, or a write retried)").build();
        }
        if (owned > 0) {
            Instant since = seen != null ? seen : ownedSince;
            if (since != null && Duration.between(since, now).compareTo(stalledAfter) > 0) {
                return r.down().withData("reason", "the event topic has not been seen up to now since " + since
                        + ": targets cannot be judged").build();
            }
        }
        return r.up().build();
    }
}
