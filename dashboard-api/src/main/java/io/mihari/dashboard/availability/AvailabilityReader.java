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
import java.util.Map;
import java.util.Set;

/**
 * Reads what an availability computation needs, always inside the viewer's scope: the target transitions of a
 * period with every target's state at its start, the announced maintenance windows, and the incidents' attributions
 * (as recorded, and as each service's own figure reads them).
 */
@ApplicationScoped
public class AvailabilityReader {

    private static final int PAGE = 10_000;
    /** Targets whose starting state one request reads (OpenSearch's result window). */
    private static final int MAX_TARGETS = 10_000;
    /** Services whose starting states are read together. */
    private static final int SERVICES_PER_READ = 250;

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AttributedDoc(String id, String serviceId, String attribution, Instant startedAt, Instant mitigatedAt) {
    }

    private final OpenSearchClient client;
    private final io.mihari.dashboard.catalog.CatalogHolder catalog;

    AvailabilityReader(OpenSearchClient client, io.mihari.dashboard.catalog.CatalogHolder catalog) {
        this.client = client;
        this.catalog = catalog;
    }

    /** Every target transition of these services in [from, to), plus each target's last one before {@code from}. */
    public List<Loaded> transitions(Scope scope, Set<String> serviceIds, Instant from, Instant to) {
        return transitions(scope, serviceIds, from, to, null);
    }

    /**
     * As {@link #transitions(Scope, Set, Instant, Instant)}, every search with this {@code preference} (the same
     * shard copies as {@link #fingerprints} with the same preference), or none when null.
     */
    List<Loaded> transitions(Scope scope, Set<String> serviceIds, Instant from, Instant to, String preference) {
        List<Loaded> all = new ArrayList<>(initialStates(scope, serviceIds, from, preference));
        readTransitions(Query.of(q -> q.bool(b -> b.filter(scope.filter()).filter(services(serviceIds))
                .filter(f -> f.range(r -> r.field("at").gte(JsonData.of(from.toString()))
                        .lt(JsonData.of(to.toString())))))), preference, all);
        return all;
    }

