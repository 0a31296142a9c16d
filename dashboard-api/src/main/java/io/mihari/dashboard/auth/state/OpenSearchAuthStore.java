package io.mihari.dashboard.auth.state;

import io.mihari.model.index.IndexTemplates;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpType;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.generic.Bodies;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@link AuthStore} in the index {@code mihari-auth}, the only index dashboard-api writes. It is created with the
 * strict settings and mappings of event-model's {@code IndexTemplates.AUTH} before the first write, so it can never be
 * created with guessed mappings. Reads are real-time GETs by id; conflicting writes are refused by OpenSearch (409).
 */
@ApplicationScoped
public class OpenSearchAuthStore implements AuthStore {

    private static final Logger LOG = Logger.getLogger(OpenSearchAuthStore.class);
    static final String INDEX = IndexTemplates.AUTH;

    private final OpenSearchClient client;
    private volatile boolean installed;

    OpenSearchAuthStore(OpenSearchClient client) {
        this.client = client;
    }

    /** Creates the index with its mappings (idempotent); called at start and before the first write. */
    public synchronized void install() {
        if (installed) {
            return;
        }
        // The index is created with the template's settings and mappings rather than through an index template:
        // putting templates is a cluster-wide permission, which would let dashboard-api's OpenSearch user reshape
        // the measurement indices alert-service creates (deploy/opensearch/security/roles.yml gives it none).
        for (IndexTemplates.Template template : IndexTemplates.DASHBOARD) {
            put("/" + template.fixedIndex(), indexBody(template));
            upgrade(template.fixedIndex(), template);
        }
        installed = true;
        LOG.infof("login state index %s ready", INDEX);
    }

    /**
     * Brings {@code index}, made by an older version with older mappings, up to {@code template}'s: new fields (the
     * passkeys of schema 2) are added; a conflicting change fails here, at start, naming the index.
     */
    public void upgrade(String index, IndexTemplates.Template template) {
        put("/" + index + "/_mapping", mappings(template));
    }

    /** The template's settings and mappings, for {@code PUT <index>}. */
    static String indexBody(IndexTemplates.Template template) {
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            return json.writeValueAsString(json.readTree(template.json()).path("template"));
        } catch (IOException e) {
            throw new IllegalStateException("index template " + template.name() + " is not valid JSON", e);
        }
    }

    /** The template's mappings alone, for {@code PUT <index>/_mapping}. */
    static String mappings(IndexTemplates.Template template) {
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            return json.writeValueAsString(json.readTree(template.json()).path("template").path("mappings"));
        } catch (IOException e) {
            throw new IllegalStateException("index template " + template.name() + " is not valid JSON", e);
        }
    }

    @Override
    public <T> Optional<Versioned<T>> get(String id, Class<T> type) {
        try {
            var response = client.get(g -> g.index(INDEX).id(id), type);
            if (!response.found()) {
                return Optional.empty();
            }
            return Optional.of(new Versioned<>(id, response.source(),
                    new Version(response.seqNo(), response.primaryTerm())));
        } catch (IOException | RuntimeException e) {
            if (status(e) == 404) {
                return Optional.empty();
            }
            throw unavailable("read", e);
        }
    }

    @Override
    public boolean put(String id, Object doc, Version expected) {
        install();
        try {
            client.index(i -> {
                i.index(INDEX).id(id).document(doc);
                if (expected == null) {
                    i.opType(OpType.Create);
                } else {
                    i.ifSeqNo(expected.seqNo()).ifPrimaryTerm(expected.primaryTerm());
                }
                return i;
            });
            return true;
        } catch (IOException | RuntimeException e) {
            if (status(e) == 409) {
                return false;
            }
            throw unavailable("write", e);
        }
    }

    /** The HTTP status OpenSearch answered, however the client reports it (exception or response exception). */
    static int status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OpenSearchException o) {
                return o.status();
            }
            if (t instanceof org.opensearch.client.transport.httpclient5.ResponseException r) {
                return r.status();
            }
        }
        return -1;
    }

    @Override
    public boolean delete(String id, Version expected) {
        install();
        try {
            client.delete(d -> d.index(INDEX).id(id).ifSeqNo(expected.seqNo()).ifPrimaryTerm(expected.primaryTerm()));
            return true;
        } catch (IOException | RuntimeException e) {
            int status = status(e);
            if (status == 409 || status == 404) {
                return status == 404;
            }
            throw unavailable("write", e);
        }
    }

    @Override
    public <T> List<Versioned<T>> list(String kind, Class<T> type, int limit) {
        try {
            var response = client.search(s -> s.index(INDEX).size(limit).seqNoPrimaryTerm(true)
                    .query(q -> q.term(t -> t.field("kind").value(FieldValue.of(kind)))), type);
            return response.hits().hits().stream()
                    .map(h -> new Versioned<>(h.id(), h.source(), new Version(h.seqNo(), h.primaryTerm())))
                    .sorted(java.util.Comparator.comparing(Versioned::id))
                    .toList();
        } catch (IOException | RuntimeException e) {
            if (status(e) == 404) {
                return List.of();
            }
            throw unavailable("read", e);
        }
    }

    private static AuthStoreUnavailableException unavailable(String what, Exception e) {
        LOG.warnf("login state (%s): cannot %s: %s", INDEX, what, e.toString());
        return new AuthStoreUnavailableException("the login state (OpenSearch index " + INDEX + ") cannot be "
                + (what.equals("read") ? "read" : what.equals("write") ? "written" : what)
                + "; logins are refused until it is back", e);
    }

    private void put(String endpoint, String json) {
        try (Response response = client.generic().execute(Requests.builder()
                .method("PUT").endpoint(endpoint).body(Bodies.json(json)).build())) {
            String body = response.getBody().map(b -> new String(b.bodyAsBytes(), StandardCharsets.UTF_8)).orElse("");
            if (response.getStatus() >= 300
                    && !(response.getStatus() == 400 && body.contains("resource_already_exists"))) {
                throw new IllegalStateException("PUT " + endpoint + " failed: " + response.getStatus() + " " + body);
            }
        } catch (IOException e) {
            throw unavailable("installed", e);
        }
    }
}
