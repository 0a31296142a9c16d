package io.mihari.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Seeding the real OpenSearch of the dashboard-api tests: stored target transitions and plain writes. */
public final class Seed {

    private Seed() {
    }

    /**
     * Appends one stored target transition of a Kurashiki server to a {@code _bulk} body.
     *
     * @param idPrefix keeps the documents of one test class apart from another's ({@code ""} for none)
     */
    public static void transition(StringBuilder bulk, String idPrefix, String service, String host, String at,
            String to) {
        String id = idPrefix + service + "|" + host + "|" + at;
        bulk.append("{\"index\":{\"_index\":\"mihari-status\",\"_id\":\"").append(id).append("\"}}\n")
                .append("""
                        {"transitionId":"%s","scope":"TARGET","targetId":"kurashiki/%s","serviceId":"%s",
                         "tenant":"kurashiki","host":"%s","to":"%s","at":"%s","cause":"TEST"}"""
                        .formatted(id, host, service, host, to, at).replace("\n", "")).append('\n');
    }

    /** A write to OpenSearch ({@code /_bulk…} as NDJSON) that must succeed, with no failed bulk item. */
    public static void send(HttpClient http, String openSearchUrl, String method, String path, String body)
            throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path))
                .header("Content-Type", path.startsWith("/_bulk") ? "application/x-ndjson" : "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        assertThat(response.body()).doesNotContain("\"errors\":true");
    }
}
