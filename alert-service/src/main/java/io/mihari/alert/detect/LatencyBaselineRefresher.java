package io.mihari.alert.detect;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.store.StateReader;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Computes the checks' latency baselines ({@link LatencyBaselines}) from the stored events, on the scheduler's thread
 * (never on ingest's): shortly after start, then every few minutes for the baselines that are due (each one hourly,
 * a new one at once). A failing read is logged and retried at the next tick; what was known stays.
 */
@ApplicationScoped
public class LatencyBaselineRefresher {

    private static final Logger LOG = Logger.getLogger(LatencyBaselineRefresher.class);

    private final LatencyBaselines baselines;
    private final CatalogHolder catalog;
    private final StateReader stored;
    private final Clock clock;

    LatencyBaselineRefresher(LatencyBaselines baselines, CatalogHolder catalog, StateReader stored, Clock clock) {
        this.baselines = baselines;
        this.catalog = catalog;
        this.stored = stored;
        this.clock = clock;
    }

    @Scheduled(every = "5m", delayed = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        Instant now = clock.instant();
        List<LatencyBaselines.Key> due = baselines.due(catalog.get(), now);
        for (LatencyBaselines.Key k : due) {
            try {
                LatencyBaselines.Stats stats = stored.latencyStats(k.targetId(), k.check(), k.percentile(),
                        now.minus(Duration.ofDays(k.days())), now);
                baselines.update(k, stats, now);
                LOG.debugf("latency baseline of %s %s: p%s over %d days = %s ms (%d results)", k.targetId(),
                        k.check(), k.percentile(), k.days(), stats.percentileMs(), stats.results());
            } catch (RuntimeException e) {
                LOG.warnf("cannot compute the latency baselines yet (%s); retried in a few minutes", e.getMessage());
                return;
            }
        }
    }
}
