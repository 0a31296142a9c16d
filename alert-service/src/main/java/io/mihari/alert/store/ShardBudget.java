package io.mihari.alert.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.alert.config.AlertConfig;
import io.mihari.model.index.IndexTemplates;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks, at start and then with the retention, that OpenSearch has room for the shards Mihari will keep: one
 * daily event index per day of [today − retention, today + 1] plus the fixed indices, against the cluster's
 * {@code cluster.max_shards_per_node} × data nodes. A node at its shard cap cannot create the next day's index,
 * and the valid events of that day would be refused — so this is told early: logged (a warning above
 * {@link #WARN_AT} of the limit) and exposed as the gauges {@code mihari_opensearch_shards{kind=used|limit|needed}}.
 */
@ApplicationScoped
public class ShardBudget {

    private static final Logger LOG = Logger.getLogger(ShardBudget.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Share of the shard limit above which a warning is logged. */
    static final double WARN_AT = 0.8;

    /** What the check found. */
    public record Budget(long used, long limit, long needed) {
        /** Whether Mihari's own need, or what is used already, passes {@link #WARN_AT} of the limit. */
        public boolean tight() {
            return limit > 0 && (needed > limit * WARN_AT || used > limit * WARN_AT);
        }
    }

    private final OpenSearchClient client;
    private final int retentionDays;
    private final AtomicLong used = new AtomicLong(-1);
    private final AtomicLong limit = new AtomicLong(-1);
    private final AtomicLong needed = new AtomicLong(-1);

    ShardBudget(OpenSearchClient client, AlertConfig config, MeterRegistry registry) {
        this.client = client;
        this.retentionDays = config.retention().eventDays();
        for (Map.Entry<String, AtomicLong> e : Map.of("used", used, "limit", limit, "needed", needed).entrySet()) {
            Gauge.builder("mihari.opensearch.shards", e.getValue(), AtomicLong::get).tag("kind", e.getKey())
                    .description("OpenSearch shards: used in the cluster, its limit, and what Mihari's retention needs")
                    .register(registry);
        }
    }

    /** Shards Mihari keeps at most: daily indices of retention + 2 days, and every fixed index (one shard each). */
    static long needed(int retentionDays, int shardsPerDailyIndex) {
        long fixed = IndexTemplates.ALL.stream().filter(t -> t.fixedIndex() != null).count();
        return (retentionDays + 2L) * shardsPerDailyIndex + fixed;
    }

    @Scheduled(every = "${mihari.retention.check-every:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        check();
    }

    /** Reads the cluster's figures; logs and keeps them. Never throws: an unreachable OpenSearch is logged. */
    public Budget check() {
        try {
            JsonNode health = get("/_cluster/health");
            JsonNode settings = get("/_cluster/settings?include_defaults=true&flat_settings=true");
            long perNode = setting(settings, "cluster.max_shards_per_node", 1000);
            long nodes = Math.max(1, health.path("number_of_data_nodes").asLong(1));
            Budget budget = new Budget(health.path("active_shards").asLong() + health.path("unassigned_shards").asLong(),
                    perNode * nodes, needed(retentionDays, 1));
            used.set(budget.used());
            limit.set(budget.limit());
            needed.set(budget.needed());
            if (budget.tight()) {
                LOG.warnf("OpenSearch shards: %d of %d in use; Mihari keeps up to %d (mihari.retention.event-days=%d). "
                        + "At the limit the next day's event index cannot be created: raise "
                        + "cluster.max_shards_per_node, add nodes or keep fewer days", budget.used(), budget.limit(),
                        budget.needed(), retentionDays);
            } else {
                LOG.infof("OpenSearch shards: %d of %d in use; Mihari keeps up to %d (mihari.retention.event-days=%d)",
                        budget.used(), budget.limit(), budget.needed(), retentionDays);
            }
            return budget;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot read OpenSearch's shard figures (%s); checked again later", e.getMessage());
            return new Budget(-1, -1, needed(retentionDays, 1));
        }
    }

    private static long setting(JsonNode settings, String name, long fallback) {
        for (String level : new String[] {"transient", "persistent", "defaults"}) {
            JsonNode value = settings.path(level).path(name);
            if (value.isTextual() || value.isNumber()) {
                return value.asLong(fallback);
            }
        }
        return fallback;
    }

    private JsonNode get(String endpoint) throws IOException {
        int q = endpoint.indexOf('?');
        Map<String, String> query = new java.util.HashMap<>();
        if (q >= 0) {
            for (String pair : endpoint.substring(q + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        try (Response response = client.generic().execute(Requests.builder().method("GET")
                .endpoint(q >= 0 ? endpoint.substring(0, q) : endpoint).query(query).build())) {
            if (response.getStatus() != 200 || response.getBody().isEmpty()) {
                throw new IOException("GET " + endpoint + " answered " + response.getStatus());
            }
            return JSON.readTree(response.getBody().get().bodyAsBytes());
        }
    }
}
