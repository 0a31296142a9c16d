package io.mihari.dashboard.availability;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.mihari.dashboard.auth.Scope;
import io.mihari.model.availability.Attribution;
import io.mihari.model.availability.TargetTransition;
import io.mihari.model.maintenance.MaintenanceWindow;
import jakarta.enterprise.context.ApplicationScoped;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads what an availability computation needs, always inside the viewer's scope: the target transitions of a
 * period with every target's state at its start, the announced maintenance windows, and the incidents attributed
 * outside the vendor's responsibility.
 */
@ApplicationScoped
public class AvailabilityReader {

    private static final int PAGE = 5_000;
    private static final int MAX_TARGETS = 20_000;

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TransitionDoc(String targetId, String serviceId, Instant at, String to, String cause) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AttributedDoc(String id, String serviceId, String attribution, Instant startedAt, Instant mitigatedAt) {
    }

    private final OpenSearchClient client;

    AvailabilityReader(OpenSearchClient client) {
        this.client = client;
    }

    /** Every target transition of these services in [from, to), plus each target's last one before {@code from}. */
    public List<Loaded> transitions(Scope scope, Set<String> serviceIds, Instant from, Instant to) {
        List<Loaded> all = new ArrayList<>(initialStates(scope, serviceIds, from));
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> cursor = after;
            SearchResponse<TransitionDoc> page = search(s -> {
                s.index("mihari-status").size(PAGE).trackTotalHits(t -> t.enabled(false))
                        .query(q -> q.bool(b -> b.filter(scope.filter()).filter(services(serviceIds))
                                .filter(f -> f.term(t -> t.field("scope").value(FieldValue.of("TARGET"))))
                                .filter(f -> f.range(r -> r.field("at").gte(JsonData.of(from.toString()))
                                        .lt(JsonData.of(to.toString()))))))
                        .sort(o -> o.field(f -> f.field("at").order(SortOrder.Asc)))
                        .sort(o -> o.field(f -> f.field("transitionId").order(SortOrder.Asc)));
                if (cursor != null) {
                    s.searchAfter(cursor);
                }
                return s;
            }, TransitionDoc.class);
            if (page == null) {
                break;
            }
            List<Hit<TransitionDoc>> hits = page.hits().hits();
            hits.forEach(h -> all.add(loaded(h.source())));
            if (hits.size() < PAGE) {
                break;
            }
            after = hits.get(hits.size() - 1).sort();
        }
        return all;
    }

    /** The last transition of every target before {@code from}: its state when the period starts. */
    private List<Loaded> initialStates(Scope scope, Set<String> serviceIds, Instant from) {
        SearchResponse<Void> response = search(s -> s.index("mihari-status").size(0)
                .query(q -> q.bool(b -> b.filter(scope.filter()).filter(services(serviceIds))
                        .filter(f -> f.term(t -> t.field("scope").value(FieldValue.of("TARGET"))))
                        .filter(f -> f.range(r -> r.field("at").lt(JsonData.of(from.toString()))))))
                .aggregations("targets", a -> a.terms(t -> t.field("targetId").size(MAX_TARGETS))
                        .aggregations("last", l -> l.topHits(h -> h.size(1)
                                .sort(o -> o.field(f -> f.field("at").order(SortOrder.Desc)))))), Void.class);
        List<Loaded> initial = new ArrayList<>();
        if (response == null || response.aggregations().get("targets") == null) {
            return initial;
        }
        for (var bucket : response.aggregations().get("targets").sterms().buckets().array()) {
            for (var hit : bucket.aggregations().get("last").topHits().hits().hits()) {
                TransitionDoc doc = hit.source().to(TransitionDoc.class);
                initial.add(loaded(doc));
            }
        }
        return initial;
    }

    /** Maintenance windows of these services that are not cancelled. */
    public List<MaintenanceWindow> maintenance(Scope scope, Set<String> serviceIds) {
        SearchResponse<MaintenanceWindow> response = search(s -> s.index("mihari-maintenance").size(10_000)
                .query(q -> q.bool(b -> b.filter(scope.filter()).filter(services(serviceIds))
                        .mustNot(m -> m.exists(e -> e.field("cancelledAt"))))), MaintenanceWindow.class);
        return response == null ? List.of() : response.hits().hits().stream().map(Hit::source).toList();
    }

    /** The incidents attributed to someone other than the vendor that overlap [from, to), as intervals. */
    public List<Attributed> attributions(Scope scope, Set<String> serviceIds, Instant from, Instant to) {
        SearchResponse<AttributedDoc> response = search(s -> s.index("mihari-incidents").size(10_000)
                .query(q -> q.bool(b -> b.filter(scope.filter()).filter(services(serviceIds))
                        .filter(f -> f.exists(e -> e.field("attribution")))
                        .mustNot(m -> m.term(t -> t.field("attribution").value(FieldValue.of("VENDOR"))))
                        .filter(f -> f.range(r -> r.field("startedAt").lt(JsonData.of(to.toString()))))
                        .mustNot(m -> m.range(r -> r.field("mitigatedAt").lt(JsonData.of(from.toString())))))),
                AttributedDoc.class);
        List<Attributed> all = new ArrayList<>();
        if (response == null) {
            return all;
        }
        for (Hit<AttributedDoc> h : response.hits().hits()) {
            AttributedDoc d = h.source();
            Instant end = d.mitigatedAt() == null || d.mitigatedAt().isAfter(to) ? to : d.mitigatedAt();
            if (d.startedAt() != null && end.isAfter(d.startedAt())) {
                all.add(new Attributed(d.serviceId(), new Attribution(d.startedAt(), end, d.attribution(), d.id())));
            }
        }
        return all;
    }

    /** A transition and the service of its target. */
    public record Loaded(String serviceId, TargetTransition transition) {
    }

    /** An attribution interval and its service. */
    public record Attributed(String serviceId, Attribution attribution) {
    }

    private static Loaded loaded(TransitionDoc d) {
        return new Loaded(d.serviceId(), new TargetTransition(d.targetId(), d.at(), d.to(), d.cause()));
    }

    private static Query services(Set<String> serviceIds) {
        List<FieldValue> ids = serviceIds.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field("serviceId").terms(v -> v.value(ids))));
    }

    private <T> SearchResponse<T> search(
            java.util.function.Function<org.opensearch.client.opensearch.core.SearchRequest.Builder,
                    org.opensearch.client.util.ObjectBuilder<org.opensearch.client.opensearch.core.SearchRequest>> request,
            Class<T> type) {
        try {
            return client.search(request, type);
        } catch (OpenSearchException e) {
            if (e.status() == 404) {
                return null; // nothing stored yet
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("OpenSearch is not reachable", e);
        }
    }
}
