package io.mihari.alert.store;

import io.mihari.model.index.IndexTemplates;
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

/**
 * Installs the committed index templates (strict mappings, schema version in {@code _meta}) and
 * creates the fixed indices, before anything is consumed. alert-service is the only writer.
 */
@Startup
@ApplicationScoped
public class IndexSetup {

    private static final Logger LOG = Logger.getLogger(IndexSetup.class);

    private final OpenSearchClient client;

    IndexSetup(OpenSearchClient client) {
        this.client = client;
    }

    private volatile boolean installed;

    /** Installs templates and indices once; everything that writes calls this before its first write. */
    @PostConstruct
    public synchronized void ensureInstalled() {
        if (installed) {
            return;
        }
        for (IndexTemplates.Template template : IndexTemplates.ALL) {
            put("/_index_template/" + template.name(), template.json());
            if (template.fixedIndex() != null && !exists(template.fixedIndex())) {
                put("/" + template.fixedIndex(), "{}");
            }
        }
        installed = true;
        LOG.infof("OpenSearch index templates installed (%d)", IndexTemplates.ALL.size());
    }

    public boolean isInstalled() {
        return installed;
    }

    private boolean exists(String index) {
        try {
            return client.indices().exists(e -> e.index(index)).value();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch (mihari.opensearch.url)", e);
        }
    }

    private void put(String endpoint, String json) {
        try (Response response = client.generic().execute(Requests.builder()
                .method("PUT").endpoint(endpoint).body(Bodies.json(json)).build())) {
            if (response.getStatus() >= 300
                    && !(response.getStatus() == 400 && body(response).contains("resource_already_exists"))) {
                throw new IllegalStateException("PUT " + endpoint + " failed: " + response.getStatus() + " "
                        + body(response));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch (mihari.opensearch.url) for PUT " + endpoint, e);
        }
    }

    private static String body(Response response) {
        return response.getBody().map(b -> new String(b.bodyAsBytes(), StandardCharsets.UTF_8)).orElse("");
    }
}
