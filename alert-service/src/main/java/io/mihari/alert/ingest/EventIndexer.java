package io.mihari.alert.ingest;

import io.mihari.alert.store.Indices;
import jakarta.enterprise.context.ApplicationScoped;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bulk-writes event documents with {@code create} and the event id as document id: a replayed event
 * answers 409 and counts as stored, so replays never duplicate. Every item of the response is checked.
 */
@ApplicationScoped
public class EventIndexer {

    private final OpenSearchClient client;

    EventIndexer(OpenSearchClient client) {
        this.client = client;
    }

    public BulkResult index(List<EventDocument> documents) throws IOException {
        if (documents.isEmpty()) {
            return new BulkResult(Map.of(), false);
        }
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        for (EventDocument doc : documents) {
            bulk.operations(op -> op.create(c -> c.index(Indices.events(doc.occurredAt())).id(doc.eventId()).document(doc)));
        }
        BulkResponse response = client.bulk(bulk.build());
        Map<Integer, String> rejected = new HashMap<>();
        boolean retryable = false;
        if (response.errors()) {
            List<BulkResponseItem> items = response.items();
            for (int i = 0; i < items.size(); i++) {
                BulkResponseItem item = items.get(i);
                if (item.error() == null || item.status() == 409) {
                    continue; // stored now, or already stored by an earlier delivery
                }
                if (item.status() == 429 || item.status() >= 500) {
                    retryable = true;
                } else {
                    rejected.put(i, "OpenSearch rejected the event (" + item.status() + " " + item.error().type()
                            + "): " + item.error().reason());
                }
            }
        }
        return new BulkResult(rejected, retryable);
    }
}
