package io.mihari.dashboard.status;

import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.dashboard.auth.Scope;
import io.mihari.dashboard.store.Reader;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Language;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.Target;
import io.mihari.model.status.ServiceStatusRule;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
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

    private final CatalogHolder catalog;
    private final Reader reader;

    StatusQueries(CatalogHolder catalog, Reader reader) {
        this.catalog = catalog;
        this.reader = reader;
    }

    public List<ServiceView> services(Scope scope) {
        Catalog c = catalog.get();
        Map<String, TargetDocument> docs = targetDocuments(scope);
        return c.services().stream().filter(s -> scope.canSee(s.id())).map(s -> serviceView(c, s, docs)).toList();
    }

    public Optional<ServiceView> service(Scope scope, String id) {
        Catalog c = catalog.get();
        return c.service(id).filter(s -> scope.canSee(s.id())).map(s -> serviceView(c, s, targetDocuments(scope)));
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
                        null, d.status(), d.since(), false)));
        return views;
    }

    public Optional<TargetView> target(Scope scope, String id) {
        return targets(scope).stream().filter(t -> t.id().equals(id)).findFirst();
    }

    private ServiceView serviceView(Catalog c, Service s, Map<String, TargetDocument> docs) {
        List<TargetView> targets = s.targets().stream().map(t -> targetView(s, t, docs.get(t.id()))).toList();
        Map<String, String> statuses = targets.stream().collect(Collectors.toMap(TargetView::id, TargetView::status));
        var tenant = c.tenant(s.tenant());
        var system = c.system(s.system());
        return new ServiceView(s.id(), s.tenant(), tenant.name().in(Language.JA), tenant.name().in(Language.EN),
                s.system(), system.name().in(Language.JA), system.name().in(Language.EN), s.vendor(),
                c.vendor(s.vendor()).name().in(Language.JA), s.availabilityTarget(),
                ServiceStatusRule.evaluate(s, statuses).name(), targets);
    }

    private static TargetView targetView(Service s, Target t, TargetDocument doc) {
        return new TargetView(t.id(), s.tenant(), t.host(), s.id(), t.role(), t.critical(), t.redundancyGroup(),
                doc == null || doc.status() == null ? "UNKNOWN" : doc.status(), doc == null ? null : doc.since(), true);
    }

    private Map<String, TargetDocument> targetDocuments(Scope scope) {
        return reader.search(r -> r.index("mihari-targets").size(MAX_TARGETS).query(scope.filter()),
                TargetDocument.class).items().stream()
                .collect(Collectors.toMap(TargetDocument::targetId, Function.identity(), (a, b) -> a));
    }
}
