package io.mihari.alert.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.alert.store.Indices;
import jakarta.enterprise.context.ApplicationScoped;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bulk-writes event documents with {@code create} and the event id as document id: a replayed event
 * answers 409 and counts as stored, so replays never duplicate. Every item of the response is checked.
 *
 * <p>The request is written as NDJSON and the response read with Jackson directly (the typed client maps
 * every item of every response through JSON-P, which halved ingest throughput in {@code bench/ingest.sh}); when
 * the response says {@code "errors": false} the items are not read at all.
 */
@ApplicationScoped
public class EventIndexer {

    private final OpenSearchGenericClient client;
    private final ObjectMapper json;
    /** Data binding of the payload records (the rest of a document is written field by field). */
    private final com.fasterxml.jackson.databind.ObjectWriter payloads;

    EventIndexer(OpenSearchClient client, ObjectMapper json) {
        this.client = client.generic();
        this.json = json;
        this.payloads = payloads(json);
    }

    static com.fasterxml.jackson.databind.ObjectWriter payloads(ObjectMapper json) {
        return json.writer().without(com.fasterxml.jackson.databind.SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    /** Writes and waits. */
    public BulkResult index(List<EventDocument> documents) throws IOException {
        return documents.isEmpty() ? new BulkResult(Map.of(), false) : send(body(documents));
    }

    /** Starts writing a bulk body made by {@link #body}; the result completes when OpenSearch has answered. */
    public java.util.concurrent.CompletableFuture<BulkResult> submit(byte[] body) {
        if (body.length == 0) {
            return java.util.concurrent.CompletableFuture.completedFuture(new BulkResult(Map.of(), false));
        }
        return client.executeAsync(request(body)).thenApply(response -> {
            try (response) {
                return result(response);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Writes a bulk body made by {@link #body} and waits for the answer. */
    public BulkResult send(byte[] body) throws IOException {
        if (body.length == 0) {
            return new BulkResult(Map.of(), false);
        }
        try (Response response = client.execute(request(body))) {
            return result(response);
        }
    }

    private static org.opensearch.client.opensearch.generic.Request request(byte[] body) {
        return Requests.create("POST", "/_bulk", List.of(), Map.of(), Body.from(body, "application/x-ndjson"));
    }

    /**
     * The NDJSON body of a bulk {@code create} of these documents (empty when there are none), written by one
     * streaming generator: no intermediate object tree, string or byte array per document (data binding of each
     * {@link EventDocument} and of its action line cost a third of ingest's CPU in {@code bench/ingest.sh}).
     */
    public byte[] body(List<EventDocument> documents) throws IOException {
        return body(documents, json, payloads);
    }

    /** {@link #body(List)} with this mapper (Quarkus' in the service) and its writer of payloads. */
    static byte[] body(List<EventDocument> documents, ObjectMapper json,
            com.fasterxml.jackson.databind.ObjectWriter payloads) throws IOException {
        if (documents.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(documents.size() * 600);
        String receivedAt = null;
        java.time.Instant receivedAtOf = null;
        long day = Long.MIN_VALUE;
        String index = null;
        try (JsonGenerator g = json.getFactory().createGenerator(body)) {
            g.setRootValueSeparator(null); // lines are separated by the newline written below, nothing else
            for (EventDocument doc : documents) {
                long docDay = Math.floorDiv(doc.occurredAt().getEpochSecond(), 86_400L);
                if (docDay != day) {
                    day = docDay;
                    index = Indices.events(doc.occurredAt());
                }
                if (!doc.receivedAt().equals(receivedAtOf)) {
                    receivedAtOf = doc.receivedAt();
                    receivedAt = receivedAtOf.toString();
                }
                g.writeStartObject();
                g.writeFieldName("create");
                g.writeStartObject();
                g.writeStringField("_index", index);
                g.writeStringField("_id", doc.eventId());
                g.writeEndObject();
                g.writeEndObject();
                g.writeRaw('\n');
                doc.write(g, payloads, receivedAt);
                g.writeRaw('\n');
            }
        }
        return body.toByteArray();
    }

    private BulkResult result(Response response) throws IOException {
        if (response.getStatus() == 429 || response.getStatus() >= 500) {
            return new BulkResult(Map.of(), true);
        }
        if (response.getStatus() != 200 || response.getBody().isEmpty()) {
            throw new IOException("bulk write answered " + response.getStatus() + " " + response.getReason());
        }
        try (Body responseBody = response.getBody().get(); InputStream in = responseBody.body()) {
            return read(in);
        }
    }

    /** Reads {@code errors} first; only when it is true are the items looked at. */
    private BulkResult read(InputStream in) throws IOException {
        try (JsonParser parser = json.getFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("bulk response is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if ("errors".equals(field)) {
                    if (!parser.getBooleanValue()) {
                        return new BulkResult(Map.of(), false);
                    }
                } else if ("items".equals(field)) {
                    return items(json.readTree(parser));
                } else {
                    parser.skipChildren();
                }
            }
            throw new IOException("bulk response has no items");
        }
    }

    static BulkResult items(JsonNode items) {
        Map<Integer, String> rejected = new HashMap<>();
        boolean retryable = false;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i).path("create");
            int status = item.path("status").asInt();
            JsonNode error = item.path("error");
            if (error.isMissingNode() || status == 409) {
                continue; // stored now, or already stored by an earlier delivery
            }
            if (status == 429 || status >= 500) {
                retryable = true;
            } else {
                rejected.put(i, "OpenSearch rejected the event (" + status + " " + error.path("type").asText() + "): "
                        + error.path("reason").asText());
            }
        }
        return new BulkResult(rejected, retryable);
    }
}