    /**
     * Every target transition matching {@code filter}, added to {@code into} sorted by instant, then transition id:
     * read page by page, doc values only (no {@code _source}: the fetch is what costs when a month has 100,000).
     */
    private void readTransitions(Query filter, String preference, List<Loaded> into) {
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> cursor = after;
            SearchResponse<Void> page = search(s -> {
                preference(s, preference).index("mihari-status").size(PAGE).trackTotalHits(t -> t.enabled(false))
                        .source(x -> x.fetch(false))
                        .docvalueFields(f -> f.field("targetId")).docvalueFields(f -> f.field("serviceId"))
                        .docvalueFields(f -> f.field("to")).docvalueFields(f -> f.field("cause"))
                        .docvalueFields(f -> f.field("at").format("epoch_millis"))
                        .query(q -> q.bool(b -> b.filter(filter)
                                .filter(f -> f.term(t -> t.field("scope").value(FieldValue.of("TARGET"))))))
                        .sort(o -> o.field(f -> f.field("at").order(SortOrder.Asc)))
                        .sort(o -> o.field(f -> f.field("transitionId").order(SortOrder.Asc)));
                if (cursor != null) {
                    s.searchAfter(cursor);
                }
                return s;
            }, Void.class);
            if (page == null) {
                break;
            }
            List<Hit<Void>> hits = page.hits().hits();
            hits.forEach(h -> into.add(fromFields(h.fields())));
            if (hits.size() < PAGE) {
                break;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }

    /** Services whose tails one request reads (two clauses each, well under OpenSearch's clause limit). */
    private static final int SERVICES_PER_TAIL = 200;

    /**
     * Every target transition of each service at or after its own instant in {@code since} and before {@code to}
     * (no starting states), sorted as {@link #transitions} sorts a period: by instant, then transition id. What the
     * month so far reads of a service whose stored transitions only grew at their end (docs/availability.md).
     */
    List<Loaded> transitionsSince(Scope scope, Map<String, Instant> since, Instant to, String preference) {
        List<Loaded> all = new ArrayList<>();
        List<String> ids = new ArrayList<>(since.keySet());
        for (int i = 0; i < ids.size(); i += SERVICES_PER_TAIL) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + SERVICES_PER_TAIL));
            List<Query> tails = new ArrayList<>();
            for (String id : chunk) {
                Instant from = since.get(id);
                tails.add(Query.of(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("serviceId")
                        .value(FieldValue.of(id)))).filter(f -> f.range(r -> r.field("at")
                        .gte(JsonData.of(from.toString())))))));
            }
            readTransitions(Query.of(q -> q.bool(b -> b.filter(scope.filter())
                    .filter(f -> f.range(r -> r.field("at").lt(JsonData.of(to.toString()))))
                    .filter(f -> f.bool(x -> x.should(tails).minimumShouldMatch("1"))))), preference, all);
        }
        return all;
    }

    /** The last transition of every target before {@code from} (its state when the period starts): one per target. */
    private List<Loaded> initialStates(Scope scope, Set<String> serviceIds, Instant from, String preference) {
        List<Loaded> initial = new ArrayList<>();
        List<String> ids = new ArrayList<>(serviceIds);
        for (int i = 0; i < ids.size(); i += SERVICES_PER_READ) {
            Set<String> chunk = new java.util.LinkedHashSet<>(ids.subList(i, Math.min(ids.size(), i + SERVICES_PER_READ)));
            List<Loaded> part = initialStates(scope, chunk, from, MAX_TARGETS, preference);
            if (part.size() >= MAX_TARGETS) {
                // never a silently wrong figure: more targets than one read returns
                throw new IllegalStateException("more than " + MAX_TARGETS + " targets in " + chunk.size()
                        + " services: cannot read their starting states at once");
            }
            initial.addAll(part);
        }
        return initial;
    }

    private List<Loaded> initialStates(Scope scope, Set<String> serviceIds, Instant from, int max,
            String preference) {
        SearchResponse<Void> response = search(s -> preference(s, preference).index("mihari-status").size(max)
                .trackTotalHits(t -> t.enabled(false)).source(x -> x.fetch(false))
                .docvalueFields(f -> f.field("targetId")).docvalueFields(f -> f.field("serviceId"))
                .docvalueFields(f -> f.field("to")).docvalueFields(f -> f.field("cause"))
                .docvalueFields(f -> f.field("at").format("epoch_millis"))
                .query(q -> q.bool(b -> b.filter(scope.filter()).filter(services(serviceIds))
                        .filter(f -> f.term(t -> t.field("scope").value(FieldValue.of("TARGET"))))
                        .filter(f -> f.range(r -> r.field("at").lt(JsonData.of(from.toString()))))))
                .collapse(c -> c.field("targetId"))
                .sort(o -> o.field(f -> f.field("at").order(SortOrder.Desc))), Void.class);
        List<Loaded> initial = new ArrayList<>();
        if (response != null) {
            response.hits().hits().forEach(h -> initial.add(fromFields(h.fields())));
        }
        return initial;
    }

    private static org.opensearch.client.opensearch.core.SearchRequest.Builder preference(
            org.opensearch.client.opensearch.core.SearchRequest.Builder s, String preference) {
        return preference == null ? s : s.preference(preference);
    }

    /**
     * What tells whether a service's stored target transitions changed (docs/availability.md, "Month so far"): per
     * service, how many it has before {@code from} and the latest of them, and how many it has in [from, to) with
     * the sum, the first and the last of their instants. Stored transitions are only ever added (their id is
     * target|to|at), so a new one — late or not — changes the count and any other change changes the count or the
     * instants.
     *
     * @param before transitions before {@code from} (the targets' starting states come from them)
     * @param beforeLast the latest instant of those (epoch ms; -∞ when none)
     * @param inRange transitions in [from, to)
     * @param sum Σ of their instants (epoch ms, as OpenSearch sums them)
     */
    public record Fingerprint(long before, double beforeLast, long inRange, double sum, double first, double last) {

        /** A service without any stored target transition. */
        static final Fingerprint NONE = new Fingerprint(0, Double.NEGATIVE_INFINITY, 0, 0,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    /** Services whose fingerprints one request reads (three buckets each, well under OpenSearch's bucket limit). */
    private static final int SERVICES_PER_FINGERPRINT = 5_000;

    /**
     * The {@link Fingerprint} of each of these services' target transitions up to {@code to} (a service without any
     * is {@link Fingerprint#NONE}): one aggregation, no document fetched.
     */
    Map<String, Fingerprint> fingerprints(Scope scope, Set<String> serviceIds, Instant from, Instant to,
            String preference) {
        Map<String, Fingerprint> result = new java.util.HashMap<>();
        serviceIds.forEach(id -> result.put(id, Fingerprint.NONE));
        List<String> ids = new ArrayList<>(serviceIds);
        for (int i = 0; i < ids.size(); i += SERVICES_PER_FINGERPRINT) {
            Set<String> chunk = new java.util.LinkedHashSet<>(ids.subList(i,
                    Math.min(ids.size(), i + SERVICES_PER_FINGERPRINT)));
            SearchResponse<Void> response = search(s -> preference(s, preference).index("mihari-status").size(0)
                    .trackTotalHits(t -> t.enabled(false))
                    .query(q -> q.bool(b -> b.filter(scope.filter()).filter(services(chunk))
                            .filter(f -> f.term(t -> t.field("scope").value(FieldValue.of("TARGET"))))
                            .filter(f -> f.range(r -> r.field("at").lt(JsonData.of(to.toString()))))))
                    .aggregations("services", a -> a.terms(t -> t.field("serviceId").size(chunk.size()))
                            .aggregations("before", b -> b.filter(f -> f.range(r -> r.field("at")
                                    .lt(JsonData.of(from.toString()))))
                                    .aggregations("last", m -> m.max(x -> x.field("at"))))
                            .aggregations("range", b -> b.filter(f -> f.range(r -> r.field("at")
                                    .gte(JsonData.of(from.toString()))))
                                    .aggregations("stats", m -> m.stats(x -> x.field("at"))))), Void.class);
            if (response == null) {
                continue;
            }
            var services = response.aggregations().get("services");
            if (services == null || !services.isSterms()) {
                continue;
            }
            for (var bucket : services.sterms().buckets().array()) {
                var before = bucket.aggregations().get("before").filter();
                var range = bucket.aggregations().get("range").filter();
                var stats = range.aggregations().get("stats").stats();
                Double last = before.aggregations().get("last").max().value();
                result.put(bucket.key(), new Fingerprint(before.docCount(),
                        before.docCount() == 0 || last == null ? Double.NEGATIVE_INFINITY : last, range.docCount(),
                        range.docCount() == 0 ? 0 : stats.sum(),
                        range.docCount() == 0 ? Double.POSITIVE_INFINITY : orNaN(stats.min()),
                        range.docCount() == 0 ? Double.NEGATIVE_INFINITY : orNaN(stats.max())));
            }
        }
        return result;
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static Loaded fromFields(java.util.Map<String, JsonData> fields) {
        String at = first(fields, "at");
        return new Loaded(first(fields, "serviceId"), new TargetTransition(first(fields, "targetId"),
                Instant.ofEpochMilli((long) Double.parseDouble(at)), first(fields, "to"), first(fields, "cause")));
    }

    private static String first(java.util.Map<String, JsonData> fields, String name) {
        JsonData value = fields.get(name);
        if (value == null) {
            return null;
        }
        jakarta.json.JsonValue json = value.toJson();
        jakarta.json.JsonValue item = json instanceof jakarta.json.JsonArray array && !array.isEmpty() ? array.get(0) : json;
        return item instanceof jakarta.json.JsonString str ? str.getString() : item.toString();
    }

    /**
     * Every maintenance window of these services that reaches into [from, to): requested, approved, rejected and
     * withdrawn alike. The computation counts only what {@link MaintenanceWindow#intervals} plans (an approved window,
     * a withdrawn one until its withdrawal); the monthly report lists them all.
     */
    public List<MaintenanceWindow> maintenance(Scope scope, Set<String> serviceIds, Instant from, Instant to) {
        SearchResponse<MaintenanceWindow> response = search(s -> s.index("mihari-maintenance").size(10_000)
                .query(q -> q.bool(b -> b.filter(scope.filter()).filter(services(serviceIds))
                        .filter(f -> f.range(r -> r.field("start").lt(JsonData.of(to.toString()))))
                        .mustNot(m -> m.range(r -> r.field("end").lte(JsonData.of(from.toString()))))))
                .sort(o -> o.field(f -> f.field("start").order(org.opensearch.client.opensearch._types.SortOrder.Asc))),
                MaintenanceWindow.class);
        return response == null ? List.of() : response.hits().hits().stream().map(Hit::source).toList();
    }

    /**
     * The incidents with an attribution 責任区分 that overlap [from, to), as intervals, {@code VENDOR} ones included:
     * each with its attribution as recorded and as the service's own figure reads it
     * ({@link io.mihari.model.catalog.Catalog#attributionForFigure}: {@code CLOUD} on the cloud provider's own
     * service is {@code VENDOR} there, i.e. counts against it; {@code CARRIER} on the carrier's own service likewise).
     */
    public List<Attributed> attributions(Scope scope, Set<String> serviceIds, Instant from, Instant to) {
        SearchResponse<AttributedDoc> response = search(s -> s.index("mihari-incidents").size(10_000)
                .query(q -> q.bool(b -> b.filter(scope.filter()).filter(services(serviceIds))
                        .filter(f -> f.exists(e -> e.field("attribution")))
                        .filter(f -> f.range(r -> r.field("startedAt").lt(JsonData.of(to.toString()))))
                        .mustNot(m -> m.range(r -> r.field("mitigatedAt").lt(JsonData.of(from.toString())))))),
                AttributedDoc.class);
        List<Attributed> all = new ArrayList<>();
        if (response == null) {
            return all;
        }
        io.mihari.model.catalog.Catalog c = catalog.get();
        for (Hit<AttributedDoc> h : response.hits().hits()) {
            AttributedDoc d = h.source();
            Instant end = d.mitigatedAt() == null || d.mitigatedAt().isAfter(to) ? to : d.mitigatedAt();
            if (d.startedAt() != null && end.isAfter(d.startedAt())) {
                String forFigure = c.service(d.serviceId()).map(s -> c.attributionForFigure(s, d.attribution()))
                        .orElse(d.attribution());
                all.add(new Attributed(d.serviceId(), new Attribution(d.startedAt(), end, forFigure, d.id()),
                        new Attribution(d.startedAt(), end, d.attribution(), d.id())));
            }
        }
        return all;
    }

    /** A transition and the service of its target. */
    public record Loaded(String serviceId, TargetTransition transition) {
    }

    /**
     * An attribution interval and its service.
     *
     * @param attribution as the service's own figure reads it ({@code VENDOR} when it names the service's own party)
     * @param recorded as set on the incident (what a component's owner, a ledger or a report names)
     */
    public record Attributed(String serviceId, Attribution attribution, Attribution recorded) {

        /** Whether the service's figure excludes it (the time is not the service's own party's). */
        public boolean excludedFromFigure() {
            return !attribution.vendorsResponsibility();
        }
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
