package io.mihari.dashboard.availability;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.mihari.dashboard.auth.Scope;
import io.mihari.dashboard.store.Reader;
import io.mihari.model.availability.Availability;
import jakarta.enterprise.context.ApplicationScoped;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;

import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The frozen monthly reports alert-service keeps in {@code mihari-reports}, every revision. */
@ApplicationScoped
public class FrozenReports {

    /** One revision of a month's report of record. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Revision(String reportId, String serviceId, String month, int revision, Instant frozenAt,
            String frozenBy, String reason, String commandId, Availability availability) {
    }

    /** What the views say about the report of record (the figures are the revision's own). */
    public record Report(int revision, Instant frozenAt, String frozenBy, String reason) {
        static Report of(Revision r) {
            return new Report(r.revision(), r.frozenAt(), r.frozenBy(), r.reason());
        }
    }

    private final Reader reader;

    FrozenReports(Reader reader) {
        this.reader = reader;
    }

    /** The latest revision of each of these services' month, if frozen. */
    public Map<String, Revision> latest(Scope scope, Set<String> serviceIds, YearMonth month) {
        return latest(scope, serviceIds, month, false);
    }

    /** @param summary without each month's days and lines (an overview needs only the figures) */
    public Map<String, Revision> latest(Scope scope, Set<String> serviceIds, YearMonth month, boolean summary) {
        List<FieldValue> ids = serviceIds.stream().map(FieldValue::of).toList();
        Map<String, Revision> latest = new HashMap<>();
        reader.search(r -> r.index("mihari-reports").size(10_000)
                .source(x -> summary ? x.filter(f -> f.excludes("availability.days", "availability.intervals"))
                        : x.fetch(true))
                .query(q -> q.bool(b -> b.filter(scope.filter())
                        .filter(f -> f.terms(t -> t.field("serviceId").terms(v -> v.value(ids))))
                        .filter(f -> f.term(t -> t.field("month").value(FieldValue.of(month.toString()))))))
                .collapse(c -> c.field("serviceId"))
                .sort(s -> s.field(f -> f.field("revision").order(SortOrder.Desc))), Revision.class)
                .items().forEach(r -> latest.put(r.serviceId(), r));
        return latest;
    }

    /**
     * The latest revision of each of these services' months (figures only, without days and lines): per service, per
     * month; a month without a report of record is absent. One read for a quarter's or a year's months.
     */
    public Map<String, Map<YearMonth, Revision>> latestOfMonths(Scope scope, Set<String> serviceIds,
            List<YearMonth> months) {
        List<FieldValue> ids = serviceIds.stream().map(FieldValue::of).toList();
        List<FieldValue> monthValues = months.stream().map(m -> FieldValue.of(m.toString())).toList();
        Map<String, Map<YearMonth, Revision>> latest = new HashMap<>();
        reader.search(r -> r.index("mihari-reports").size(10_000)
                .source(x -> x.filter(f -> f.excludes("availability.days", "availability.intervals")))
                .query(q -> q.bool(b -> b.filter(scope.filter())
                        .filter(f -> f.terms(t -> t.field("serviceId").terms(v -> v.value(ids))))
                        .filter(f -> f.terms(t -> t.field("month").terms(v -> v.value(monthValues))))))
                .sort(s -> s.field(f -> f.field("revision").order(SortOrder.Asc))), Revision.class)
                .items().forEach(r -> latest.computeIfAbsent(r.serviceId(), k -> new HashMap<>())
                        .put(YearMonth.parse(r.month()), r));
        return latest;
    }

    /** Every revision of a service's month, oldest first (the log of corrections). */
    public List<Revision> revisions(Scope scope, String serviceId, YearMonth month) {
        return reader.search(r -> r.index("mihari-reports").size(1000)
                .query(q -> q.bool(b -> b.filter(scope.filter())
                        .filter(f -> f.term(t -> t.field("serviceId").value(FieldValue.of(serviceId))))
                        .filter(f -> f.term(t -> t.field("month").value(FieldValue.of(month.toString()))))))
                .sort(s -> s.field(f -> f.field("revision").order(SortOrder.Asc))), Revision.class).items();
    }
}
