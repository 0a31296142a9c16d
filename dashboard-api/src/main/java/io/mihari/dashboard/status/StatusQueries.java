package io.mihari.dashboard.status;

import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.dashboard.auth.Scope;
import io.mihari.dashboard.config.DashboardConfig;
import io.mihari.dashboard.store.Newest;
import io.mihari.dashboard.store.Reader;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Language;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.Target;
import io.mihari.model.status.ServiceStatusRule;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.enterprise.context.ApplicationScoped;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Current status of services and targets: the catalog joined with what alert-service recorded. */
@ApplicationScoped
public class StatusQueries {

    /** Upper bound of targets read at once; the catalogs we serve have hundreds. */
    static final int MAX_TARGETS = 5000;
    /** How far back an application's operating status still counts as what it says now. */
    static final Duration OPERATING_WINDOW = Duration.ofDays(7);
    static final int MAX_OPERATING = 2000;

    private final CatalogHolder catalog;
    private final Reader reader;
    private final Clock clock;
    private final DashboardConfig.ClockSkew skew;

    StatusQueries(CatalogHolder catalog, Reader reader, Clock clock, DashboardConfig config) {
        this.catalog = catalog;
        this.reader = reader;
        this.clock = clock;
        this.skew = config.clockSkew();
    }

    public List<ServiceView> services(Scope scope) {
        Catalog c = catalog.get();
        Map<String, TargetDocument> docs = targetDocuments(scope);
        Map<String, List<OperatingView>> operating = operating(scope);
        return c.services().stream().filter(s -> scope.canSee(s.id()))
                .map(s -> serviceView(c, s, docs, operating.getOrDefault(s.id(), List.of()))).toList();
    }

    public Optional<ServiceView> service(Scope scope, String id) {
        Catalog c = catalog.get();
        return c.service(id).filter(s -> scope.canSee(s.id()))
                .map(s -> serviceView(c, s, targetDocuments(scope), operating(scope).getOrDefault(s.id(), List.of())));
    }

    /**
     * The latest operating status 稼働状況 of every application the viewer may see, per service, newest first: the
     * newest OPERATING_STATUS event of each (service, server, application) of the last {@link #OPERATING_WINDOW}
     * (an application silent for longer says nothing any more). Reads at most {@link #MAX_OPERATING} events, newest
     * first: applications report every minute or so, so every one of them is among those.
     */
    public Map<String, List<OperatingView>> operating(Scope scope) {
        Instant since = clock.instant().minus(OPERATING_WINDOW);
        List<OperatingDocument> docs = reader.search(r -> Newest.first(r.index("mihari-events-*")
                .size(MAX_OPERATING).ignoreUnavailable(true).allowNoIndices(true)
                .query(q -> q.bool(b -> b.filter(scope.filter())
                        .filter(f -> f.term(t -> t.field("type").value(FieldValue.of("OPERATING_STATUS"))))
                        .filter(f -> f.range(x -> x.field("receivedAt").gte(JsonData.of(since.toString()))))))),
                OperatingDocument.class).items();
        Map<String, OperatingView> latest = new LinkedHashMap<>();
        for (OperatingDocument d : docs) {
            if (d.operating() == null || d.serviceId() == null || d.operating().application() == null) {
                continue;
            }
            latest.putIfAbsent(d.serviceId() + "|" + d.targetId() + "|" + d.operating().application(),
                    new OperatingView(d.serviceId(), d.targetId(), d.operating().application(),
                            d.operating().status(), d.operating().message(), d.occurredAt()));
        }
        Map<String, List<OperatingView>> byService = new LinkedHashMap<>();
        latest.values().forEach(v -> byService.computeIfAbsent(v.serviceId(), k -> new ArrayList<>()).add(v));
        return byService;
    }

    /** An OPERATING_STATUS event as alert-service stores it (only the fields read here). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OperatingDocument(Instant occurredAt, String serviceId, String targetId, Operating operating) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record Operating(String application, String status, String message) {
        }
    }

    /**
     * Every target the viewer may see: those of its services in the catalog (UNKNOWN until heard) and, for
     * administrators, unregistered hosts that sent events.
     */
    public List<TargetView> targets(Scope scope) {
        Catalog c = catalog.get();
        Map<String, TargetDocument> docs = targetDocuments(scope);
        List<TargetView> views = new ArrayList<>();
        for (Service s : c.services()) {
            if (scope.canSee(s.id())) {
                s.targets().forEach(t -> views.add(targetView(s, t, docs.get(t.id()))));
            }
        }
        docs.values().stream().filter(d -> scope.admin() && c.target(d.targetId()).isEmpty())
                .sorted(Comparator.comparing(TargetDocument::targetId))
                .forEach(d -> views.add(new TargetView(d.targetId(), d.tenant(), d.host(), d.serviceId(), null, false,
                        null, d.status(), d.since(), false, offset(d), null, true)));
        return views;
    }

    public Optional<TargetView> target(Scope scope, String id) {
        return targets(scope).stream().filter(t -> t.id().equals(id)).findFirst();
    }

    private ServiceView serviceView(Catalog c, Service s, Map<String, TargetDocument> docs,
            List<OperatingView> operating) {
        List<TargetView> targets = s.targets().stream().map(t -> targetView(s, t, docs.get(t.id()))).toList();
        Map<String, String> statuses = targets.stream().collect(Collectors.toMap(TargetView::id, TargetView::status));
        var tenant = c.tenant(s.tenant());
        var system = c.system(s.system());
        return new ServiceView(s.id(), s.tenant(), tenant.name().in(Language.JA), tenant.name().in(Language.EN),
                s.system(), system.name().in(Language.JA), system.name().in(Language.EN), s.vendor(),
                c.vendor(s.vendor()).name().in(Language.JA), c.vendor(s.vendor()).name().in(Language.EN),
                s.availabilityTarget(), ServiceStatusRule.evaluate(s, statuses).name(), targets, operating);
    }

    private TargetView targetView(Service s, Target t, TargetDocument doc) {
        return new TargetView(t.id(), s.tenant(), t.host(), s.id(), t.role(), t.critical(), t.redundancyGroup(),
                doc == null || doc.status() == null ? "UNKNOWN" : doc.status(), doc == null ? null : doc.since(), true,
                doc == null ? null : offset(doc), t.environment().yamlName(), t.notified());
    }

    /** The agent's latest clock offset stored in its document, with its level by this dashboard's settings. */
    private ClockOffset offset(TargetDocument doc) {
        return ClockOffset.of(doc.clockOffsetSeconds(), doc.clockOffsetAt(), skew.warning(), skew.major());
    }

    private Map<String, TargetDocument> targetDocuments(Scope scope) {
        return reader.search(r -> r.index("mihari-targets").size(MAX_TARGETS).query(scope.filter()),
                TargetDocument.class).items().stream()
                .collect(Collectors.toMap(TargetDocument::targetId, Function.identity(), (a, b) -> a));
    }
}
