package io.mihari.alert.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.model.index.IndexTemplates;
import io.mihari.opensearch.OpenSearchProblems;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Bodies;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Installs the committed index templates (strict mappings, schema version in {@code _meta}) and
 * creates the fixed indices, before anything is consumed. alert-service is the only writer.
 */
@Startup
@ApplicationScoped
public class IndexSetup {

    private static final Logger LOG = Logger.getLogger(IndexSetup.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenSearchClient client;

    /** The configured URL, named in messages. */
    private final String url;

    @jakarta.inject.Inject
    IndexSetup(OpenSearchClient client, io.mihari.alert.config.AlertConfig config) {
        this(client, config.opensearch().url());
    }

    IndexSetup(OpenSearchClient client, String url) {
        this.url = url;
        this.client = client;
    }

    private volatile boolean installed;

    /** Installs templates and indices once; everything that writes calls this before its first write. */
    @PostConstruct
    public synchronized void ensureInstalled() {
        if (!installed) {
            install();
        }
    }

    /** Puts every template and brings existing indices up to it (idempotent). */
    synchronized void install() {
        for (IndexTemplates.Template template : IndexTemplates.ALL) {
            put("/_index_template/" + template.name(), template.json());
            if (template.fixedIndex() != null && !exists(template.fixedIndex())) {
                put("/" + template.fixedIndex(), "{}");
            }
            updateExistingIndices(template);
        }
        installed = true;
        LOG.infof("OpenSearch index templates installed (%d)", IndexTemplates.ALL.size());
    }

    public boolean isInstalled() {
        return installed;
    }

    /**
     * A template only shapes indices created after it; indices that already exist (today's events, the
     * fixed indices) get the template's mappings too. Additive changes apply; a conflicting change fails
     * here, at start, naming the index — never later as dead-lettered events.
     */
    private void updateExistingIndices(IndexTemplates.Template template) {
        try {
            JsonNode body = JSON.readTree(template.json());
            String pattern = body.path("index_patterns").get(0).asText();
            JsonNode mappings = body.path("template").path("mappings");
            put("/" + pattern + "/_mapping", JSON.writeValueAsString(mappings),
                    Map.of("allow_no_indices", "true", "expand_wildcards", "open"));
        } catch (IOException e) {
            throw new UncheckedIOException("index template " + template.name() + " is not valid JSON", e);
        }
    }

    private boolean exists(String index) {
        try {
            return client.indices().exists(e -> e.index(index)).value();
        } catch (IOException e) {
            throw unreachable(e, "");
        }
    }

    private void put(String endpoint, String json) {
        put(endpoint, json, Map.of());
    }

    private void put(String endpoint, String json, Map<String, String> query) {
        try (Response response = client.generic().execute(Requests.builder()
                .method("PUT").endpoint(endpoint).query(query).body(Bodies.json(json)).build())) {
            if (response.getStatus() >= 300
                    && !(response.getStatus() == 400 && body(response).contains("resource_already_exists"))) {
                String explained = response.getStatus() == 403 ? "OpenSearch at " + url + " does not allow "
                        + "alert-service's user to PUT " + endpoint + ": give it its role (docs/security.md) or check "
                        + "mihari.opensearch.username" : null;
                throw new IllegalStateException(explained != null ? explained
                        : "PUT " + endpoint + " failed: " + response.getStatus() + " " + body(response));
            }
        } catch (IOException e) {
            throw unreachable(e, " for PUT " + endpoint);
        }
    }

    /** A login, permission or TLS problem names the setting to fix; anything else says OpenSearch was not reached. */
    private RuntimeException unreachable(IOException e, String what) {
        String explained = OpenSearchProblems.explain(e, url, "mihari.opensearch.");
        return explained != null ? new IllegalStateException(explained + what, e)
                : new UncheckedIOException("cannot reach OpenSearch at " + url + " (mihari.opensearch.url)" + what, e);
    }

    private static String body(Response response) {
        return response.getBody().map(b -> new String(b.bodyAsBytes(), StandardCharsets.UTF_8)).orElse("");
    }
}
