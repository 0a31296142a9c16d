package io.mihari.alert.detect;

import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.store.Indices;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.MgetResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When each partition of the event topics was last watched, in {@code mihari-counters}: after a restart or
 * a rebalance, the new owner can tell how long nobody was looking.
 */
@ApplicationScoped
public class AliveMarkers {

    private final OpenSearchClient client;
    private final String group;

    AliveMarkers(OpenSearchClient client, AlertConfig config) {
        this.client = client;
        this.group = config.ingest().groupId();
    }

    private String id(TopicPartition partition) {
        return "alive-" + group + "-" + partition.topic() + "-p" + partition.partition();
    }

    public void write(Collection<TopicPartition> partitions, Instant now) {
        List<BulkOperation> ops = new ArrayList<>();
        for (TopicPartition p : partitions) {
            Map<String, Object> doc = Map.of("value", now.toEpochMilli(), "updatedAt", now.toString());
            ops.add(BulkOperation.of(b -> b.index(i -> i.index(Indices.COUNTERS).id(id(p)).document(doc))));
        }
        try {
            var response = client.bulk(b -> b.operations(ops));
            if (response.errors()) {
                throw new IllegalStateException("alive markers rejected");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The oldest marker of these partitions; empty when none was ever written (a first start). */
    @SuppressWarnings("rawtypes")
    public Optional<Instant> oldest(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Optional.empty();
        }
        try {
            MgetResponse<Map> response = client.mget(m -> m.index(Indices.COUNTERS)
                    .ids(partitions.stream().map(this::id).toList()), Map.class);
            return response.docs().stream().filter(d -> d.isResult() && d.result().found())
                    .map(d -> ((Number) d.result().source().get("value")).longValue())
                    .min(Long::compare).map(Instant::ofEpochMilli);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the alive markers", e);
        }
    }
}
