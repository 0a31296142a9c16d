package io.mihari.alert.ingest;

import io.mihari.alert.store.Indices;
import jakarta.enterprise.context.ApplicationScoped;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

import java.io.IOException;
import java.util.List;

/**
 * Writes dead letters the dead-letter topic refused to {@code mihari-deadletters}, one bounded document per record
 * ({@code <topic>-<partition>-<offset>}: written twice, stored once).
 */
@ApplicationScoped
public class DeadLetterMarkers implements DeadLetters.Markers {

    private final OpenSearchClient client;

    DeadLetterMarkers(OpenSearchClient client) {
        this.client = client;
    }

    @Override
    public void write(List<DeadLetters.Marker> markers) throws IOException {
        if (markers.isEmpty()) {
            return;
        }
        List<BulkOperation> operations = markers.stream().map(m -> BulkOperation.of(o -> o.create(c -> c
                .index(Indices.DEAD_LETTERS).id(m.id()).document(m)))).toList();
        BulkResponse response = client.bulk(b -> b.operations(operations));
        if (response.errors()) {
            for (BulkResponseItem item : response.items()) {
                if (item.error() != null && item.status() != 409) {
                    throw new IOException("mihari-deadletters refused " + item.id() + ": " + item.error().reason());
                }
            }
        }
    }
}
