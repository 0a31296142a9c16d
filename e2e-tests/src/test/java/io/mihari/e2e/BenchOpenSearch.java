package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * The few OpenSearch REST calls the ingest benchmark makes, over plain HTTP: only the public contract of the
 * indices (names and mapped fields), nothing of alert-service's code.
 */
final class BenchOpenSearch {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;

    BenchOpenSearch(String url) {
        this.url = url;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), path);
    }

    /**
     * A document by id (a realtime GET: what was indexed is found before any refresh), or null when neither the
     * document nor its index exists yet.
     */
    JsonNode document(String index, String id) {
        String path = "/" + index + "/_doc/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode doc = JSON.readTree(response.body());
            return doc.path("found").asBoolean() ? doc.path("_source") : null;
        } catch (IOException e) {
            throw new UncheckedIOException("OpenSearch " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling OpenSearch " + path, e);
        }
    }

    JsonNode post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), path);
    }

    JsonNode put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), path);
    }

    void delete(String path) {
        send(HttpRequest.newBuilder(uri(path)).DELETE(), path);
    }

    /** Documents matching {@code queryJson} (a query clause) that are searchable now; no refresh is forced. */
    long count(String indexPattern, String queryJson) {
        return post("/" + indexPattern + "/_count?allow_no_indices=true&ignore_unavailable=true",
                "{\"query\":" + queryJson + "}").path("count").asLong();
    }

    /** Makes everything indexed so far searchable (for checks after a timing, never inside one). */
    void refresh(String indexPattern) {
        post("/" + indexPattern + "/_refresh?allow_no_indices=true&ignore_unavailable=true", "");
    }

    /**
     * One {@code _bulk} request. Every item of the answer is checked.
     *
     * @return how many items failed
     */
    int bulk(byte[] ndjson) {
        JsonNode response = send(HttpRequest.newBuilder(uri("/_bulk")).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson)), "/_bulk");
        if (!response.path("errors").asBoolean()) {
            return 0;
        }
        int failed = 0;
        for (JsonNode item : response.path("items")) {
            JsonNode result = item.elements().next();
            if (result.path("status").asInt() >= 300) {
                failed++;
            }
        }
        return failed;
    }

    /** An instant as OpenSearch returns a date field written by Jackson: ISO-8601 text or epoch milliseconds. */
    static Instant instant(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isNumber() ? Instant.ofEpochMilli(node.asLong()) : Instant.parse(node.asText());
    }

    /** A JSON string literal. */
    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(url + path);
    }

    private JsonNode send(HttpRequest.Builder request, String path) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("OpenSearch " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling OpenSearch " + path, e);
        }
    }
}
