package io.mihari.alert.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.mihari.alert.detect.Detection;
import io.mihari.alert.incident.Incident;
import jakarta.enterprise.context.ApplicationScoped;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch.core.search.Hit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Reads back what alert-service stored, to rebuild its state after a restart. */
@ApplicationScoped
public class StateReader {

    /** Upper bounds of one read; the catalogs we serve have hundreds of targets and few open incidents. */
    static final int MAX_TARGETS = 10_000;
    static final int MAX_OPEN_INCIDENTS = 2_000;

    private final OpenSearchClient client;

    StateReader(OpenSearchClient client) {
        this.client = client;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TargetDoc(String targetId, String status) {
    }

    public List<Detection.StoredTarget> targets() {
        try {
            return client.search(s -> s.index(Indices.TARGETS).size(MAX_TARGETS), TargetDoc.class).hits().hits().stream()
                    .map(Hit::source).map(d -> new Detection.StoredTarget(d.targetId(), d.status())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Indices.TARGETS + " to restore state", e);
        }
    }

    public List<Incident> openIncidents() {
        try {
            return client.search(s -> s.index(Indices.INCIDENTS).size(MAX_OPEN_INCIDENTS)
                    .query(q -> q.term(t -> t.field("status").value(FieldValue.of("OPEN")))), Incident.class)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Indices.INCIDENTS + " to restore state", e);
        }
    }
}
