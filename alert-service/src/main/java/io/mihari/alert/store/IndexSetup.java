package io.mihari.alert.store;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Bodies;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Installs the committed index templates (strict mappings, schema version in {@code _meta}) and
 * creates the fixed indices, before anything is consumed. alert-service is the only writer.
 */
@Startup
@ApplicationScoped
public class IndexSetup {

    private static final Logger LOG = Logger.getLogger(IndexSetup.class);

    /** Template name → the fixed index it covers (null for daily indices). */
    private static final List<String[]> TEMPLATES = List.of(
            new String[] {"mihari-events", null},
            new String[] {"mihari-status", Indices.STATUS},
            new String[] {"mihari-targets", Indices.TARGETS},
            new String[] {"mihari-incidents", Indices.INCIDENTS},
            new String[] {"mihari-outbox", Indices.OUTBOX},
            new String[] {"mihari-counters", Indices.COUNTERS});

    private final OpenSearchClient client;

    IndexSetup(OpenSearchClient client) {
        this.client = client;
    }

    @PostConstruct
    void install() {
        for (String[] template : TEMPLATES) {
            put("/_index_template/" + template[0], resource("opensearch/" + template[0] + ".json"));
            if (template[1] != null && !exists(template[1])) {
                put("/" + template[1], "{}");
            }
        }
        LOG.infof("OpenSearch index templates installed (%d)", TEMPLATES.size());
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

    private static String resource(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
